//! The lesson as a command component: it imports
//! `wasm-by-example:linear-memory/buffer` and, being a Rust binary built for
//! wasm32-wasip2, exports `wasi:cli/run`. On its own it cannot run, since
//! nothing provides the buffer; composed with an implementation it can:
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p lesson-client
//! wac plug target/wasm32-wasip2/release/lesson-client.wasm \
//!     --plug target/wasm32-wasip2/release/linear_memory.wasm -o composed.wasm
//! wasmtime run composed.wasm
//! ```
//!
//! Inside the composition, the client's calls reach the implementation
//! component to component; the canonical ABI copies the bytes between their
//! two linear memories, and neither sees the other's.

use std::process::ExitCode;

use wasm_by_example::linear_memory::buffer::{self, Error};

wit_bindgen::generate!({
    inline: "
        package wasm-by-example:lesson-client;
        world lesson-client { import wasm-by-example:linear-memory/buffer@0.1.0; }
    ",
    path: "../../../wit",
    world: "wasm-by-example:lesson-client/lesson-client",
    // The interface comes from another package (the contract's).
    generate_all,
});

fn main() -> ExitCode {
    match lesson() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: the buffer refused a request: {error:?}");
            ExitCode::FAILURE
        }
    }
}

fn lesson() -> Result<(), Error> {
    let pointer = buffer::get_wasm_memory_buffer_pointer();
    println!("The buffer is at address {pointer} of the implementation's memory.");

    buffer::store_value_in_wasm_memory_buffer_index_zero(24);
    let bytes = buffer::read(0, 2)?;
    println!("Part 1: store-value-in-wasm-memory-buffer-index-zero(24); read(0, 2) -> {bytes:?}");

    buffer::write(1, &[25])?;
    let index_one = buffer::read_wasm_memory_buffer_and_return_index_one();
    println!(
        "Part 2: write(1, [25]); read-wasm-memory-buffer-and-return-index-one() -> {index_one}"
    );

    let before = buffer::memory_pages();
    let previous = buffer::grow_memory(1)?;
    let after = buffer::memory_pages();
    let moved = buffer::get_wasm_memory_buffer_pointer() != pointer;
    println!(
        "Part 3: grow-memory(1) -> {previous}; memory-pages() {before} -> {after}; the buffer {}",
        if moved { "moved" } else { "stayed put" }
    );
    println!("        read(0, 2) -> {:?}", buffer::read(0, 2)?);

    let len = buffer::buffer_len();
    println!("Part 4: load({len}) -> {:?}", buffer::load(len));
    Ok(())
}
