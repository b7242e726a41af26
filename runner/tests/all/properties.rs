//! Differential property tests: random call sequences, edges and wild
//! arguments included, on every implementation and on
//! `linear_memory_oracle::Model`. Any divergence, and any trap, fails; so does a
//! run that did not call every function, or did not see every `result`
//! come back both `ok` and `err`.
//!
//! CI runs proptest's default 256 sequences of 1 to 199 calls per
//! implementation (about 25 000 calls; `--nocapture` prints the counts). The
//! long mode runs 10 000 sequences, about a million calls each:
//!
//! ```sh
//! PROPTEST_CASES=10000 cargo test -p runner properties -- --nocapture
//! ```

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use linear_memory_host::{Host, Limits};
use linear_memory_oracle::{
    Answer, Checker, Divergence, MAX_SEQUENCE, Op, SEQUENCE_MAX_MEMORY, StreamOp,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::{IMPLEMENTATIONS, STREAMS_IMPLEMENTATIONS};

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

/// Each function, with each kind of answer it can give.
type Coverage = BTreeSet<(&'static str, Answer)>;

/// Every function called, and every `result` seen both `ok` and refused.
fn complete() -> Coverage {
    let values = [
        "store-value-in-wasm-memory-buffer-index-zero",
        "get-wasm-memory-buffer-pointer",
        "read-wasm-memory-buffer-and-return-index-one",
        "buffer-len",
        "memory-pages",
    ]
    .map(|function| (function, Answer::Value));
    let results = ["store", "load", "write", "read", "grow-memory"]
        .into_iter()
        .flat_map(|function| [(function, Answer::Ok), (function, Answer::Refused)]);
    values.into_iter().chain(results).collect()
}

#[test]
fn every_implementation_agrees_with_the_contract() {
    for implementation in IMPLEMENTATIONS.iter() {
        let host = Host::with_limits(sequence_limits()).unwrap();
        let component = host.load(&implementation.path).unwrap();
        check_sequences(&implementation.name, op(), complete(), |ops| {
            let instance = component.instantiate().unwrap();
            let mut checker = Checker::new(instance, component.limits().max_memory).unwrap();
            ops.iter()
                .map(|op| Ok((op.function(), checker.apply(op)?)))
                .collect()
        });
    }
}

/// The host the sequences run on: room for any sequence's growth.
fn sequence_limits() -> Limits {
    Limits {
        max_memory: SEQUENCE_MAX_MEMORY,
        ..Limits::default()
    }
}

/// Runs proptest's sequences of `op` (`Config::default()` reads
/// PROPTEST_CASES, default 256), each by `run` on a fresh instance, which
/// returns what each call covered or the first divergence; then checks the
/// sequences covered all of `expected`, and prints how many ran.
fn check_sequences<T: Clone + std::fmt::Debug>(
    name: &str,
    op: impl Strategy<Value = T>,
    expected: Coverage,
    run: impl Fn(&[T]) -> Result<Coverage, Divergence>,
) {
    let mut runner = TestRunner::new(Config::default());
    let calls = Cell::new(0);
    let coverage = RefCell::new(Coverage::new());
    let result = runner.run(&prop::collection::vec(op, 1..=MAX_SEQUENCE), |ops| {
        let covered =
            run(&ops).map_err(|divergence| TestCaseError::fail(divergence.to_string()))?;
        coverage.borrow_mut().extend(covered);
        calls.set(calls.get() + ops.len());
        Ok(())
    });
    if let Err(error) = result {
        panic!("{name}: {error}");
    }
    let missing: Vec<_> = expected.difference(&coverage.borrow()).copied().collect();
    assert!(missing.is_empty(), "{name}: never seen {missing:?}");
    let sequences = runner.config().cases;
    eprintln!(
        "{name}: {sequences} sequences, {} calls, no divergence",
        calls.get()
    );
}

/// Where the host cuts a stream into writes: anywhere, 0-byte writes too.
fn pieces() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(prop_oneof![3 => 0..16usize, 1 => 0..5000usize], 0..6)
}

/// A call of the `linear-memory-streams` world: the stream calls with
/// streams cut at random points, shorter or longer than the range, from a
/// writer that is ready at once or keeps the component waiting, read to the
/// end or dropped early, among `buffer`'s calls on the same bytes.
fn stream_op() -> impl Strategy<Value = StreamOp> {
    prop_oneof![
        4 => op().prop_map(StreamOp::Buffer),
        4 => (position(), length(), bytes(), pieces(), any::<bool>()).prop_map(
            |(offset, len, bytes, pieces, pausing)| {
                StreamOp::WriteViaStream { offset, len, bytes, pieces, pausing }
            }
        ),
        4 => (position(), length(), prop_oneof![3 => Just(u32::MAX), 1 => 0..64u32])
            .prop_map(|(offset, len, most)| StreamOp::ReadViaStream { offset, len, most }),
    ]
}

/// The stream calls, each seen both `ok` and refused, and `buffer`'s.
fn complete_with_streams() -> Coverage {
    let streams = ["write-via-stream", "read-via-stream"]
        .into_iter()
        .flat_map(|function| [(function, Answer::Ok), (function, Answer::Refused)]);
    complete().into_iter().chain(streams).collect()
}

#[test]
fn every_streams_implementation_agrees_with_the_contract() {
    for implementation in STREAMS_IMPLEMENTATIONS.iter() {
        let host = Host::concurrent(sequence_limits()).unwrap();
        let component = host.load_streams(&implementation.path).unwrap();
        check_sequences(
            &implementation.name,
            stream_op(),
            complete_with_streams(),
            |ops| {
                let instance = component.instantiate().unwrap();
                let mut checker = Checker::new(instance, component.limits().max_memory).unwrap();
                ops.iter()
                    .map(|op| Ok((op.function(), checker.apply_streams(op)?)))
                    .collect()
            },
        );
    }
}
