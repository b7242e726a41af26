//! Differential property tests: random call sequences, edges and wild
//! arguments included, on the component and on `runner::model::Model`.
//! Any divergence, and any trap, fails.
//!
//! CI runs proptest's default 256 sequences of 1 to 199 calls (about 25 000
//! calls; `--nocapture` prints the count). The long mode runs 10 000
//! sequences, about a million calls:
//!
//! ```sh
//! PROPTEST_CASES=10000 cargo test -p runner properties -- --nocapture
//! ```

use std::cell::Cell;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use runner::model::{Checker, Op};

use super::{COMPONENT, instance};

const LEN: u32 = 65536;

/// An offset or index: mostly near the edges (0, the end, u32::MAX).
fn position() -> impl Strategy<Value = u32> {
    prop_oneof![
        3 => 0..64u32,
        3 => (LEN - 64)..(LEN + 64),
        1 => (u32::MAX - 64)..=u32::MAX,
        2 => 0..LEN,
        2 => any::<u32>(),
    ]
}

fn length() -> impl Strategy<Value = u32> {
    prop_oneof![3 => 0..32u32, 1 => position()]
}

/// A `list<u8>`: empty, small, large, or larger than the buffer.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => prop::collection::vec(any::<u8>(), 0..32),
        2 => prop::collection::vec(any::<u8>(), 0..4096),
        // Long lists of one repeated byte: as good a test, much cheaper to make.
        1 => (any::<u8>(), prop_oneof![Just(LEN as usize), Just(LEN as usize + 1), Just(100_000)])
            .prop_map(|(byte, len)| vec![byte; len]),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => any::<u8>().prop_map(Op::StoreValueInWasmMemoryBufferIndexZero),
        1 => Just(Op::GetWasmMemoryBufferPointer),
        1 => Just(Op::ReadWasmMemoryBufferAndReturnIndexOne),
        1 => Just(Op::BufferLen),
        1 => Just(Op::MemoryPages),
        4 => (position(), any::<u8>()).prop_map(|(index, value)| Op::Store { index, value }),
        4 => position().prop_map(|index| Op::Load { index }),
        4 => (position(), bytes()).prop_map(|(offset, bytes)| Op::Write { offset, bytes }),
        4 => (position(), length()).prop_map(|(offset, len)| Op::Read { offset, len }),
        1 => prop_oneof![0..4u32, Just(65536), any::<u32>()].prop_map(|pages| Op::GrowMemory { pages }),
    ]
}

#[test]
fn the_component_agrees_with_the_contract() {
    // `Config::default()` reads PROPTEST_CASES (default 256).
    let mut runner = TestRunner::new(Config::default());
    let calls = Cell::new(0);
    let result = runner.run(&prop::collection::vec(op(), 1..200), |ops| {
        let mut checker = Checker::new(instance(), COMPONENT.limits().max_memory).unwrap();
        for op in &ops {
            checker
                .apply(op)
                .map_err(|divergence| TestCaseError::fail(divergence.to_string()))?;
        }
        calls.set(calls.get() + ops.len());
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    let (sequences, calls) = (runner.config().cases, calls.get());
    eprintln!("{sequences} sequences, {calls} calls, no divergence");
}
