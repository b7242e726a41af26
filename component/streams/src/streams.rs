//! The `streams` exports: the buffer filled from and drained into a
//! `stream<u8>`, one copy per byte.
//!
//! wit-bindgen's stream types read into and write from a `Vec` the component
//! owns, so a byte would be copied into that `Vec` and again into the
//! buffer. These two exports are written by hand, like `read`: they call the
//! canonical ABI's `stream.read` and `stream.write` with the buffer's own
//! range, so the only copy is the one the runtime makes between the two
//! ends' buffers, from the host's memory or from another component's.
//!
//! Both are `async` exports in the async ABI's callback form: the entry
//! point starts a [`Transfer`]; when a copy has to wait for the other end,
//! it returns "wait", and the runtime calls the callback with the copy's
//! outcome. Nothing blocks, and other calls can run in between.

mod abi;
mod transfer;

use crate::buffer;
use transfer::{Direction, Transfer};

/// `write-via-stream: async func(offset: u32, len: u32, data: stream<u8>) ->
/// result<u32, error>`: the range is checked before anything is read.
#[unsafe(export_name = "[async-lift]wasm-by-example:linear-memory/streams@0.1.0#write-via-stream")]
extern "C" fn write_via_stream(offset: u32, len: u32, data: u32) -> u32 {
    match buffer::locate(offset, len) {
        Ok(start) => Transfer::new(Direction::IntoBuffer, data, start, len).run(),
        Err(out_of_bounds) => {
            abi::stream_drop_readable(data);
            abi::return_stored(Err(out_of_bounds));
            abi::CALLBACK_EXIT
        }
    }
}

#[unsafe(export_name = "[callback][async-lift]wasm-by-example:linear-memory/streams@0.1.0#write-via-stream")]
extern "C" fn write_via_stream_callback(event: u32, _end: u32, code: u32) -> u32 {
    Transfer::resume(event, code)
}

/// `write-ring-via-stream: async func(data: stream<u8>) -> u64`: the whole
/// buffer offered to `stream.read`, round after round, until `data` ends.
#[unsafe(export_name = "[async-lift]wasm-by-example:linear-memory/streams@0.1.0#write-ring-via-stream")]
extern "C" fn write_ring_via_stream(data: u32) -> u32 {
    let Ok(start) = buffer::locate(0, buffer::LEN_U32) else {
        // The whole buffer is a range of it: never reached.
        core::arch::wasm32::unreachable()
    };
    Transfer::new(Direction::IntoRing, data, start, buffer::LEN_U32).run()
}

#[unsafe(export_name = "[callback][async-lift]wasm-by-example:linear-memory/streams@0.1.0#write-ring-via-stream")]
extern "C" fn write_ring_via_stream_callback(event: u32, _end: u32, code: u32) -> u32 {
    Transfer::resume(event, code)
}

/// `read-via-stream: async func(offset: u32, len: u32) ->
/// result<stream<u8>, error>`: the stream is returned first, then filled.
#[unsafe(export_name = "[async-lift]wasm-by-example:linear-memory/streams@0.1.0#read-via-stream")]
extern "C" fn read_via_stream(offset: u32, len: u32) -> u32 {
    match buffer::locate(offset, len) {
        Ok(start) => {
            let stream = abi::new_stream();
            abi::return_stream(Ok(stream.readable));
            Transfer::new(Direction::OutOfBuffer, stream.writable, start, len).run()
        }
        Err(out_of_bounds) => {
            abi::return_stream(Err(out_of_bounds));
            abi::CALLBACK_EXIT
        }
    }
}

#[unsafe(export_name = "[callback][async-lift]wasm-by-example:linear-memory/streams@0.1.0#read-via-stream")]
extern "C" fn read_via_stream_callback(event: u32, _end: u32, code: u32) -> u32 {
    Transfer::resume(event, code)
}
