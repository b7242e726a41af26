//! Streams components that break the contract, or misbehave, in every way a
//! stream call can: counts too high and too low, bytes stored beside the
//! range or the ring or wrong, a ring that stops before its stream ends, a
//! stream that carries too few, too many or the wrong bytes or never ends, a
//! call that never reads, stalls midway, traps, panics or spins. Each ends `--streams` (and `--streams --inspect`) with
//! one line naming the file and what happened, exit status 1, within the
//! time limit, and no panic of the runner; a component that prints while a
//! stream call runs is shown printing.
//!
//! Each lie replaces a part of an honest fixture
//! (`fixtures::lying_streams_component`: a 32-byte buffer at 1024, filled
//! and drained through streams), which itself runs the whole lesson.

use linear_memory_host::{Answer, Call, Checked, Host, Limits, Sent, Value};

use super::{fixtures, runner};

/// A lie: the parts of the honest fixture it replaces, and the end of the
/// line it must give, after `error: PATH `. `{..}` stands for a number.
struct Lie {
    name: &'static str,
    parts: &'static [(&'static str, &'static str)],
    line: &'static str,
}

const LIES: &[Lie] = &[
    Lie {
        name: "write-count-too-high",
        parts: &[("count", "(i32.add (global.get $stored) (i32.const 1))")],
        line: "broke the contract: write-via-stream(0, 32, <stream of 32 bytes>) returned ok(33), expected ok(32)",
    },
    Lie {
        name: "write-count-too-low",
        parts: &[("count", "(i32.sub (global.get $stored) (i32.const 1))")],
        line: "broke the contract: write-via-stream(0, 32, <stream of 32 bytes>) returned ok(31), expected ok(32)",
    },
    Lie {
        name: "stores-beside-its-range",
        parts: &[(
            "after-write",
            "(memory.fill (global.get $r_at) (i32.const 170) (i32.const 16))",
        )],
        line: "broke the contract: after write-via-stream(4, 16, <stream of 4 bytes>), byte 8 of the buffer holds 170, expected {..} (outside the bytes it stored, 4..8)",
    },
    Lie {
        name: "stores-the-wrong-bytes",
        parts: &[(
            "after-write",
            "(i32.store8 (i32.const 1024) (i32.xor (i32.load8_u (i32.const 1024)) (i32.const 1)))",
        )],
        line: "broke the contract: after write-via-stream(0, 32, <stream of 32 bytes>), byte 0 of the buffer holds {..}, expected {..} (inside its range)",
    },
    Lie {
        name: "never-reads",
        parts: &[("write-entry", fixtures::WAITS_FOR_EVER)],
        line: "trapped in write-via-stream(0, 32, <stream of 32 bytes>): stopped: it was still waiting at the time limit (--timeout-ms)",
    },
    Lie {
        name: "stalls-midway",
        parts: &[(
            "write-entry",
            "(drop (call $stream_read (local.get 2) (i32.add (i32.const 1024) (local.get 0))
               (i32.shr_u (local.get 1) (i32.const 1))))
             (call $wait_in (call $waitable_set_new))",
        )],
        line: "trapped in write-via-stream(0, 32, <stream of 32 bytes>): stopped: it was still waiting at the time limit (--timeout-ms)",
    },
    Lie {
        name: "traps",
        parts: &[("write-entry", "unreachable")],
        line: "trapped in write-via-stream(0, 32, <stream of 32 bytes>): wasm trap: wasm `unreachable` instruction executed",
    },
    Lie {
        // What a Rust guest's panic does: the message to stderr, then a trap.
        name: "panics",
        parts: &[
            ("text", r#"(data (i32.const 3072) "panicked: boom!\n")"#),
            ("write-entry", "(call $print_stderr) unreachable"),
        ],
        line: "trapped in write-via-stream(0, 32, <stream of 32 bytes>): wasm trap: wasm `unreachable` instruction executed",
    },
    Lie {
        name: "spins",
        parts: &[("write-entry", "(loop (br 0)) unreachable")],
        line: "trapped in write-via-stream(0, 32, <stream of 32 bytes>): stopped: it ran past the time limit (--timeout-ms)",
    },
    Lie {
        name: "ring-count-too-high",
        parts: &[("ring-count", "(i64.add (global.get $g_came) (i64.const 1))")],
        line: "broke the contract: write-ring-via-stream(<stream of 80 bytes>) returned 81, expected 80",
    },
    Lie {
        name: "ring-stops-after-a-round",
        parts: &[(
            "ring-reads-on",
            "(i64.lt_u (global.get $g_came) (i64.const 32))",
        )],
        line: "broke the contract: write-ring-via-stream(<stream of 80 bytes>) returned 32, expected 80",
    },
    Lie {
        name: "ring-stores-beside-the-ring",
        parts: &[("ring-from", "(i32.const 1025)")],
        line: "broke the contract: after write-ring-via-stream(<stream of 80 bytes>), byte 0 of the buffer holds {..}, expected {..} (inside its range)",
    },
    Lie {
        name: "ring-never-reads",
        parts: &[("ring-entry", fixtures::WAITS_FOR_EVER)],
        line: "trapped in write-ring-via-stream(<stream of 80 bytes>): stopped: it was still waiting at the time limit (--timeout-ms)",
    },
    Lie {
        name: "ring-stalls-after-a-round",
        parts: &[(
            "ring-entry",
            "(drop (call $ring_read (local.get 0) (i32.const 1024) (i32.const 32)))
             (call $wait_in (call $waitable_set_new))",
        )],
        line: "trapped in write-ring-via-stream(<stream of 80 bytes>): stopped: it was still waiting at the time limit (--timeout-ms)",
    },
    Lie {
        name: "sends-a-byte-too-few",
        parts: &[("read-len", "(i32.sub (local.get $len) (i32.const 1))")],
        line: "broke the contract: read-via-stream(0, 32) carried 31 bytes, expected 32",
    },
    Lie {
        name: "sends-a-byte-too-many",
        parts: &[("read-len", "(i32.add (local.get $len) (i32.const 1))")],
        line: "broke the contract: read-via-stream(0, 32) carried 33 bytes, expected 32",
    },
    Lie {
        name: "sends-the-wrong-bytes",
        parts: &[(
            "read-from",
            "(i32.add (i32.const 1025) (local.get $offset))",
        )],
        line: "broke the contract: read-via-stream(0, 32) carried {..} at byte 0, expected {..} (the byte at 0)",
    },
    Lie {
        name: "changes-the-buffer-it-sends",
        parts: &[(
            "read-end",
            "(i32.store8 (i32.const 1024) (i32.xor (i32.load8_u (i32.const 1024)) (i32.const 1)))
             (call $drop_writable (global.get $w_end)) (i32.const 0)",
        )],
        line: "broke the contract: after read-via-stream(0, 32), byte 0 of the buffer holds {..}, expected {..} (it was to change nothing)",
    },
    Lie {
        name: "never-ends-its-stream",
        parts: &[("read-end", "(call $wait_in (call $waitable_set_new))")],
        line: "trapped in read-via-stream(0, 32): stopped: it was still waiting at the time limit (--timeout-ms)",
    },
];

/// `--streams` (and `args`) on `path` with a short time limit: its exit
/// status, stdout and stderr.
fn streams(path: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let common = ["--streams", "--timeout-ms", "300", "--component", path];
    let output = runner(&[&common[..], args].concat());
    let text = |bytes| String::from_utf8(bytes).unwrap();
    (
        output.status.code(),
        text(output.stdout),
        text(output.stderr),
    )
}

/// Whether `line` is `pattern`, where `{..}` in the pattern stands for a
/// number.
fn matches(line: &str, pattern: &str) -> bool {
    let mut rest = line;
    for (i, piece) in pattern.split("{..}").enumerate() {
        if i > 0 {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        let Some(after) = rest.strip_prefix(piece) else {
            return false;
        };
        rest = after;
    }
    rest.is_empty()
}

#[test]
fn the_honest_streams_fixture_runs_the_whole_lesson() {
    let path = fixtures::file(
        "stream-lies-honest.wasm",
        &fixtures::lying_streams_component(&[]),
    );
    for args in [&[][..], &["--inspect"]] {
        let (status, stdout, stderr) = streams(path.to_str().unwrap(), args);
        assert_eq!(status, Some(0), "{args:?}: {stderr}");
        assert!(
            stdout.contains("read-via-stream(4, 4) -> ok([4 bytes, as stored])"),
            "{stdout}"
        );
    }
}

#[test]
fn every_stream_lie_is_one_line_naming_the_file_and_what_happened() {
    for lie in LIES {
        let bytes = fixtures::lying_streams_component(lie.parts);
        let path = fixtures::file(&format!("stream-lie-{}.wasm", lie.name), &bytes);
        let path = path.to_str().unwrap();
        for args in [&[][..], &["--inspect"]] {
            let (status, _, stderr) = streams(path, args);
            let context = format!("{} {args:?}: {stderr}", lie.name);
            assert_eq!(status, Some(1), "{context}");
            assert_eq!(stderr.lines().count(), 1, "{context}");
            let line = stderr.trim_end();
            let pattern = format!("error: {path} {}", lie.line);
            assert!(matches(line, &pattern), "{context}\nexpected: {pattern}");
        }
    }
}

/// A Rust guest's panic message goes to stderr before it traps: the lesson
/// shows it, the error line stays one line.
#[test]
fn a_panic_mid_stream_is_shown_before_the_one_line() {
    let lie = LIES.iter().find(|lie| lie.name == "panics").unwrap();
    let path = fixtures::file(
        "stream-lie-panics-shown.wasm",
        &fixtures::lying_streams_component(lie.parts),
    );
    let (status, stdout, _) = streams(path.to_str().unwrap(), &[]);
    assert_eq!(status, Some(1));
    assert!(
        stdout.ends_with("  [the component's stderr] panicked: boom!\n"),
        "{stdout}"
    );
}

/// A component that prints on every `write-via-stream` (a log line) and is
/// otherwise honest runs the whole lesson, its lines shown where it printed
/// them: four calls, four lines.
#[test]
fn a_component_that_prints_mid_stream_is_shown_printing() {
    let prints = [(
        "write-entry",
        "(call $print_stdout) (call $write_entry (local.get 0) (local.get 1) (local.get 2))",
    )];
    let path = fixtures::file(
        "streams-printing.wasm",
        &fixtures::lying_streams_component(&prints),
    );
    for args in [&[][..], &["--inspect"]] {
        let (status, stdout, stderr) = streams(path.to_str().unwrap(), args);
        assert_eq!(status, Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "");
        let shown = "  [the component's stdout] a line, printed\n";
        assert_eq!(stdout.matches(shown).count(), 4, "{stdout}");
        let first = stdout.find(shown).unwrap();
        let call = stdout
            .find("write-via-stream(0, 32, <stream of 32 bytes>) -> ok(32)")
            .unwrap();
        assert!(first < call, "{stdout}");
    }
}

/// A ring fed in odd pieces (1, 7 and 13 bytes, round and round, so a
/// round's end falls inside a piece): the honest fixture stores byte `k` at
/// `k % 32`; one that starts each read at the ring's start, not where the
/// last read ended, counts every byte and stores them elsewhere, and the
/// rules say where. Fed a round per write, as `--streams` feeds it, the two
/// look the same: that lesson passes the lie.
#[test]
fn a_ring_that_loses_its_place_is_caught_when_fed_in_odd_pieces() {
    let restarts = [("ring-at", "(i32.const 0)")];
    let data = Sent {
        pieces: vec![1, 7, 13],
        ..Sent::from((1..=80).collect::<Vec<u8>>())
    };
    let ring = Call::WriteRingViaStream { data };
    let mut found = Vec::new();
    for (name, parts) in [("honest", &[][..]), ("restarts", &restarts[..])] {
        let bytes = fixtures::lying_streams_component(parts);
        let path = fixtures::file(&format!("ring-in-pieces-{name}.wasm"), &bytes);
        let host = Host::concurrent(Limits::default()).unwrap();
        let instance = host.load_streams(&path).unwrap().instantiate().unwrap();
        let mut checked = Checked::new(instance, Limits::default().max_memory).unwrap();
        let came = checked.call(&ring).unwrap();
        assert_eq!(came, Answer::Value(Value::U64(80)), "{name}");
        let whole = checked.check_whole_buffer(&ring, 0..32);
        found.push(whole.map_err(|error| error.to_string()));
        let (status, _, stderr) = streams(path.to_str().unwrap(), &[]);
        assert_eq!(status, Some(0), "{name}, fed a round per write: {stderr}");
    }
    assert_eq!(
        found,
        [
            Ok(()),
            Err(
                "after write-ring-via-stream(<stream of 80 bytes in pieces [1, 7, 13]>), \
                 byte 0 of the buffer holds 72, expected 65 (inside its range)"
                    .to_string()
            )
        ]
    );
}

/// A component that reads a ring a byte at a time is honest, and makes a
/// write per byte: `--streams --inspect` shows the first writes and the
/// last, and says how many it left out.
#[test]
fn a_ring_read_a_byte_at_a_time_is_shown_in_a_few_lines() {
    let bytes = fixtures::lying_streams_component(&[("ring-room", "(i32.const 1)")]);
    let path = fixtures::file("ring-a-byte-at-a-time.wasm", &bytes);
    let (status, stdout, stderr) = streams(path.to_str().unwrap(), &["--inspect"]);
    assert_eq!(status, Some(0), "{stderr}");
    let rounds = stdout
        .split("One stream, many rounds")
        .nth(1)
        .expect("the ring's part");
    assert!(rounds.contains("-> 80   1 call for 3 rounds"), "{rounds}");
    let writes: Vec<&str> = rounds
        .lines()
        .filter(|line| line.trim_start().starts_with("write "))
        .map(|line| line.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(
        writes,
        ["1", "2", "3", "4", "5", "6", "79", "80"],
        "{rounds}"
    );
    assert!(rounds.contains("    ... 72 writes not shown\n"), "{rounds}");
}

#[test]
fn matches_reads_numbers_where_the_pattern_says() {
    assert!(matches(
        "byte 8 holds 170, expected 3",
        "byte 8 holds 170, expected {..}"
    ));
    assert!(!matches(
        "byte 8 holds 170, expected 3",
        "byte 9 holds 170, expected {..}"
    ));
    assert!(!matches(
        "byte 8 holds 170, expected 3 more",
        "byte 8 holds 170, expected {..}"
    ));
}
