//! A test fixture: the `linear-memory-streams` world built on wit-bindgen's
//! own stream API, as its documentation and tests build one. Each chunk `write-via-stream` reads lands in a `Vec` first and
//! is then copied into the buffer; `read-via-stream` writes from a `Vec`
//! copied out of it. Two copies where the project's component makes one, and
//! every answer what the WIT says: the runner must run it, show where its
//! copies are, and never call it a contract breaker
//! (`runner/tests/all/honest.rs`).
//!
//! The buffer and its `buffer` exports are the project's (`component/buffer`),
//! 64 KiB unless `LINEAR_MEMORY_BUFFER_LEN` says otherwise at build time; so
//! is the `no_std` runtime, which wit-bindgen's async support runs on too.

#![no_std]

extern crate alloc;

use alloc::vec::Vec;

use exports::wasm_by_example::linear_memory::buffer::OutOfBounds;
use exports::wasm_by_example::linear_memory::streams::{Error, Guest};
use linear_memory_buffer::buffer;
use linear_memory_buffer::exports::wasm_by_example::linear_memory::buffer::OutOfBounds as Refusal;
use wit_bindgen::{StreamReader, StreamResult};

use linear_memory_buffer::LinearMemory;

linear_memory_buffer::export!(LinearMemory);

wit_bindgen::generate!({
    path: "../../../wit",
    world: "linear-memory-streams",
    with: {
        "wasm-by-example:linear-memory/buffer@0.1.0": linear_memory_buffer::exports::wasm_by_example::linear_memory::buffer,
    },
});

/// The buffer crate's refusal as `streams`' error: wit-bindgen generates the
/// `buffer` types `streams` uses here again, with the same fields.
fn refused(error: Refusal) -> Error {
    Error::OutOfBounds(OutOfBounds {
        offset: error.offset,
        len: error.len,
        buffer_len: error.buffer_len,
    })
}

struct Streams;

// Only `streams`: the world's `export!` would export `buffer` again, which
// `linear_memory_buffer::export!` above already does. (wit-bindgen writes a
// macro per exported interface; `export!` calls each.)
exports::wasm_by_example::linear_memory::streams::__export_wasm_by_example_linear_memory_streams_0_1_0_cabi!(
    Streams with_types_in exports::wasm_by_example::linear_memory::streams
);

impl Guest for Streams {
    async fn write_via_stream(
        offset: u32,
        len: u32,
        mut data: StreamReader<u8>,
    ) -> Result<u32, Error> {
        buffer::locate(offset, len).map_err(refused)?;
        let mut stored = 0;
        while stored < len {
            let (result, chunk) = data.read(Vec::with_capacity((len - stored) as usize)).await;
            if let StreamResult::Complete(_) = result {
                buffer::write(offset + stored, &chunk).map_err(refused)?;
                stored += chunk.len() as u32;
            } else {
                break;
            }
        }
        Ok(stored)
    }

    async fn write_ring_via_stream(mut data: StreamReader<u8>) -> u64 {
        let len = buffer::LEN_U32;
        let mut came: u64 = 0;
        loop {
            // The rest of this round, counted from where the last chunk ended.
            let at = (came % u64::from(len)) as u32;
            let (result, chunk) = data.read(Vec::with_capacity((len - at) as usize)).await;
            let StreamResult::Complete(_) = result else {
                return came;
            };
            // Inside the buffer: the chunk is at most the rest of the round.
            buffer::write(at, &chunk).ok();
            came += chunk.len() as u64;
        }
    }

    async fn read_via_stream(offset: u32, len: u32) -> Result<StreamReader<u8>, Error> {
        let start = buffer::locate(offset, len).map_err(refused)?;
        let (mut writer, reader) = wit_stream::new();
        wit_bindgen::spawn_local(async move {
            // SAFETY: `locate` checked the range; the buffer is a static that
            // never moves, and nothing else runs while this copy is made.
            let bytes = unsafe { core::slice::from_raw_parts(start, len as usize) }.to_vec();
            writer.write_all(bytes).await;
        });
        Ok(reader)
    }
}
