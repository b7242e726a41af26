//! Components that implement the world and answer what the contract rules
//! out, without trapping: every answer is untrusted. Each one ends the
//! lesson, and `--inspect`, with one line naming the file and what broke
//! the contract, exit status 1, and no panic.
//!
//! Each lie replaces one or two functions of an honest fixture
//! (`fixtures::honest_body`: a 32-byte buffer at address 1024, in a
//! one-page memory), which itself runs the whole lesson.
//!
//! The fixtures are written to `target/lies/` (`honest.wasm` and
//! `lie-*.wasm`), where the Python host's tests
//! (`interop/hosts/python/test_python_host.py`) run its lesson on them too.

use std::path::PathBuf;

use super::{fixtures, runner};

/// `target/lies/NAME`, with `bytes` in it.
fn shared_fixture(name: &str, bytes: &[u8]) -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().expect("a target directory").join("lies");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A lie: the functions it replaces, and the end of the line it must give
/// (after `error: PATH broke the contract: `) without and with `--inspect`.
struct Lie {
    name: &'static str,
    bodies: &'static [(&'static str, &'static str)],
    detail: &'static str,
    /// When `--inspect` catches it elsewhere (it looks at the memory itself).
    inspected: Option<&'static str>,
}

const OUT_OF_BOUNDS_32: &str = "out-of-bounds({offset: 32, len: 1, buffer-len: 32})";

const LIES: &[Lie] = &[
    Lie {
        name: "read-returns-nothing",
        bodies: &[("read", "(i32.store (i32.const 72) (i32.const 0)) (call $ok_with (i32.const 1024))")],
        detail: "read(0, 2) returned ok([]), expected ok([24, 0])",
        inspected: None,
    },
    Lie {
        name: "read-returns-too-much",
        bodies: &[(
            "read",
            "(i32.store (i32.const 72) (i32.add (local.get 1) (i32.const 1))) (call $ok_with (i32.const 1024))",
        )],
        detail: "read(0, 2) returned ok([24, 0, 0]), expected ok([24, 0])",
        inspected: None,
    },
    Lie {
        name: "empty-buffer",
        bodies: &[("buffer-len", "(i32.const 0)")],
        detail: "buffer-len() returned 0, expected at least 2",
        inspected: None,
    },
    Lie {
        name: "huge-buffer",
        bodies: &[("buffer-len", "(i32.const -1)")],
        detail: "the buffer (pointer 1024, 4294967295 bytes) ends at 4294968319, past the end of the 1-page memory",
        inspected: None,
    },
    Lie {
        name: "pointer-past-memory",
        bodies: &[("get-wasm-memory-buffer-pointer", "(i32.const -1)")],
        detail: "the buffer (pointer 4294967295, 32 bytes) ends at 4294967327, past the end of the 1-page memory",
        inspected: None,
    },
    Lie {
        name: "more-pages-than-4-gib",
        bodies: &[("memory-pages", "(i32.const -1)")],
        detail: "memory-pages() returned 4294967295, expected at most 64",
        inspected: None,
    },
    Lie {
        name: "no-pages",
        bodies: &[("memory-pages", "(i32.const 0)")],
        detail: "the buffer (pointer 1024, 32 bytes) ends at 1056, past the end of the 0-page memory",
        inspected: None,
    },
    Lie {
        // Believable until memory grows; the debugger sees the real memory
        // at once.
        name: "claims-more-memory-than-it-has",
        bodies: &[
            ("memory-pages", "(i32.add (memory.size) (i32.const 1))"),
            ("buffer-len", "(i32.const 65536)"),
        ],
        detail: "grow-memory(1) returned ok(1), expected ok(2)",
        inspected: Some(
            "the buffer (pointer 1024, 65536 bytes) runs past the end of the memory that holds it (65536 bytes)",
        ),
    },
    Lie {
        name: "wrong-previous-size",
        bodies: &[("grow-memory", "(drop (memory.grow (local.get 0))) (call $ok_with (i32.const -1))")],
        detail: "grow-memory(1) returned ok(4294967295), expected ok(1)",
        inspected: None,
    },
    Lie {
        name: "grows-nothing",
        bodies: &[("grow-memory", "(call $ok_with (memory.size))")],
        detail: "memory-pages() after grow-memory(1) returned 1, expected 2",
        inspected: None,
    },
    Lie {
        name: "pointer-moves-when-memory-grows",
        bodies: &[("get-wasm-memory-buffer-pointer", "(i32.add (i32.const 1023) (memory.size))")],
        detail: "get-wasm-memory-buffer-pointer() returned 1025, expected 1024",
        inspected: None,
    },
    Lie {
        name: "buffer-grows-with-memory",
        bodies: &[("buffer-len", "(i32.add (i32.const 31) (memory.size))")],
        detail: "buffer-len() returned 33, expected 32",
        inspected: None,
    },
    Lie {
        name: "index-one-is-wrong",
        bodies: &[("read-wasm-memory-buffer-and-return-index-one", "(i32.const 7)")],
        detail: "read-wasm-memory-buffer-and-return-index-one() returned 7, expected 25",
        inspected: None,
    },
    Lie {
        name: "load-past-the-end-succeeds",
        bodies: &[("load", "(call $ok_with (i32.const 7))")],
        detail: "load(32) returned ok(7), expected err(out-of-bounds({offset: 32, len: 1, buffer-len: 32}))",
        inspected: None,
    },
    Lie {
        name: "load-refuses-the-wrong-request",
        bodies: &[("load", "(call $out_of_bounds (i32.const 0) (i32.const 1))")],
        detail: "load(32) returned err(out-of-bounds({offset: 0, len: 1, buffer-len: 32})), expected err(out-of-bounds({offset: 32, len: 1, buffer-len: 32}))",
        inspected: None,
    },
    Lie {
        name: "grow-refused-with-another-size",
        bodies: &[(
            "grow-memory",
            "(if (result i32) (i32.eq (local.get 0) (i32.const 65536))
               (then (call $ok_with (i32.const 0)) (i32.store8 (i32.const 64) (i32.const 1))
                     (i32.store8 (i32.const 68) (i32.const 1)) (i32.store (i32.const 72) (i32.const 0))
                     (i32.store (i32.const 76) (i32.const 65536)))
               (else (call $grow (local.get 0))))",
        )],
        detail: "grow-memory(65536) returned err(grow-refused({current-pages: 0, requested-pages: 65536})), expected err(grow-refused({current-pages: 2, requested-pages: 65536}))",
        inspected: None,
    },
];

/// Runs the runner on `path` with `args`; asserts one line on stderr, exit
/// status 1 and no panic, and returns the line.
fn one_line_error(path: &str, args: &[&str]) -> String {
    let output = runner(&[args, &["--component", path]].concat());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{path} {args:?}: {stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "{path} {args:?}: one line, got: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr.trim_end().to_string()
}

#[test]
fn the_honest_fixture_runs_the_whole_lesson() {
    let path = shared_fixture("honest.wasm", &fixtures::lying_component(&[]));
    for args in [&[][..], &["--inspect"]] {
        let output = runner(&[args, &["--component", path.to_str().unwrap()]].concat());
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        assert!(stdout.contains("read(0, 2) -> ok([24, 25])"), "{stdout}");
        assert!(
            stdout.contains(&format!("load(32) -> err({OUT_OF_BOUNDS_32})")),
            "{stdout}"
        );
    }
}

#[test]
fn every_lie_is_one_line_naming_what_broke_the_contract() {
    for lie in LIES {
        let bytes = fixtures::lying_component(lie.bodies);
        let path = shared_fixture(&format!("lie-{}.wasm", lie.name), &bytes);
        let path = path.to_str().unwrap();
        let prefix = format!("error: {path} broke the contract: ");
        let line = one_line_error(path, &[]);
        assert_eq!(line, format!("{prefix}{}", lie.detail), "{}", lie.name);
        let line = one_line_error(path, &["--inspect"]);
        let inspected = lie.inspected.unwrap_or(lie.detail);
        assert_eq!(
            line,
            format!("{prefix}{inspected}"),
            "{} --inspect",
            lie.name
        );
    }
}
