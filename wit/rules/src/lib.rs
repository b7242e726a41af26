//! The linear-memory contract as plain Rust, with no WebAssembly engine in
//! it: the calls, and the rules their answers obey.
//!
//! [`Call`] is one call of the contract, [`Answer`] what it answered.
//! [`Contract`] makes a call and holds its answer to the rules, given the
//! answers before it; [`Model`] is the buffer as the WIT documentation
//! promises it, a byte vector with bounds checks written independently of
//! any implementation's. The runner holds every answer a component gives it
//! to them (`linear_memory_host::Checked`, through wasmtime), and so does the
//! checker component (`interop/checker`), which any host or client puts in
//! front of an implementation.
//!
//! Each side's bindings have their own `error` type; [`Refusal`] is what
//! the rules need from it.

#![warn(missing_docs)]

mod answer;
mod contract;
#[cfg(feature = "arbitrary")]
pub mod generate;
mod memory;
mod model;
mod violation;
mod wave;

pub use answer::{Answer, Value};
pub use contract::{Call, Contract, Sent};
pub use memory::{Cap, MOST_PAGES, PAGE, Start};
pub use model::Model;
pub use violation::Violation;
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
