//! Differential property tests: random call sequences, edges and wild
//! arguments included, on every implementation, each call held to the
//! contract's rules (`linear_memory_host::Checked`). Any answer the rules
//! rule out, and any trap, fails; so does a run that did not call every
//! function of the WIT, or did not see every `result` come back both `ok`
//! and `err`.
//!
//! The calls are `linear_memory_rules::generate`'s (as the fuzz target's
//! are), made from the bytes proptest generates. CI runs proptest's default
//! 256 sequences of up to 199 calls per implementation (`--nocapture`
//! prints the counts). The long mode runs 10 000 sequences:
//!
//! ```sh
//! PROPTEST_CASES=10000 cargo test -p runner properties -- --nocapture
//! ```

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use arbitrary::Unstructured;
use linear_memory_host::{Answer, Call, Checked, Host, Limits};
use linear_memory_rules::generate::{self, SEQUENCE_MAX_MEMORY};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::contract::{self, Interface};
use super::{IMPLEMENTATIONS, STREAMS_IMPLEMENTATIONS};

/// The buffer length the calls are steered around: every implementation's.
const LEN: u32 = 65536;

/// Each function, with each kind of answer it gave: `value`, `ok` or
/// `refused`.
type Coverage = BTreeSet<(String, &'static str)>;

/// What `answer` is: a plain value, or a `result` `ok` or refused.
fn kind(answer: &Answer) -> &'static str {
    match answer {
        Answer::Value(_) => "value",
        Answer::Ok(_) => "ok",
        Answer::Err(_) => "refused",
    }
}

/// Every function of `interfaces` (as the WIT declares them), with each
/// kind of answer its result can be: `value`, or both `ok` and `refused`.
fn complete(interfaces: &[Interface]) -> Coverage {
    interfaces
        .iter()
        .flat_map(|interface| contract::functions(*interface))
        .flat_map(|(name, returns_result)| match returns_result {
            true => vec![(name.clone(), "ok"), (name, "refused")],
            false => vec![(name, "value")],
        })
        .collect()
}

#[test]
fn every_implementation_agrees_with_the_contract() {
    for implementation in IMPLEMENTATIONS.iter() {
        let host = Host::with_limits(sequence_limits()).unwrap();
        let component = host.load(&implementation.path).unwrap();
        let expected = complete(&[Interface::Buffer]);
        check_sequences(&implementation.name, false, expected, || {
            component.instantiate()
        });
    }
}

#[test]
fn every_streams_implementation_agrees_with_the_contract() {
    for implementation in STREAMS_IMPLEMENTATIONS.iter() {
        let host = Host::concurrent(sequence_limits()).unwrap();
        let component = host.load_streams(&implementation.path).unwrap();
        let expected = complete(&[Interface::Buffer, Interface::Streams]);
        check_sequences(&implementation.name, true, expected, || {
            component.instantiate()
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

/// Runs proptest's sequences (`Config::default()` reads PROPTEST_CASES,
/// default 256), the `streams` interface's calls among them if `streams`,
/// each on a fresh instance `instantiate` makes; then checks the sequences
/// covered all of `expected`, and prints how many ran.
fn check_sequences(
    name: &str,
    streams: bool,
    expected: Coverage,
    instantiate: impl Fn() -> wasmtime::Result<linear_memory_host::Instance>,
) {
    let mut runner = TestRunner::new(Config::default());
    let calls = Cell::new(0);
    let coverage = RefCell::new(Coverage::new());
    let raw = prop::collection::vec(any::<u8>(), 0..8192);
    let result = runner.run(&raw, |raw| {
        let sequence = generate::calls(&mut Unstructured::new(&raw), LEN, streams);
        let mut checked = Checked::new(instantiate().unwrap(), SEQUENCE_MAX_MEMORY).unwrap();
        for call in &sequence {
            let answer = checked.call(call).map_err(|error| fail(call, &error))?;
            let covered = (call.function().to_string(), kind(&answer));
            coverage.borrow_mut().insert(covered);
        }
        calls.set(calls.get() + sequence.len());
        Ok(())
    });
    if let Err(error) = result {
        panic!("{name}: {error}");
    }
    let missing: Vec<_> = expected.difference(&coverage.borrow()).cloned().collect();
    assert!(missing.is_empty(), "{name}: never seen {missing:?}");
    let sequences = runner.config().cases;
    eprintln!(
        "{name}: {sequences} sequences, {} calls, every answer allowed",
        calls.get()
    );
}

/// A call that failed: the rule its answer broke, or its trap.
fn fail(call: &Call, error: &wasmtime::Error) -> TestCaseError {
    TestCaseError::fail(format!("{call}: {error:#}"))
}
