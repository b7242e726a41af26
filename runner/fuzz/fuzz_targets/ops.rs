//! Fuzzes the component through the runner: any sequence of calls must get
//! the answers `runner::model::Model` gives, and never trap.
//!
//! From the workspace root, with cargo-fuzz and the nightly toolchain. The
//! component is built with stable first (nightly's wasm32-wasip2 standard
//! library may not be downloadable) and handed to the runner's build script;
//! LTO is turned off because the sanitizer's coverage counters do not survive
//! it (the link fails). The first fuzz build takes about ten minutes:
//!
//! ```sh
//! cargo install cargo-fuzz --locked
//! cargo build --release --target wasm32-wasip2 -p linear-memory
//! LINEAR_MEMORY_WASM=$PWD/target/wasm32-wasip2/release/linear_memory.wasm CARGO_PROFILE_RELEASE_LTO=false \
//!     cargo +nightly fuzz run --fuzz-dir runner/fuzz ops -- -max_total_time=30
//! ```
//!
//! The fuzzer sees coverage of the host side only (the component is compiled
//! by Cranelift, uninstrumented), so arguments are steered towards the
//! buffer's edges instead of left to chance.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use runner::model::{Checker, Op};
use runner::{Host, LoadedComponent};

static COMPONENT: LazyLock<LoadedComponent> = LazyLock::new(|| {
    let host = Host::new().expect("wasmtime engine");
    host.load(runner::DEFAULT_COMPONENT)
        .expect("the workspace's component loads")
});

const LEN: u32 = 65536;

/// Maps a raw fuzzer `u32` to an offset near 0, near the end of the buffer,
/// near `u32::MAX`, or anywhere.
fn edge(raw: u32) -> u32 {
    let near = (raw >> 2) % 128;
    match raw % 4 {
        0 => near,
        1 => LEN - 64 + near,
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
    for op in ops.into_iter().map(steer) {
        if let Err(divergence) = checker.apply(&op) {
            panic!("{divergence}");
        }
    }
});
