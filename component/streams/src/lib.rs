//! The `linear-memory-streams` world in Rust: the lesson component's buffer,
//! exported as `buffer` and also as `streams`, which fills and drains it
//! through `stream<u8>` with one copy per byte.
//!
//! Build it (`cargo run` and `cargo test` do this for you, see
//! `runner/host/build.rs`):
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p linear-memory-streams
//! ```
//!
//! The component is `target/wasm32-wasip2/release/linear_memory_streams.wasm`.
//!
//! It is a second component, not a feature of the first, so the lesson's
//! component stays as small as it is; the buffer and the `buffer` exports
//! are the same crate's (`component/buffer`). Like that one it is `no_std`
//! and imports nothing: the async ABI's built-ins
//! (`stream.read`, `task.return`, ...) come from the runtime, not the host.

#![no_std]

extern crate alloc;

mod streams;

use linear_memory_buffer::{LinearMemory, buffer};

linear_memory_buffer::export!(LinearMemory);

wit_bindgen::generate!({
    path: "../../wit",
    world: "linear-memory-streams",
    // `buffer` is the shared crate's, exported above.
    with: {
        "wasm-by-example:linear-memory/buffer@0.1.0": linear_memory_buffer::exports::wasm_by_example::linear_memory::buffer,
    },
    // Written by hand in `streams.rs`: each hands over a range of the
    // buffer itself.
    skip: ["write-via-stream", "write-ring-via-stream", "read-via-stream"],
});
