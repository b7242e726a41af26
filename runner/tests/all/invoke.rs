//! `--invoke`: any exported function of any component, called with
//! arguments in WAVE, its results printed exactly as `wasmtime run --invoke`
//! prints them; and one line, exit status 1, for every call that cannot be
//! made.

use std::process::Command;
use std::time::Duration;

use super::{IMPLEMENTATIONS, Implementation, fixtures, runner, runner_within};

/// `--invoke CALL` on the component at `path` (none: the workspace's):
/// exit status, stdout, stderr.
fn invoke(path: Option<&str>, call: &str) -> (Option<i32>, String, String) {
    let mut args = vec!["--invoke", call];
    if let Some(path) = path {
        args.extend(["--component", path]);
    }
    let output = runner(&args);
    let text = |bytes| String::from_utf8(bytes).unwrap();
    (
        output.status.code(),
        text(output.stdout),
        text(output.stderr),
    )
}

/// The one line a call that cannot be made gives, after `error: PATH`.
fn refused(path: &str, call: &str) -> String {
    let (status, stdout, stderr) = invoke(Some(path), call);
    assert_eq!(status, Some(1), "{call}: {stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{call}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let prefix = format!("error: {path}");
    let line = stderr.trim_end();
    line.strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{line} does not start with {prefix}"))
        .to_string()
}

/// The calls held to the wasmtime CLI's answers: every function of the
/// `buffer` interface, by its bare name and qualified, results of every
/// shape (nothing, a number, `ok`, `ok` with a list, `err` with a record).
const CALLS: &[&str] = &[
    "buffer-len()",
    "store-value-in-wasm-memory-buffer-index-zero(24)",
    "read-wasm-memory-buffer-and-return-index-one()",
    "write(1, [24, 25])",
    "read(0, 2)",
    "wasm-by-example:linear-memory/buffer.read@0.1.0(65535, 2)",
    "load(65536)",
    "store(3, 9)",
    "grow-memory(65536)",
];

/// Each call prints what `wasmtime run --invoke` prints for it, on every
/// implementation: the same line, character for character.
#[test]
#[ignore = "needs the wasmtime CLI .ci/setup builds (WASMTIME); .ci/test runs it"]
fn every_result_is_what_the_wasmtime_cli_prints() {
    let wasmtime = std::env::var_os("WASMTIME").expect("set by .ci/test");
    // One thread an implementation: both the CLI and the runner compile it
    // on every run.
    let check = |implementation: &Implementation| {
        for call in CALLS {
            let cli = Command::new(&wasmtime)
                .args(["run", "--invoke", call, &implementation.path])
                .output()
                .unwrap();
            assert!(cli.status.success(), "{call}: {cli:?}");
            let (status, stdout, stderr) = invoke(Some(&implementation.path), call);
            assert_eq!(status, Some(0), "{}: {call}: {stderr}", implementation.name);
            assert_eq!(
                stdout,
                String::from_utf8(cli.stdout).unwrap(),
                "{}: {call}",
                implementation.name
            );
        }
    };
    std::thread::scope(|scope| {
        let threads: Vec<_> = IMPLEMENTATIONS
            .iter()
            .map(|implementation| scope.spawn(move || check(implementation)))
            .collect();
        for thread in threads {
            thread.join().expect("an implementation's checks");
        }
    });
}

/// Without `--component`, the workspace's component; each run is a fresh
/// instance, as the CLI's is.
#[test]
fn the_workspaces_component_by_default() {
    assert_eq!(invoke(None, "write(1, [24, 25])").1, "ok\n");
    assert_eq!(invoke(None, "read(0, 3)").1, "ok([0, 0, 0])\n");
    assert_eq!(
        invoke(None, "load(65536)").1,
        "err(out-of-bounds({offset: 65536, len: 1, buffer-len: 65536}))\n"
    );
}

/// A component of another world: the capability probe, a command, whose
/// `wasi:cli/run` is called by name; what it printed is shown, marked.
#[test]
fn a_component_of_any_world() {
    let probe = fixtures::build_for_wasm32_wasip2("capability-probe", "capability-probe");
    let (status, stdout, stderr) = invoke(Some(probe.to_str().unwrap()), "run()");
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stdout.ends_with("\nok\n"), "{stdout}");
    assert!(
        stdout.starts_with("  [the component's stdout] "),
        "{stdout}"
    );
}

/// Every call that cannot be made is one line naming the file and the
/// problem.
#[test]
fn a_call_that_cannot_be_made_is_one_line() {
    let rust = linear_memory_host::DEFAULT_COMPONENT;
    assert_eq!(
        refused(rust, "write(1, [24"),
        ": --invoke 'write(1, [24' is not a call in WAVE (`f(1, [2, 3])`): unexpected end of input at 12..12"
    );
    assert!(
        refused(rust, "writ(1, [24])").starts_with(
            ": exports no function named `writ` (it exports wasm-by-example:linear-memory/buffer.store-value-in-wasm-memory-buffer-index-zero@0.1.0, "
        )
    );
    assert_eq!(
        refused(rust, "write(1, [256])"),
        ": the arguments of `write` do not fit its parameters (offset: u32, bytes: list<u8>): invalid value at 10..13"
    );
    assert_eq!(
        refused(rust, "read(1)"),
        ": the arguments of `read` do not fit its parameters (offset: u32, len: u32): invalid params: missing required param(s) at 6..7"
    );
    let streams = linear_memory_host::STREAMS_COMPONENT;
    assert_eq!(
        refused(streams, "write-via-stream(0, 1, [1])"),
        ": `write-via-stream` takes data: stream<u8>, which WAVE cannot write (a stream, a future, a resource or a map)"
    );
    assert_eq!(
        refused(streams, "read-via-stream(0, 4)"),
        ": `read-via-stream` returns result<stream<u8>, variant {out-of-bounds(record {offset: u32, len: u32, buffer-len: u32}), grow-refused(record {current-pages: u32, requested-pages: u32})}>, which WAVE cannot print (a stream, a future, a resource or a map)"
    );
}

/// A call that traps, or that runs past the time limit, is the trap's line.
#[test]
fn a_trap_and_a_call_past_the_time_limit_are_one_line() {
    let traps = fixtures::file("invoke-traps.wasm", &fixtures::trapping_component());
    assert_eq!(
        refused(traps.to_str().unwrap(), "buffer-len()"),
        " trapped in buffer-len(): wasm trap: wasm `unreachable` instruction executed"
    );
    let spins = fixtures::file("invoke-spins.wasm", &fixtures::spinning_component());
    let call = "get-wasm-memory-buffer-pointer()";
    let output = runner(&[
        "--timeout-ms",
        "200",
        "--invoke",
        call,
        "--component",
        spins.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap().trim_end(),
        format!(
            "error: {} trapped in {call}: stopped: it ran past the time limit (--timeout-ms)",
            spins.display()
        )
    );
}

/// `--inspect` too: the map of `write(1, ...)` on the workspace's
/// component. The canonical ABI asked its `cabi_realloc` for a block of the
/// list's size and alignment (read from the call, not from memory); the
/// export's core parameters point at that block; when the call has
/// returned, the list's bytes are in that block and in the buffer, at the
/// pointer plus 1. Its `read` is hand-written: its result is lifted from
/// the buffer itself, and no allocation is made.
#[test]
fn the_map_of_write_and_read_on_the_workspaces_component() {
    let bytes: Vec<String> = (100..120).map(|byte: u32| byte.to_string()).collect();
    let write = format!("write(1, [{}])", bytes.join(", "));
    let output = runner(&["--inspect", "--invoke", &write]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains(&format!("\n{write} -> ok\n")), "{stdout}");
    let allocation = line(&stdout, "#1  (0, 0, 1, 20) -> ");
    let block = allocation.split_whitespace().nth(6).unwrap();
    assert!(
        allocation.ends_with("m0 of i0, lowering the arguments"),
        "{allocation}"
    );
    let row = line(&stdout, "argument bytes ");
    let pointer: u32 = invoke(None, "get-wasm-memory-buffer-pointer()")
        .1
        .trim()
        .parse()
        .unwrap();
    for expected in [
        format!("list<u8>         m0 of i0 {block}      20  cabi_realloc #1"),
        format!("m0 of i0 {:#010x}", pointer + 1),
        format!("m0 of i0 {block} (this block)"),
    ] {
        assert!(row.contains(&expected), "{expected:?} in {row}");
    }
    assert!(
        stdout.contains("  argument bytes: 1 block, 20 bytes allocated for it, in 2 places when the call returned\n"),
        "{stdout}"
    );

    let output = runner(&["--inspect", "--invoke", "read(0, 32)"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("cabi_realloc: not called\n"), "{stdout}");
    let row = line(&stdout, "result   result 1.ok ");
    assert!(
        row.contains(&format!(
            "list<u8>         m0 of i0 {pointer:#010x}      32  -"
        )),
        "{row}"
    );
}

/// The map on every implementation: the list argument of `write` is in a
/// block its `cabi_realloc` gave, and its bytes are there and at least in
/// one other place (the buffer, wherever each keeps it) when the call
/// returns. What else each shows is how it was built, and not judged.
#[test]
fn the_map_of_write_on_every_implementation() {
    let bytes: Vec<String> = (100..120).map(|byte: u32| byte.to_string()).collect();
    let write = format!("write(1, [{}])", bytes.join(", "));
    for implementation in IMPLEMENTATIONS.iter() {
        let args = [
            "--inspect",
            "--component",
            &implementation.path,
            "--invoke",
            &write,
        ];
        let output = runner(&args);
        let stdout = String::from_utf8(output.stdout).unwrap();
        let name = &implementation.name;
        assert!(output.status.success(), "{name}: {stdout}");
        line(&stdout, "#1  (0, 0, 1, 20) -> ");
        let row = line(&stdout, "argument bytes ");
        assert!(row.contains("cabi_realloc #1"), "{name}: {row}");
        assert!(row.contains("(this block)"), "{name}: {row}");
        assert!(row.matches(" 0x").count() >= 3, "{name}: {row}");
    }
}

/// A `cabi_realloc` that hands out an address past the end of memory: the
/// call cannot be made, mapped or not, and says so in one line.
#[test]
fn a_realloc_outside_memory_is_one_line() {
    let path = fixtures::file(
        "realloc-outside-memory.wasm",
        &fixtures::component_whose_realloc_returns(0x7fff_fff0),
    );
    let path = path.to_str().unwrap();
    for inspect in [&[][..], &["--inspect"]] {
        let args = [
            inspect,
            &["--component", path, "--invoke", "write(0, [1, 2])"],
        ]
        .concat();
        let output = runner(&args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{inspect:?}: {stderr}");
        assert_eq!(
            stderr,
            format!(
                "error: {path} trapped in write(0, [1, 2]): realloc return: beyond end of memory\n"
            ),
            "{inspect:?}"
        );
    }
}

/// How long a run that compiles an 18 MB component with guest debugging
/// may take: minutes on 2 busy cores, the first time (the cache serves the
/// next runs).
const COMPILING: Duration = Duration::from_secs(900);

/// Components whose runtime no one here wrote, mapped: componentize-py's
/// and ComponentizeJS's (interop/subjects). A string argument's block is as
/// long as its UTF-8 bytes; a list of records is one block of 16 bytes a
/// record, then a block for each string and list in them, in the order the
/// canonical ABI lowers them; each block is one a `cabi_realloc` gave while
/// the host lowered the arguments. Every result is what `wasmtime run
/// --invoke` prints for the call.
#[test]
#[ignore = "needs the subjects interop/build makes and the wasmtime CLI; .ci/test runs it"]
fn the_map_of_components_built_by_componentize_py_and_componentize_js() {
    let manifest = std::env::var_os("LINEAR_MEMORY_IMPLEMENTATIONS").expect("set by .ci/test");
    let subjects = std::path::Path::new(&manifest)
        .parent()
        .unwrap()
        .join("subjects");
    let wasmtime = std::env::var_os("WASMTIME").expect("set by .ci/test");
    // Each call, and the allocations its lowering makes: (alignment, size).
    let calls: [(&str, &[(u32, u32)]); 3] = [
        ("shout(\"héllo, wörld: a string to map\")", &[(1, 31)]),
        ("count([0, 1, 2, 0, 3])", &[(1, 5)]),
        (
            "reverse([{name: \"first entry\", bytes: [1, 2, 3]}, {name: \"second entry\", bytes: [4, 5, 6, 7]}])",
            &[(4, 32), (1, 11), (1, 3), (1, 12), (1, 4)],
        ),
    ];
    // One thread a subject: each compiles its component once (then the
    // cache serves it), and the CLI compiles it on every run.
    let check = |subject: &str| {
        let path = subjects.join(format!("{subject}.wasm"));
        let path = path.to_str().unwrap();
        for (call, allocations) in calls {
            let cli = Command::new(&wasmtime)
                .args(["run", "--invoke", call, path])
                .output()
                .unwrap();
            let result = String::from_utf8(cli.stdout).unwrap();
            let args = [
                "--max-memory-mib",
                "64",
                "--inspect",
                "--component",
                path,
                "--invoke",
                call,
            ];
            let output = runner_within(&args, COMPILING);
            let stdout = String::from_utf8(output.stdout).unwrap();
            let context = format!("{subject}: {call}");
            assert!(
                output.status.success(),
                "{context}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(
                stdout.contains(&format!("\n{call} -> {result}")),
                "{context}: {result}\n{stdout}"
            );
            for (i, (align, size)) in allocations.iter().enumerate() {
                let allocation = line(&stdout, &format!("#{}  (0, 0, {align}, {size}) -> ", i + 1));
                assert!(
                    allocation.ends_with("lowering the arguments"),
                    "{context}: {allocation}"
                );
                let given = format!("{size}  cabi_realloc #{}  ", i + 1);
                let rows = stdout
                    .lines()
                    .filter(|row| row.starts_with("  argument ") && row.contains(&given));
                assert_eq!(
                    rows.count(),
                    1,
                    "{context}: no argument row given by #{}:\n{stdout}",
                    i + 1
                );
            }
        }
    };
    std::thread::scope(|scope| {
        let threads = ["python", "js"].map(|subject| scope.spawn(move || check(subject)));
        for thread in threads {
            thread.join().expect("a subject's checks");
        }
    });
}

/// A composition's map covers every memory inside it: the Rust lesson
/// client composed with the checker and the Rust implementation, its
/// `run()` called, makes `cabi_realloc` calls in all three components'
/// memories (each list one component passes another is copied into a block
/// of the next one's), and each block is a row with what was copied in.
#[test]
#[ignore = "needs the compositions interop/build makes; .ci/test runs it"]
fn the_map_of_a_composition_covers_every_memory() {
    let manifest = std::env::var_os("LINEAR_MEMORY_IMPLEMENTATIONS").expect("set by .ci/test");
    let compositions = std::path::Path::new(&manifest)
        .parent()
        .unwrap()
        .join("compositions");
    // `--inspect --invoke 'run()'` on a composition: what it printed, once
    // `run` returned ok.
    let mapped_run = |name: &str| {
        let path = compositions.join(name);
        let output = runner(&[
            "--inspect",
            "--component",
            path.to_str().unwrap(),
            "--invoke",
            "run()",
        ]);
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(output.status.success(), "{stdout}");
        assert!(stdout.contains("\nrun() -> ok\n"), "{stdout}");
        stdout
    };
    let stdout = mapped_run("rust-client+rust.wasm");
    let allocations: Vec<&str> = stdout
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with('#') && line.ends_with("during the call"))
        .collect();
    let mut memories: Vec<&str> = allocations
        .iter()
        .filter_map(|line| line.split("   ").nth(1)?.split(',').next())
        .collect();
    memories.sort_unstable();
    memories.dedup();
    assert_eq!(memories.len(), 3, "{memories:?}\n{stdout}");
    let rows = stdout
        .lines()
        .filter(|row| row.starts_with("  inside   cabi_realloc #"));
    assert_eq!(rows.count(), allocations.len(), "{stdout}");

    // The streams client's run is WASI 0.3's, an async export: its results
    // come through task.return, and the map says it does not follow them.
    let stdout = mapped_run("streams-client+rust-streams.wasm");
    assert!(
        stdout.contains("  An async export: its results came through task.return"),
        "{stdout}"
    );
    assert!(stdout.contains("  post-return: none ran\n"), "{stdout}");
}

/// The line of `output` that starts with `start` once trimmed.
fn line<'a>(output: &'a str, start: &str) -> &'a str {
    output
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with(start.trim_start()))
        .unwrap_or_else(|| panic!("no line starts with {start:?}:\n{output}"))
}
