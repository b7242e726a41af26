//! Commands: a component that exports `wasi:cli/run` loads as a command,
//! runs in the sandbox with its stdout kept, and reports what it is.

use std::path::PathBuf;

use linear_memory_host::{AnyComponent, Host, Inside, Limits, LoadedCommand};

use crate::{fixtures, runner};

/// The command `bytes`, written to a file called `name` and loaded by `host`.
fn load_command(host: &Host, name: &str, bytes: &[u8]) -> (LoadedCommand, PathBuf) {
    let path = fixtures::file(name, bytes);
    let AnyComponent::Command(command) = host.load_any(&path).unwrap() else {
        panic!("a component that exports wasi:cli/run loads as a command");
    };
    (command, path)
}

#[test]
fn a_command_runs_and_what_it_printed_is_kept() {
    let text = "printed by a command\n";
    let host = Host::with_limits(Limits::default()).unwrap();
    let bytes = fixtures::printing_command(text);
    let (command, path) = load_command(&host, "printing-command.wasm", &bytes);
    assert!(!command.is_async(), "its run is WASI 0.2's");
    let size = std::fs::metadata(&path).unwrap().len();
    assert_eq!(command.size() as u64, size);
    assert_eq!(
        command.imports(),
        [
            "wasi:io/error@0.2.1",
            "wasi:io/streams@0.2.1",
            "wasi:cli/stdout@0.2.1",
            "wasi:cli/stderr@0.2.1"
        ]
    );
    let run = command.run().unwrap();
    assert!(run.succeeded);
    assert_eq!(String::from_utf8_lossy(&run.stdout), text);
}

/// A WASI 0.3 command (its `run` is async) runs on an event loop, and
/// what it printed through WASI 0.2 is kept the same way.
#[test]
fn an_async_command_runs_on_a_concurrent_host() {
    let text = "printed by an async command\n";
    let host = Host::concurrent(Limits::default()).unwrap();
    let bytes = fixtures::printing_async_command(text);
    let (command, _) = load_command(&host, "printing-async-command.wasm", &bytes);
    assert!(command.is_async());
    let run = command.run().unwrap();
    assert!(run.succeeded);
    assert_eq!(String::from_utf8_lossy(&run.stdout), text);
}

/// The same bytes are no command for a host without the async ABI: they
/// do not even compile, and the error says why (not that they are invalid).
#[test]
fn an_async_command_needs_a_concurrent_host() {
    let host = Host::with_limits(Limits::default()).unwrap();
    let path = fixtures::file(
        "async-command-for-a-sync-host.wasm",
        &fixtures::printing_async_command("never printed"),
    );
    let Err(error) = host.load_any(&path) else {
        panic!("an async export on an engine without the async ABI");
    };
    assert_eq!(
        error.to_string(),
        format!(
            "{} uses the component model's async ABI (stream<u8>, async functions), which this host's engine has off (Host::concurrent's has it on)",
            path.display()
        )
    );
}

/// A `wasi:cli/run@0.3.0` whose `run` has another type (a `u32`, or a
/// `result` with a payload) is a component of the wrong world, said when it
/// loads.
#[test]
fn a_run_of_another_type_is_the_wrong_world() {
    let host = Host::concurrent(Limits::default()).unwrap();
    for (name, result) in [("u32", "u32"), ("result-u32", "(result u32)")] {
        let path = fixtures::file(
            &format!("run-returning-{name}.wasm"),
            &fixtures::command_with_a_run_returning(result),
        );
        let Err(error) = host.load_any(&path) else {
            panic!("a run that returns {result} is no command");
        };
        assert_eq!(
            error.to_string(),
            format!(
                "{} does not implement the wasi:cli/command@0.3 world: wasi:cli/run@0.3.0 has no `run: func() -> result`",
                path.display()
            )
        );
    }
}

/// An inspecting host keeps the command's store after the run: its one
/// memory still holds the text it printed, where the data segment put it.
#[test]
fn an_inspecting_host_sees_the_commands_memory_after_the_run() {
    let text = "kept in the command's memory";
    let host = Host::inspecting(Limits::default()).unwrap();
    let bytes = fixtures::printing_command(text);
    let (command, _) = load_command(&host, "memory-command.wasm", &bytes);
    let mut run = command.run().unwrap();
    let memories = run.core_memories();
    assert_eq!(memories.len(), 1, "{memories:?}");
    let bytes = run.memory_bytes(&memories[0]);
    let at = fixtures::PRINTED_TEXT_ADDRESS;
    assert_eq!(&bytes[at..at + text.len()], text.as_bytes());
}

/// `--inspect` on a command that passes no lesson's bytes (it only prints):
/// the report says where it looked and that it found them nowhere, and the
/// run succeeds. Where bytes are is shown, never judged.
#[test]
fn inspecting_a_command_that_passes_no_bytes_reports_it_and_succeeds() {
    let path = fixtures::file(
        "printing-command-inspected.wasm",
        &fixtures::printing_command("no lesson here\n"),
    );
    let output = runner(&["--inspect", "--component", path.to_str().unwrap()]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}\n{stdout}");
    assert!(stdout.contains("  | no lesson here\n"), "{stdout}");
    assert!(
        stdout.contains("memory 0 of core instance 1, 1 pages: no \"crossed by copy\"\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  \"crossed by copy\" is in 0 of the 1 memories.\n"),
        "{stdout}"
    );
}

/// A memory one core instance imports from another is listed once, where
/// it is first seen; a memory of its own is listed too.
#[test]
fn a_shared_memory_is_listed_once() {
    let host = Host::inspecting(Limits::default()).unwrap();
    let bytes = fixtures::command_sharing_a_memory();
    let (command, _) = load_command(&host, "command-sharing-a-memory.wasm", &bytes);
    let mut run = command.run().unwrap();
    let found: Vec<(usize, u32)> = run
        .core_memories()
        .iter()
        .map(|memory| (memory.core_instance, memory.index))
        .collect();
    assert_eq!(found, [(0, 0), (1, 1)]);
}

/// A command runs under its host's limits: under a cap smaller than the
/// one page its memory starts with, it cannot be instantiated at all.
#[test]
fn a_command_runs_under_its_hosts_limits() {
    let limits = Limits {
        max_memory: 32 * 1024,
        ..Limits::default()
    };
    let host = Host::with_limits(limits).unwrap();
    let bytes = fixtures::printing_command("never printed");
    let (command, _) = load_command(&host, "capped-command.wasm", &bytes);
    let error = command
        .run()
        .err()
        .expect("a 64 KiB memory under a 32 KiB cap");
    assert!(format!("{error:#}").contains("memory"), "{error:#}");
}

/// A command whose `run` returns `err` (a client that found the contract
/// broken): `--inspect` shows what it printed to stderr, then one line.
#[test]
fn a_failing_command_is_shown_saying_why() {
    let bytes = fixtures::failing_command("error: the contract is broken: index 1 is 7\n");
    let path = fixtures::file("failing-command.wasm", &bytes);
    let path = path.to_str().unwrap();
    let output = runner(&["--inspect", "--component", path]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stdout
            .ends_with("  [the component's stderr] error: the contract is broken: index 1 is 7\n"),
        "{stdout}"
    );
    assert_eq!(
        stderr,
        format!("error: {path} failed: its wasi:cli/run returned err\n")
    );
}
