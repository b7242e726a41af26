//! The contract's rules themselves (`wit/rules`), through the library's
//! `Checked`: rules that let a lie through, or named the wrong call, would
//! make every test that trusts them pass for nothing. Each lie here is one
//! the lesson's own run also catches (`lies.rs`), on the same honest
//! fixture.

use linear_memory_host::{Answer, Call, Checked, Host, Instance, Sent, Value, Violation};

use super::fixtures;

/// A fresh instance of the honest fixture with `lies` in it.
fn instance_of(name: &str, lies: &[(&str, &str)]) -> Instance {
    let path = fixtures::file(name, &fixtures::lying_component(lies));
    let host = Host::new().unwrap();
    host.load(&path).unwrap().instantiate().unwrap()
}

fn checked(name: &str, lies: &[(&str, &str)]) -> Checked {
    let instance = instance_of(name, lies);
    Checked::new(instance, Host::new().unwrap().limits().max_memory).unwrap()
}

/// The violation that keeps checking from starting on the honest fixture
/// with `lies` in it, under the default cap.
fn violation_at_the_start(name: &str, lies: &[(&str, &str)]) -> String {
    let instance = instance_of(name, lies);
    let max_memory = Host::new().unwrap().limits().max_memory;
    let error = Checked::new(instance, max_memory).err();
    violation(error.expect("a violation"))
}

/// The violation a call's error is.
fn violation(error: wasmtime::Error) -> String {
    let violation = error.downcast_ref::<Violation>();
    violation.map_or_else(|| panic!("not a violation: {error:?}"), ToString::to_string)
}

/// A call prints itself in WAVE, as `wasmtime run --invoke` takes it: long
/// lists by their length, streams by what they carry.
#[test]
fn each_call_is_written_as_the_lessons_write_it() {
    let written = [
        (
            Call::StoreValueInWasmMemoryBufferIndexZero { value: 24 },
            "store-value-in-wasm-memory-buffer-index-zero(24)",
        ),
        (
            Call::GetWasmMemoryBufferPointer,
            "get-wasm-memory-buffer-pointer()",
        ),
        (
            Call::Store {
                index: 5,
                value: 24,
            },
            "store(5, 24)",
        ),
        (
            Call::Write {
                offset: 1,
                bytes: vec![25; 8],
            },
            "write(1, [25, 25, 25, 25, 25, 25, 25, 25])",
        ),
        (
            Call::Write {
                offset: 2,
                bytes: vec![0; 9],
            },
            "write(2, [9 bytes])",
        ),
        (Call::Read { offset: 3, len: 4 }, "read(3, 4)"),
        (Call::GrowMemory { pages: 6 }, "grow-memory(6)"),
        (
            Call::WriteViaStream {
                offset: 0,
                len: 16,
                data: Sent {
                    pieces: vec![1, 2],
                    pausing: true,
                    ..Sent::from(vec![1; 4])
                },
            },
            "write-via-stream(0, 16, <stream of 4 bytes in pieces [1, 2], pausing>)",
        ),
        (
            Call::ReadViaStream {
                offset: 4,
                len: 4,
                take: Some(3),
            },
            "read-via-stream(4, 4), taking at most 3",
        ),
    ];
    for (call, expected) in written {
        assert_eq!(call.to_string(), expected);
    }
}

#[test]
fn the_honest_fixture_passes_every_kind_of_call() {
    let mut checked = checked("rules-honest.wasm", &[]);
    let calls = [
        (
            Call::StoreValueInWasmMemoryBufferIndexZero { value: 24 },
            "()",
        ),
        (
            Call::Write {
                offset: 1,
                bytes: vec![25],
            },
            "ok",
        ),
        (Call::ReadWasmMemoryBufferAndReturnIndexOne, "25"),
        (Call::Read { offset: 0, len: 2 }, "ok([24, 25])"),
        (
            Call::Store {
                index: 31,
                value: 9,
            },
            "ok",
        ),
        (Call::GrowMemory { pages: 1 }, "ok(1)"),
    ];
    for (call, expected) in calls {
        let answer = checked.call(&call).unwrap();
        assert_eq!(linear_memory_host::Wave::wave(&answer), expected, "{call}");
    }
    // The 32-byte buffer has no index 32.
    let refused = checked.call(&Call::Load { index: 32 }).unwrap();
    assert!(matches!(refused, Answer::Err(_)), "{refused:?}");
    let pages = checked.call(&Call::MemoryPages).unwrap();
    assert_eq!(pages, Answer::Value(Value::U32(2)));
}

#[test]
fn a_lie_names_the_call_and_both_answers() {
    let lies = [(
        "read",
        "(i32.store (i32.const 72) (i32.const 0)) (call $ok_with (i32.const 1024))",
    )];
    let mut checked = checked("rules-read-returns-nothing.wasm", &lies);
    let error = checked.call(&Call::Read { offset: 0, len: 2 }).unwrap_err();
    assert_eq!(
        violation(error),
        "read(0, 2) returned ok([]), expected ok([0, 0])"
    );
}

#[test]
fn a_trap_is_an_error_that_names_the_call() {
    let mut checked = checked("rules-load-traps.wasm", &[("load", "unreachable")]);
    let error = checked.call(&Call::Load { index: 0 }).unwrap_err();
    assert!(error.downcast_ref::<Violation>().is_none(), "{error:?}");
    let call = error.downcast_ref::<linear_memory_host::InCall>();
    assert_eq!(call.map(|call| call.0.as_str()), Some("load(0)"));
    assert!(format!("{error:#}").contains("unreachable"), "{error:#}");
}

/// The honest fixture's memory is one page: a buffer that, by its pointer,
/// runs into a second page cannot be in it, and checking cannot start.
#[test]
fn a_memory_too_small_for_the_buffer_is_a_violation_from_the_start() {
    let lies = [("get-wasm-memory-buffer-pointer", "(i32.const 65530)")];
    assert_eq!(
        violation_at_the_start("rules-buffer-past-memory.wasm", &lies),
        "the buffer (pointer 65530, 32 bytes) ends at 65562, past the end of the 1-page memory"
    );
}

/// Under the default 4 MiB cap, a memory of 65 pages cannot be.
#[test]
fn a_memory_past_the_hosts_cap_is_a_violation_from_the_start() {
    let lies = [("memory-pages", "(i32.const 65)")];
    assert_eq!(
        violation_at_the_start("rules-memory-past-cap.wasm", &lies),
        "memory-pages() returned 65, expected at most 64"
    );
}

/// `memory-pages` is held to both bounds at every call, not only the first:
/// a fixture that answers honestly until memory has grown, then `answer`.
#[test]
fn memory_pages_is_checked_at_every_call() {
    for answer in [0, 65] {
        let lie = format!(
            "(if (result i32) (i32.gt_u (memory.size) (i32.const 1)) (then (i32.const {answer})) (else (memory.size)))"
        );
        let name = format!("rules-memory-pages-{answer}-after-growth.wasm");
        let mut checked = checked(&name, &[("memory-pages", &lie)]);
        let error = checked.call(&Call::GrowMemory { pages: 1 }).unwrap_err();
        assert_eq!(
            violation(error),
            format!("memory-pages() returned {answer}, expected 1 to 64")
        );
    }
}

/// `grow-memory` is held to the size before and after.
#[test]
fn a_memory_that_does_not_grow_as_it_said_is_a_violation() {
    let lies = [("grow-memory", "(call $ok_with (memory.size))")];
    let mut checked = checked("rules-grows-nothing.wasm", &lies);
    let error = checked.call(&Call::GrowMemory { pages: 1 }).unwrap_err();
    assert_eq!(
        violation(error),
        "memory-pages() after grow-memory(1) returned 1, expected 2"
    );
}
