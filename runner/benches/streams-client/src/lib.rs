//! The bench-streams-client world: the transfers the benchmark times, by
//! list and by stream, made in a loop from inside a component. `.ci/bench`
//! builds it and composes it with the Rust streams implementation:
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p bench-streams-client -p linear-memory-streams
//! wac plug target/wasm32-wasip2/release/bench_streams_client.wasm \
//!     --plug target/wasm32-wasip2/release/linear_memory_streams.wasm \
//!     -o target/bench/bench-streams-client+rust-streams.wasm
//! ```

use std::hint::black_box;
use std::sync::Mutex;

use exports::wasm_by_example::linear_memory::stream_calls::Guest;
use wasm_by_example::linear_memory::{buffer, streams};

wit_bindgen::generate!({ path: "../../../wit", world: "bench-streams-client" });

struct Calls;

/// The bytes the write calls send, kept from one call of an export to the
/// next: filled once per size, not once per call (a 16 MiB fill would
/// otherwise be timed with every loop of a few calls).
static SENT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// `len` bytes to send, taken from [`SENT`] (filled only if its length is
/// not `len`); give them back with [`keep`].
fn sent(len: u32) -> Vec<u8> {
    let mut kept = std::mem::take(&mut *SENT.lock().unwrap());
    if kept.len() != len as usize {
        kept = vec![0xA5; len as usize];
    }
    kept
}

/// Gives the bytes [`sent`] took back for the next call.
fn keep(bytes: Vec<u8>) {
    *SENT.lock().unwrap() = bytes;
}

impl Guest for Calls {
    fn write(count: u32, len: u32) {
        let bytes = sent(len);
        for _ in 0..count {
            buffer::write(0, black_box(&bytes)).expect("the bytes fit");
        }
        keep(bytes);
    }

    fn read(count: u32, len: u32) {
        for _ in 0..count {
            black_box(buffer::read(0, len).expect("the bytes are in the buffer"));
        }
    }

    /// wit-bindgen's stream write takes the `Vec` and hands back its
    /// storage with its length set to 0, the bytes still in it: each write
    /// sends the same bytes again, as the list path lends the same bytes
    /// every time.
    async fn write_via_stream(count: u32, len: u32) {
        let mut bytes = sent(len);
        for _ in 0..count {
            let (mut writer, reader) = wit_stream::new();
            let call = streams::write_via_stream(0, len, reader);
            // The writer is dropped when the write is done: the stream ends.
            let send = async move { writer.write_all(black_box(bytes)).await };
            let (stored, rest) = futures::join!(call, send);
            assert_eq!(stored.ok(), Some(len), "the bytes fit");
            bytes = rest;
            assert!(bytes.is_empty() && bytes.capacity() >= len as usize);
            // SAFETY: the storage is the `Vec` `sent` gave, whose first `len`
            // bytes were initialised; a stream write only reads them
            // (`AbiBuffer::into_vec`: "the backing storage ... has not
            // changed"), and a `u8` has no drop to have run.
            unsafe { bytes.set_len(len as usize) };
        }
        keep(bytes);
    }

    /// As `write_via_stream`: the same bytes sent again, one call each.
    async fn write_ring_via_stream(count: u32, len: u32) {
        let mut bytes = sent(len);
        for _ in 0..count {
            let (mut writer, reader) = wit_stream::new();
            let call = streams::write_ring_via_stream(reader);
            let send = async move { writer.write_all(black_box(bytes)).await };
            let (came, rest) = futures::join!(call, send);
            assert_eq!(came, u64::from(len), "every byte came");
            bytes = rest;
            assert!(bytes.is_empty() && bytes.capacity() >= len as usize);
            // SAFETY: as in `write_via_stream`.
            unsafe { bytes.set_len(len as usize) };
        }
        keep(bytes);
    }

    /// Each stream is read into the spare capacity of one `Vec`, emptied
    /// first: nothing is filled or allocated per read.
    async fn read_via_stream(count: u32, len: u32) {
        let mut bytes = Vec::with_capacity(len as usize + 1);
        for _ in 0..count {
            let mut stream = streams::read_via_stream(0, len)
                .await
                .expect("the bytes are in the buffer");
            bytes.clear();
            loop {
                let (result, filled) = stream.read(bytes).await;
                bytes = filled;
                if !matches!(result, wit_bindgen::StreamResult::Complete(_))
                    || bytes.len() > len as usize
                {
                    break;
                }
            }
            assert_eq!(black_box(&bytes).len(), len as usize);
        }
    }
}

export!(Calls);
