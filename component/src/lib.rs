//! The `linear-memory` world in Rust: a byte buffer kept in this component's
//! own linear memory, exported as `wasm-by-example:linear-memory/buffer`.
//!
//! Build it (`cargo run` and `cargo test` do this for you, see
//! `runner/host/build.rs`):
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p linear-memory
//! ```
//!
//! The component is `target/wasm32-wasip2/release/linear_memory.wasm`.
//!
//! The crate is `no_std` because the standard library would add 13 WASI
//! imports (stdio, environment, clocks, ...) that the buffer never uses.
//! Without it the component imports nothing and stays under 16 KiB;
//! `runtime.rs` supplies the three things `std` would otherwise provide.

#![no_std]

extern crate alloc;

mod buffer;
mod memory;
mod read;
mod runtime;

use alloc::vec::Vec;

use exports::wasm_by_example::linear_memory::buffer::{Error, Guest};

wit_bindgen::generate!({
    path: "../wit",
    world: "linear-memory",
    // Written by hand in `read.rs`, to hand the host the buffer's own bytes.
    skip: ["read"],
});

/// The component: each export is a thin call into `buffer` or `memory`.
struct LinearMemory;

impl Guest for LinearMemory {
    fn store_value_in_wasm_memory_buffer_index_zero(value: u8) {
        buffer::store_index_zero(value);
    }

    fn get_wasm_memory_buffer_pointer() -> u32 {
        buffer::address()
    }

    fn read_wasm_memory_buffer_and_return_index_one() -> u8 {
        buffer::load_index_one()
    }

    fn buffer_len() -> u32 {
        buffer::LEN_U32
    }

    fn store(index: u32, value: u8) -> Result<(), Error> {
        buffer::store(index, value).map_err(Error::OutOfBounds)
    }

    fn load(index: u32) -> Result<u8, Error> {
        buffer::load(index).map_err(Error::OutOfBounds)
    }

    fn write(offset: u32, bytes: Vec<u8>) -> Result<(), Error> {
        buffer::write(offset, &bytes).map_err(Error::OutOfBounds)
    }

    fn memory_pages() -> u32 {
        memory::pages()
    }

    fn grow_memory(pages: u32) -> Result<u32, Error> {
        memory::grow(pages)
    }
}

export!(LinearMemory);
