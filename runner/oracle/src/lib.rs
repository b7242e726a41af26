//! The contract as plain Rust, in a crate of its own as wasmtime keeps its
//! oracles (`crates/fuzzing`), and the one place its rules are written.
//!
//! [`Model`] is what the WIT documentation promises, with no WebAssembly in
//! it: a byte vector and bounds checks written independently of the
//! component's. [`Checker`] makes each call on a component, compares the
//! answer with the model's and the contract's other rules, and hands back
//! only an answer the contract allows. The runner's lessons make every call
//! through it; its property tests and its fuzz target (`runner/fuzz`) make
//! generated [`Op`]s through it. [`Wave`] prints the answers.

#![warn(missing_docs)]

mod checker;
mod model;
mod op;
mod wave;

pub use checker::{Answer, Checker, Divergence, Grown, MOST_PAGES, Start};
pub use model::Model;
pub use op::{Op, StreamOp};
pub use wave::Wave;

/// The most calls in one generated sequence, for the property tests and the
/// fuzz target alike.
pub const MAX_SEQUENCE: usize = 199;

/// The memory cap of the host that generated sequences run on: more than any
/// sequence can reach ([`MAX_SEQUENCE`] `grow-memory` calls of at most 3
/// pages each, above where an implementation starts). Under a cap within
/// reach, a host that leaves no room for a large list makes any
/// implementation trap in its realloc (the canonical ABI gives it no way to
/// refuse an argument): that is the host's limit, which `limits.rs` tests on
/// every implementation, not the contract.
pub const SEQUENCE_MAX_MEMORY: usize = 64 << 20;
