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
//! The component is `target/wasm32-wasip2/release/linear_memory.wasm`. Its
//! code is the buffer and its exports, in `buffer/` (a crate the streams
//! component shares); this crate is the component that exports them.

#![no_std]

use linear_memory_buffer::LinearMemory;

linear_memory_buffer::export!(LinearMemory);
