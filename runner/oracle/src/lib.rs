//! The runner's checker: a component's answers held to the contract's rules
//! (`wit/rules`) as wasmtime hands them back, in a crate of its own as
//! wasmtime keeps its oracles (`crates/fuzzing`).
//!
//! [`Checker`] makes each call on a component and hands back only an answer
//! the [`Contract`](linear_memory_rules::Contract) allows. The runner's
//! lessons make every call through it; its property tests and its fuzz
//! target (`runner/fuzz`) make generated [`Op`]s and [`StreamOp`]s through it.

#![warn(missing_docs)]

mod checker;
mod op;

pub use checker::{Answer, Checker, Divergence, Grown};
pub use linear_memory_rules::{MOST_PAGES, Op, Start, Violation, Wave};
pub use op::StreamOp;

/// The contract's model, answering in the host's error type.
pub type Model = linear_memory_rules::Model<linear_memory_host::BufferError>;

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
