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
//! The crate is `no_std` because the standard library would make the
//! component import WASI (stdio, environment, clocks, ...), which the buffer
//! never uses. Without it the component imports nothing and stays under
//! 16 KiB (`runner/tests/all/artifact.rs` holds both); `runtime.rs` supplies
//! the three things `std` would otherwise provide.

#![no_std]

extern crate alloc;

mod buffer;
mod guest;
mod memory;
mod read;
mod runtime;

use guest::LinearMemory;

wit_bindgen::generate!({
    path: "../wit",
    world: "linear-memory",
    // Written by hand in `read.rs`, to hand the host the buffer's own bytes.
    skip: ["read"],
});

export!(LinearMemory);
