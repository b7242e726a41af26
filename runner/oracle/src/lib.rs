//! Test support: the contract as plain Rust, for differential testing, as
//! wasmtime keeps its oracles in a crate of their own (`crates/fuzzing`).
//!
//! [`Model`] is what the WIT documentation promises, with no WebAssembly in
//! it: a byte vector and bounds checks written independently of the
//! component's. [`Checker`] makes the same [`Op`] on a component and on the
//! model and reports the first answer that differs. The runner's property
//! tests and its fuzz target (`runner/fuzz`) generate the operations.

#![warn(missing_docs)]

mod checker;
mod model;
mod op;

pub use checker::{Answer, Checker, Divergence};
pub use model::Model;
pub use op::{Op, StreamOp};

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
