//! The runner binary: the lesson it prints, and one clear line for every way
//! a component can be unusable.

use std::path::Path;

use super::{IMPLEMENTATIONS, fixtures, runner};

/// Runs the lesson on `path`; asserts it failed with exactly one line on
/// stderr, and returns that line.
fn error_for(path: &Path) -> String {
    let output = runner(&["--component", path.to_str().unwrap()]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line, got: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr.trim_end().to_string()
}

/// Like [`error_for`], for messages whose end comes from wasmtime: asserts
/// the line starts with `error: PATH {middle}` and returns it.
fn error_starting(path: &Path, middle: &str) -> String {
    let line = error_for(path);
    let start = format!("error: {} {middle}", path.display());
    assert!(line.starts_with(&start), "{line}");
    line
}

/// The lesson, on every implementation: it succeeds and shows the seed's
/// values. (The README's sample of its whole output is checked by
/// `samples.rs`.) Implementations that import WASI are granted nothing, and
/// the lesson says so.
#[test]
fn the_lesson_runs_on_every_implementation() {
    for implementation in IMPLEMENTATIONS.iter() {
        let output = runner(&["--component", &implementation.path]);
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(output.status.success(), "{}: {stderr}", implementation.name);
        for line in [
            "read(0, 2) -> ok([24, 0])",
            "read-wasm-memory-buffer-and-return-index-one() -> 25",
            "read(0, 2) -> ok([24, 25])",
            "load(65536) -> err(out-of-bounds({offset: 65536, len: 1, buffer-len: 65536}))",
        ] {
            assert!(
                stdout.contains(line),
                "{}: no {line:?} in\n{stdout}",
                implementation.name
            );
        }
        let imports = implementation.component.imports();
        let first = stdout.lines().next().unwrap();
        assert_eq!(
            first.ends_with("imports nothing"),
            imports.is_empty(),
            "{first}"
        );
        assert_eq!(
            first.ends_with("(granted nothing)"),
            !imports.is_empty(),
            "{first}"
        );
    }
}

#[test]
fn a_missing_file() {
    let path = Path::new("no/such/component.wasm");
    assert_eq!(
        error_for(path),
        "error: cannot read no/such/component.wasm: No such file or directory (os error 2)"
    );
}

#[test]
fn a_directory() {
    let dir = env!("CARGO_TARGET_TMPDIR");
    assert_eq!(
        error_for(Path::new(dir)),
        format!("error: cannot read {dir}: Is a directory (os error 21)")
    );
}

#[test]
fn an_empty_file() {
    let path = fixtures::file("empty.wasm", b"");
    assert_eq!(
        error_for(&path),
        format!(
            "error: {} is empty: expected a WebAssembly component",
            path.display()
        )
    );
}

#[test]
fn a_file_that_is_not_webassembly() {
    let path = fixtures::file("text.wasm", b"this is not WebAssembly\n");
    assert_eq!(
        error_for(&path),
        format!(
            "error: {} is not WebAssembly: it does not start with \"\\0asm\"",
            path.display()
        )
    );
}

#[test]
fn a_core_module() {
    let path = fixtures::file("core.wasm", &wat::parse_str("(module)").unwrap());
    error_starting(&path, "is a core WebAssembly module, not a component");
}

#[test]
fn a_truncated_component() {
    let bytes = std::fs::read(linear_memory_host::DEFAULT_COMPONENT).unwrap();
    let path = fixtures::file("truncated.wasm", &bytes[..bytes.len() / 2]);
    error_starting(&path, "is not a valid component: ");
}

#[test]
fn a_component_of_another_world() {
    let path = fixtures::file("hello.wasm", &fixtures::component_of_another_world());
    let line = error_starting(&path, "does not implement the linear-memory world: ");
    assert!(
        line.contains("wasm-by-example:linear-memory/buffer@0.1.0"),
        "{line}"
    );
}

/// The streams component is a valid component of another world, which the
/// lesson's engine cannot even compile: the line says which flag runs it.
#[test]
fn a_component_that_uses_the_async_abi() {
    let path = Path::new(linear_memory_host::STREAMS_COMPONENT);
    assert_eq!(
        error_for(path),
        format!(
            "error: {} uses the component model's async ABI (stream<u8>, async functions), which the lesson's engine keeps off: run a streams implementation with --streams, a WASI 0.3 command with --inspect",
            path.display()
        )
    );
}

#[test]
fn a_component_with_an_import_the_host_lacks() {
    let path = fixtures::file(
        "unknown-import.wasm",
        &fixtures::component_with_unknown_import(),
    );
    let line = error_starting(&path, "does not implement the linear-memory world: ");
    assert!(line.contains("example:unknown/thing@1.0.0"), "{line}");
}

#[test]
fn a_component_that_traps() {
    let path = fixtures::file("traps.wasm", &fixtures::trapping_component());
    assert_eq!(
        error_for(&path),
        format!(
            "error: {} trapped in get-wasm-memory-buffer-pointer(): \
             wasm trap: wasm `unreachable` instruction executed",
            path.display()
        )
    );
}

#[test]
fn random_bytes_after_the_magic() {
    let mut bytes = b"\0asm\x0d\x00\x01\x00".to_vec();
    bytes.extend((0..512u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let path = fixtures::file("garbage.wasm", &bytes);
    error_starting(&path, "is not a valid component: ");
}

#[test]
fn a_component_that_never_returns_is_stopped() {
    let path = fixtures::file("spins.wasm", &fixtures::spinning_component());
    let output = runner(&["--timeout-ms", "200", "--component", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap().trim_end(),
        format!(
            "error: {} trapped in get-wasm-memory-buffer-pointer(): \
             stopped: it ran past the time limit (--timeout-ms)",
            path.display()
        )
    );
}

#[test]
fn too_little_memory_to_instantiate() {
    let output = runner(&["--max-memory-mib", "1"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.ends_with(
            "could not be instantiated: memory minimum size of 18 pages exceeds memory limits\n"
        ),
        "{stderr}"
    );
}

/// `--streams` on `path`: asserts it failed with exactly one line on
/// stderr, and returns that line.
fn streams_error_for(path: &Path) -> String {
    let output = runner(&[
        "--streams",
        "--timeout-ms",
        "200",
        "--component",
        path.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line, got: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr.trim_end().to_string()
}

#[test]
fn streams_on_a_component_without_them() {
    let path = &super::workspace().path;
    let line = streams_error_for(Path::new(path));
    let start = format!("error: {path} does not implement the linear-memory-streams world: ");
    assert!(line.starts_with(&start), "{line}");
}
