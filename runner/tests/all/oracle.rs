//! The oracle itself (`linear_memory_oracle`): a checker that let a lie
//! through, or named the wrong call, would make every test that trusts it
//! pass for nothing. Each lie here is one the lesson's own checks also
//! catch (`lies.rs`), on the same honest fixture.

use linear_memory_host::{Host, Instance};
use linear_memory_oracle::{Answer, Checker, Divergence, Op};

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
    assert!(matches!(divergence, Divergence::Differs { .. }));
    assert_eq!(
        divergence.to_string(),
        "read(0, 2): the component answered Ok([]), the contract says Ok([0, 0])"
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
    assert!(error.contains("unreachable"), "{error}");
    assert!(divergence.to_string().starts_with("load(0) trapped: "));
}

/// The honest fixture's memory is one page: a buffer that, by its pointer,
/// runs into a second page cannot be in it.
#[test]
fn a_memory_too_small_for_the_buffer_is_a_divergence() {
    let lies = [("get-wasm-memory-buffer-pointer", "(i32.const 65530)")];
    let mut checker = checker("oracle-buffer-past-memory.wasm", &lies);
    let divergence = checker.apply(&Op::MemoryPages).unwrap_err();
    assert_eq!(
        divergence.to_string(),
        "memory-pages(): the component answered 1, the contract says 2 to 64"
    );
}

/// Under the default 4 MiB cap, a memory of 65 pages cannot be.
#[test]
fn a_memory_past_the_hosts_cap_is_a_divergence() {
    let mut checker = checker(
        "oracle-memory-past-cap.wasm",
        &[("memory-pages", "(i32.const 65)")],
    );
    let divergence = checker.apply(&Op::MemoryPages).unwrap_err();
    assert_eq!(
        divergence.to_string(),
        "memory-pages(): the component answered 65, the contract says 1 to 64"
    );
}
