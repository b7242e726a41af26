//! The bench-client world: the calls the benchmark times, made in a loop
//! from inside a component. `.ci/bench` builds it and composes it with the
//! Rust implementation:
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p bench-client
//! wac plug target/wasm32-wasip2/release/bench_client.wasm \
//!     --plug target/wasm32-wasip2/release/linear_memory.wasm -o target/bench/bench-client+rust.wasm
//! ```

use std::hint::black_box;

use exports::wasm_by_example::linear_memory::calls::Guest;
use wasm_by_example::linear_memory::buffer;

wit_bindgen::generate!({ path: "../../../wit", world: "bench-client" });

struct Calls;

impl Guest for Calls {
    fn buffer_len(count: u32) {
        for _ in 0..count {
            black_box(buffer::buffer_len());
        }
    }

    fn write(count: u32, len: u32) {
        let bytes = vec![0xA5; len as usize];
        for _ in 0..count {
            buffer::write(0, black_box(&bytes)).expect("the bytes fit");
        }
    }

    fn read(count: u32, len: u32) {
        for _ in 0..count {
            black_box(buffer::read(0, len).expect("the bytes are in the buffer"));
        }
    }
}

export!(Calls);
