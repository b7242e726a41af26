//! Fuzzes a component through the runner: any sequence of calls must get
//! the answers `linear_memory_oracle::Model` gives, and never trap.
//!
//! Built and run by `runner/fuzz/run` (which says why it builds the way it
//! does); `.ci/test` runs it on every implementation, 10 000 sequences each.
//! From the workspace root:
//!
//! ```sh
//! runner/fuzz/run 1000000
//! LINEAR_MEMORY_COMPONENT=path/to/other.wasm target/debug/ops -runs=10000
//! ```
//!
//! `LINEAR_MEMORY_COMPONENT` chooses the component at run time; without it,
//! the one the runner was built around. The crate keeps cargo-fuzz's
//! layout: with cargo-fuzz and the nightly toolchain,
//! `cargo +nightly fuzz run --fuzz-dir runner/fuzz ops` builds and runs it
//! too, with wasmtime instrumented as well.
//!
//! The fuzzer sees the coverage of the model, the runner and this target
//! only (the component is compiled by Cranelift, uninstrumented), so
//! arguments are steered towards the buffer's edges instead of left to
//! chance.

#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use linear_memory_host::{Host, Limits, LoadedComponent};
use linear_memory_oracle::{Checker, MAX_SEQUENCE, Op, SEQUENCE_MAX_MEMORY};

/// The component under test, loaded once, on a host with the property
/// tests' memory cap (and for the same reason: see `SEQUENCE_MAX_MEMORY`).
static COMPONENT: LazyLock<LoadedComponent> = LazyLock::new(|| {
    let path = std::env::var_os("LINEAR_MEMORY_COMPONENT").map_or_else(
        || PathBuf::from(linear_memory_host::DEFAULT_COMPONENT),
        PathBuf::from,
    );
    let limits = Limits {
        max_memory: SEQUENCE_MAX_MEMORY,
        ..Limits::default()
    };
    let host = Host::with_limits(limits).expect("wasmtime engine");
    host.load(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
});

/// The component's buffer length, which the offsets are steered around.
static LEN: LazyLock<u32> = LazyLock::new(|| {
    let mut instance = COMPONENT.instantiate().expect("instantiate");
    instance.buffer_len().expect("buffer-len")
});

/// Maps a raw fuzzer `u32` to an offset near 0, near the end of the buffer,
/// near `u32::MAX`, or anywhere.
fn edge(raw: u32) -> u32 {
    let near = (raw >> 2) % 128;
    let len = *LEN;
    match raw % 4 {
        0 => near,
        1 => len.saturating_sub(64).saturating_add(near),
        2 => u32::MAX - near,
        _ => raw,
    }
}

fn steer(op: Op) -> Op {
    match op {
        Op::Store { index, value } => Op::Store {
            index: edge(index),
            value,
        },
        Op::Load { index } => Op::Load { index: edge(index) },
        Op::Write { offset, bytes } => Op::Write {
            offset: edge(offset),
            bytes,
        },
        Op::Read { offset, len } => Op::Read {
            offset: edge(offset),
            len: edge(len),
        },
        Op::GrowMemory { pages } => Op::GrowMemory { pages: pages % 4 },
        other => other,
    }
}

fuzz_target!(|ops: Vec<Op>| {
    let instance = COMPONENT.instantiate().expect("instantiate");
    let mut checker = Checker::new(instance, COMPONENT.limits().max_memory).expect("checker");
    for op in ops.into_iter().take(MAX_SEQUENCE).map(steer) {
        if let Err(divergence) = checker.apply(&op) {
            panic!("{divergence}");
        }
    }
});
