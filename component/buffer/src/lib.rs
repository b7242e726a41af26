//! The buffer in a component's linear memory, and the `buffer` interface's
//! exports over it: what both of the workspace's components are made of.
//! The lesson's component (`component/src/lib.rs`) exports it as it is; the
//! streams component (`component/streams`) exports it beside `streams`.
//!
//! The crate is `no_std` because the standard library would make a
//! component import WASI (stdio, environment, clocks, ...), which the buffer
//! never uses. Without it the component imports nothing and stays under
//! 16 KiB (`runner/tests/all/artifact.rs` holds both); `runtime.rs` supplies
//! the three things `std` would otherwise provide.

#![no_std]

extern crate alloc;

pub mod buffer;
mod guest;
mod memory;
mod read;
mod runtime;

pub use guest::LinearMemory;

wit_bindgen::generate!({
    path: "../../wit",
    world: "linear-memory",
    // Written by hand in `read.rs`, to hand the host the buffer's own bytes.
    skip: ["read"],
    // Each component exports these bindings from its own crate, with
    // `linear_memory_buffer::export!(LinearMemory)`.
    pub_export_macro: true,
    default_bindings_module: "linear_memory_buffer",
});
