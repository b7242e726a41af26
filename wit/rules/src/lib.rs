//! The linear-memory contract's rules as plain Rust, with no WebAssembly
//! engine in them, and the one place they are written.
//!
//! [`Model`] is what the WIT documentation promises: a byte vector and
//! bounds checks written independently of any implementation's.
//! [`Contract`] adds the rules the model does not hold (the pointer, the
//! memory's size, growth) and checks one answer at a time. Two checkers
//! make the calls and hold the answers to it: the runner's oracle
//! (`runner/oracle`, through wasmtime) and the checker component
//! (`interop/checker`, composed between any client and any implementation).
//!
//! Each side's bindings have their own `error` type; [`Refusal`] is what
//! the rules need from it.

#![warn(missing_docs)]

mod contract;
mod model;
mod op;
mod wave;

pub use contract::{Cap, Contract, MOST_PAGES, PAGE, Start, Violation};
pub use model::Model;
pub use op::Op;
pub use wave::Wave;

/// The WIT `error` variant, as one side's bindings generate it, printed
/// in WAVE as `wasmtime run --invoke` prints it. [`refusal!`] implements it.
pub trait Refusal: Sized + PartialEq + Wave {
    /// `out-of-bounds({offset, len, buffer-len})`.
    fn out_of_bounds(offset: u32, len: u32, buffer_len: u32) -> Self;
    /// `grow-refused({current-pages, requested-pages})`.
    fn grow_refused(current_pages: u32, requested_pages: u32) -> Self;
}

/// Implements [`Refusal`] and [`Wave`] for one side's `error` type, given
/// the paths of its two records: wasmtime's `bindgen!` and wit-bindgen's
/// `generate!` name the variant's cases and the records' fields alike, so
/// the error is built and printed here, once.
///
/// ```ignore
/// linear_memory_rules::refusal!(BufferError, OutOfBounds, GrowRefused);
/// ```
#[macro_export]
macro_rules! refusal {
    ($error:ty, $out_of_bounds:ty, $grow_refused:ty) => {
        impl $crate::Refusal for $error {
            fn out_of_bounds(offset: u32, len: u32, buffer_len: u32) -> Self {
                // A type alias: a struct literal cannot start with a macro's path.
                type Record = $out_of_bounds;
                Self::OutOfBounds(Record {
                    offset,
                    len,
                    buffer_len,
                })
            }

            fn grow_refused(current_pages: u32, requested_pages: u32) -> Self {
                type Record = $grow_refused;
                Self::GrowRefused(Record {
                    current_pages,
                    requested_pages,
                })
            }
        }

        impl $crate::Wave for $error {
            fn wave(&self) -> String {
                match self {
                    Self::OutOfBounds(refusal) => format!(
                        "out-of-bounds({{offset: {}, len: {}, buffer-len: {}}})",
                        refusal.offset, refusal.len, refusal.buffer_len
                    ),
                    Self::GrowRefused(refusal) => format!(
                        "grow-refused({{current-pages: {}, requested-pages: {}}})",
                        refusal.current_pages, refusal.requested_pages
                    ),
                }
            }
        }
    };
}
