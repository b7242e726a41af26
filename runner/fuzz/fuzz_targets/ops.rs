//! Fuzzes a component through the runner: any sequence of calls must get
//! answers the contract's rules allow (`linear_memory_host::Checked`), and
//! never trap.
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
//! the one the runner was built around. A component of the
//! `linear-memory-streams` world gets stream calls too (`runner/fuzz/run`
//! fuzzes the workspace's streams component beside every implementation). The crate keeps cargo-fuzz's
//! layout: with cargo-fuzz and the nightly toolchain,
//! `cargo +nightly fuzz run --fuzz-dir runner/fuzz ops` builds and runs it
//! too, with wasmtime instrumented as well.
//!
//! The fuzzer sees the coverage of the rules, the runner and this target
//! only (the component is compiled by Cranelift, uninstrumented), so
//! `linear_memory_rules::generate` steers the arguments towards the
//! buffer's edges instead of leaving them to chance.

#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use linear_memory_host::{Call, Checked, Host, Instance, Limits, LoadedComponent, LoadedStreams};
use linear_memory_rules::generate::{self, SEQUENCE_MAX_MEMORY};

/// The component under test, loaded once: of the `linear-memory-streams`
/// world if it implements it (then the sequences make stream calls too),
/// else of `linear-memory`.
enum Fuzzed {
    Buffer(LoadedComponent),
    Streams(LoadedStreams),
}

impl Fuzzed {
    /// A fresh instance.
    fn instantiate(&self) -> Instance {
        let instance = match self {
            Fuzzed::Buffer(component) => component.instantiate(),
            Fuzzed::Streams(component) => component.instantiate(),
        };
        instance.expect("instantiate")
    }
}

/// The component, on a host with the property tests' memory cap (and for
/// the same reason: see `SEQUENCE_MAX_MEMORY`).
static COMPONENT: LazyLock<Fuzzed> = LazyLock::new(|| {
    let path = std::env::var_os("LINEAR_MEMORY_COMPONENT").map_or_else(
        || PathBuf::from(linear_memory_host::DEFAULT_COMPONENT),
        PathBuf::from,
    );
    let streams = Host::concurrent(LIMITS).expect("wasmtime engine");
    if let Ok(component) = streams.load_streams(&path) {
        return Fuzzed::Streams(component);
    }
    let host = Host::with_limits(LIMITS).expect("wasmtime engine");
    let component = host
        .load(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    Fuzzed::Buffer(component)
});

const LIMITS: Limits = Limits {
    max_memory: SEQUENCE_MAX_MEMORY,
    timeout: Limits::DEFAULT_TIMEOUT,
};

/// The component's buffer length, which the offsets are steered around.
static LEN: LazyLock<u32> = LazyLock::new(|| {
    let mut instance = COMPONENT.instantiate();
    let len = instance.call(&Call::BufferLen).expect("buffer-len").value();
    len.and_then(|len| u32::try_from(len).ok())
        .expect("a length")
});

fuzz_target!(|bytes: &[u8]| {
    let streams = matches!(*COMPONENT, Fuzzed::Streams(_));
    let calls = generate::calls(&mut Unstructured::new(bytes), *LEN, streams);
    let instance = COMPONENT.instantiate();
    let mut checked = Checked::new(instance, SEQUENCE_MAX_MEMORY).expect("checked");
    for call in &calls {
        if let Err(error) = checked.call(call) {
            panic!("{call}: {error:#}");
        }
    }
});
