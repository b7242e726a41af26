//! The `streams` interface's calls, which move bytes through `stream<u8>`:
//! the host's end of each stream, and the call made on the store's event
//! loop.
//!
//! The copies each path makes, host and component:
//!
//! | call | copies of each byte | where |
//! |---|---|---|
//! | `write(offset, list<u8>)` | 2 | host `Vec` → memory `cabi_realloc` gave → buffer |
//! | `write-via-stream` | 1 | host `Vec` → buffer ([`Outgoing`]) |
//! | `write-ring-via-stream` | 1 | host `Vec` → buffer, round after round ([`Outgoing`]) |
//! | `read(offset, len)` | 1 | buffer → host `Vec` (the component hands out the buffer's own bytes) |
//! | `read-via-stream` | 1 | buffer → host `Vec` (`Incoming`) |
//!
//! A stream copy happens when both ends have offered a buffer: the component
//! offers the range of its buffer to `stream.read` or `stream.write`, and
//! the host's producer or consumer is handed that range as a slice.

mod incoming;
mod outgoing;

use wasmtime::Store;
use wasmtime::component::StreamReader;

use crate::driver::Driver;
use crate::stream_bindings::LinearMemoryStreams;
use crate::{BufferError, Sandbox, Sent};
use incoming::Incoming;
use outgoing::Outgoing;
pub(crate) use outgoing::Watch;

/// `write-via-stream(offset, len, data)`, where `data` is a stream that
/// carries what `sent` says, then ends: how many bytes the component stored.
pub(crate) fn write_via_stream(
    store: &mut Store<Sandbox>,
    driver: &Driver,
    streams: &LinearMemoryStreams,
    (offset, len): (u32, u32),
    sent: &Sent,
) -> wasmtime::Result<Result<u32, BufferError>> {
    let data = stream(store, sent, None)?;
    let streams = streams.wasm_by_example_linear_memory_streams().clone();
    driver.run_concurrent(store, async move |accessor| {
        streams
            .call_write_via_stream(accessor, offset, len, data)
            .await
    })
}

/// `write-ring-via-stream(data)`, where `data` is a stream that carries
/// what `sent` says, then ends, its producer looking at `watch` before each
/// write: how many bytes came.
pub(crate) fn write_ring_via_stream(
    store: &mut Store<Sandbox>,
    driver: &Driver,
    streams: &LinearMemoryStreams,
    sent: &Sent,
    watch: Option<Watch>,
) -> wasmtime::Result<u64> {
    let data = stream(store, sent, watch)?;
    let streams = streams.wasm_by_example_linear_memory_streams().clone();
    driver.run_concurrent(store, async move |accessor| {
        streams.call_write_ring_via_stream(accessor, data).await
    })
}

/// A stream that carries what `sent` says, then ends. The bytes are shared,
/// not copied: the one copy is into the reader's buffer.
fn stream(
    store: &mut Store<Sandbox>,
    sent: &Sent,
    watch: Option<Watch>,
) -> wasmtime::Result<StreamReader<u8>> {
    let outgoing = Outgoing::in_pieces(sent.bytes.clone(), sent.pieces.clone()).watched(watch);
    let outgoing = if sent.pausing {
        outgoing.pausing()
    } else {
        outgoing
    };
    StreamReader::new(store, outgoing)
}

/// `read-via-stream(offset, len)`, and the bytes its stream carried: read
/// until it ends, or until `take` bytes have come (then dropped). Read to
/// its end, the host takes one byte more than the range holds, which shows
/// a component that sends too much.
pub(crate) fn read_via_stream(
    store: &mut Store<Sandbox>,
    driver: &Driver,
    streams: &LinearMemoryStreams,
    (offset, len): (u32, u32),
    take: Option<u32>,
) -> wasmtime::Result<Result<Vec<u8>, BufferError>> {
    let most = take.unwrap_or(len.saturating_add(1));
    let streams = streams.wasm_by_example_linear_memory_streams().clone();
    driver.run_concurrent(store, async move |accessor| {
        let stream = match streams.call_read_via_stream(accessor, offset, len).await? {
            Ok(stream) => stream,
            Err(refused) => return Ok(Err(refused)),
        };
        let (incoming, received) = Incoming::new(most as usize);
        accessor.with(|store| stream.pipe(store, incoming))?;
        Ok(Ok(received.await?))
    })
}
