//! The oracle itself (`linear_memory_oracle`): a checker that let a lie
//! through, or named the wrong call, would make every test that trusts it
//! pass for nothing. Each lie here is one the lesson's own checks also
//! catch (`lies.rs`), on the same honest fixture.

use linear_memory_host::{Host, Instance};
use linear_memory_oracle::{Answer, Checker, Divergence, Op, Violation};

use super::fixtures;

/// A fresh instance of the honest fixture with `lies` in it.
fn instance_of(name: &str, lies: &[(&str, &str)]) -> Instance {
    let path = fixtures::file(name, &fixtures::lying_component(lies));
    let host = Host::new().unwrap();
    host.load(&path).unwrap().instantiate().unwrap()
}

fn checker(name: &str, lies: &[(&str, &str)]) -> Checker {
    let instance = instance_of(name, lies);
    Checker::new(instance, Host::new().unwrap().limits().max_memory).unwrap()
}

#[test]
fn each_call_is_named_as_the_lesson_writes_it() {
    let named = [
        (
            Op::StoreValueInWasmMemoryBufferIndexZero(24),
            "store-value-in-wasm-memory-buffer-index-zero(24)",
        ),
        (
            Op::GetWasmMemoryBufferPointer,
            "get-wasm-memory-buffer-pointer()",
        ),
        (
            Op::ReadWasmMemoryBufferAndReturnIndexOne,
            "read-wasm-memory-buffer-and-return-index-one()",
        ),
        (Op::BufferLen, "buffer-len()"),
        (
            Op::Store {
                index: 5,
                value: 24,
            },
            "store(5, 24)",
        ),
        (Op::Load { index: 7 }, "load(7)"),
        (
            Op::Write {
                offset: 1,
                bytes: vec![25; 8],
            },
            "write(1, [25, 25, 25, 25, 25, 25, 25, 25])",
        ),
        (
            Op::Write {
                offset: 2,
                bytes: vec![0; 9],
            },
            "write(2, <9 bytes>)",
        ),
        (Op::Read { offset: 3, len: 4 }, "read(3, 4)"),
        (Op::MemoryPages, "memory-pages()"),
        (Op::GrowMemory { pages: 6 }, "grow-memory(6)"),
    ];
    for (op, expected) in named {
        assert_eq!(format!("{op:?}"), expected);
    }
}

#[test]
fn the_honest_fixture_passes_every_kind_of_call() {
    let mut checker = checker("oracle-honest.wasm", &[]);
    let calls = [
        (Op::StoreValueInWasmMemoryBufferIndexZero(24), Answer::Value),
        (
            Op::Write {
                offset: 1,
                bytes: vec![25],
            },
            Answer::Ok,
        ),
        (Op::ReadWasmMemoryBufferAndReturnIndexOne, Answer::Value),
        (Op::Read { offset: 0, len: 2 }, Answer::Ok),
        (Op::Load { index: 32 }, Answer::Refused),
        (
            Op::Store {
                index: 31,
                value: 9,
            },
            Answer::Ok,
        ),
        (Op::GrowMemory { pages: 1 }, Answer::Ok),
        (Op::MemoryPages, Answer::Value),
    ];
    for (op, answer) in calls {
        assert_eq!(checker.apply(&op).unwrap(), answer, "{op:?}");
    }
}

#[test]
fn a_divergence_names_the_call_and_both_answers() {
    let lies = [(
        "read",
        "(i32.store (i32.const 72) (i32.const 0)) (call $ok_with (i32.const 1024))",
    )];
    let mut checker = checker("oracle-read-returns-nothing.wasm", &lies);
    let divergence = checker.apply(&Op::Read { offset: 0, len: 2 }).unwrap_err();
    assert!(matches!(
        divergence,
        Divergence::Broke(Violation::Differs { .. })
    ));
    assert_eq!(
        divergence.to_string(),
        "read(0, 2) returned ok([]), expected ok([0, 0])"
    );
}

#[test]
fn a_trap_is_a_divergence_that_names_the_call() {
    let mut checker = checker("oracle-load-traps.wasm", &[("load", "unreachable")]);
    let divergence = checker.apply(&Op::Load { index: 0 }).unwrap_err();
    let Divergence::Trapped { call, error } = &divergence else {
        panic!("not a trap: {divergence}");
    };
    assert_eq!(call, "load(0)");
    assert!(format!("{error:#}").contains("unreachable"), "{error:#}");
    assert!(divergence.to_string().starts_with("load(0) trapped: "));
}

/// The honest fixture's memory is one page: a buffer that, by its pointer,
/// runs into a second page cannot be in it, and the checker will not start.
#[test]
fn a_memory_too_small_for_the_buffer_is_a_divergence_from_the_start() {
    let lies = [("get-wasm-memory-buffer-pointer", "(i32.const 65530)")];
    let instance = instance_of("oracle-buffer-past-memory.wasm", &lies);
    let divergence = Checker::new(instance, Host::new().unwrap().limits().max_memory)
        .err()
        .expect("a divergence");
    assert_eq!(
        divergence.to_string(),
        "the buffer (pointer 65530, 32 bytes) ends at 65562, past the end of the 1-page memory"
    );
}

/// Under the default 4 MiB cap, a memory of 65 pages cannot be.
#[test]
fn a_memory_past_the_hosts_cap_is_a_divergence_from_the_start() {
    let instance = instance_of(
        "oracle-memory-past-cap.wasm",
        &[("memory-pages", "(i32.const 65)")],
    );
    let divergence = Checker::new(instance, Host::new().unwrap().limits().max_memory)
        .err()
        .expect("a divergence");
    assert_eq!(
        divergence.to_string(),
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
        let name = format!("oracle-memory-pages-{answer}-after-growth.wasm");
        let mut checker = checker(&name, &[("memory-pages", &lie)]);
        let grown = checker.grow_memory(1);
        let divergence = grown.expect_err("a divergence");
        assert_eq!(
            divergence.to_string(),
            format!("memory-pages() returned {answer}, expected 1 to 64")
        );
    }
}

/// `grow-memory` is held to the size before and after.
#[test]
fn a_memory_that_does_not_grow_as_it_said_is_a_divergence() {
    let mut checker = checker(
        "oracle-grows-nothing.wasm",
        &[("grow-memory", "(call $ok_with (memory.size))")],
    );
    let divergence = checker.grow_memory(1).expect_err("a divergence");
    assert_eq!(
        divergence.to_string(),
        "memory-pages() after grow-memory(1) returned 1, expected 2"
    );
}
