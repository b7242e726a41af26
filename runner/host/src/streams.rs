//! Calls into one instance of a `linear-memory-streams` component: its
//! `buffer`, and its `streams`, which move bytes through `stream<u8>`.
//!
//! The copies each path makes, host and component:
//!
//! | call | copies of each byte | where |
//! |---|---|---|
//! | `write(offset, list<u8>)` | 2 | host `Vec` → memory `cabi_realloc` gave → buffer |
//! | `write-via-stream` | 1 | host `Vec` → buffer ([`Outgoing`]) |
//! | `read(offset, len)` | 1 | buffer → host `Vec` (the component hands out the buffer's own bytes) |
//! | `read-via-stream` | 1 | buffer → host `Vec` (`Incoming`) |
//!
//! A stream copy happens when both ends have offered a buffer: the component
//! offers the range of its buffer to `stream.read` or `stream.write`, and
//! the host's producer or consumer is handed that range as a slice.

mod incoming;
mod outgoing;

use wasmtime::component::{Accessor, StreamReader};

use crate::stream_bindings::LinearMemoryStreams;
use crate::{BufferError, Instance, Sandbox};
use incoming::Incoming;
pub use outgoing::Outgoing;

/// One instance of a `linear-memory-streams` component: its `buffer` calls
/// are [`StreamsInstance::buffer`]'s, an [`Instance`]; the two stream calls
/// are its own, and run on the store's event loop, each under the
/// instance's deadline for the code it runs and its timeout for the whole
/// call, waiting included.
pub struct StreamsInstance {
    /// The instance and its `buffer` calls, on a concurrent host.
    pub buffer: Instance,
    bindings: LinearMemoryStreams,
}

impl StreamsInstance {
    pub(crate) fn new(buffer: Instance, bindings: LinearMemoryStreams) -> Self {
        Self { buffer, bindings }
    }

    /// `write-via-stream(offset, len, data)`: `data` is a stream that
    /// carries `bytes` and ends. Returns how many the component stored.
    pub fn write_via_stream<B: AsRef<[u8]> + Send + Sync + Unpin + 'static>(
        &mut self,
        offset: u32,
        len: u32,
        bytes: Outgoing<B>,
    ) -> wasmtime::Result<Result<u32, BufferError>> {
        let data = StreamReader::new(self.buffer.store_mut(), bytes)?;
        let streams = self
            .bindings
            .wasm_by_example_linear_memory_streams()
            .clone();
        self.run(async move |accessor| {
            streams
                .call_write_via_stream(accessor, offset, len, data)
                .await
        })
    }

    /// `read-via-stream(offset, len)`, and the bytes its stream carries,
    /// read to the stream's end: all of them, up to
    /// [`StreamsInstance::all_of`]`(len)`.
    pub fn read_via_stream(
        &mut self,
        offset: u32,
        len: u32,
    ) -> wasmtime::Result<Result<Vec<u8>, BufferError>> {
        self.read_via_stream_taking(offset, len, Self::all_of(len))
    }

    /// How many bytes [`StreamsInstance::read_via_stream`] takes of a stream
    /// for a range of `len`: one more than asked for, which tells a
    /// component that sends too much (the host then drops the stream).
    pub fn all_of(len: u32) -> u32 {
        len.saturating_add(1)
    }

    /// `read-via-stream(offset, len)`, read by a host that drops the stream
    /// once it has `most` bytes (or when the stream ends first).
    pub fn read_via_stream_taking(
        &mut self,
        offset: u32,
        len: u32,
        most: u32,
    ) -> wasmtime::Result<Result<Vec<u8>, BufferError>> {
        let streams = self
            .bindings
            .wasm_by_example_linear_memory_streams()
            .clone();
        self.run(async move |accessor| {
            let stream = match streams.call_read_via_stream(accessor, offset, len).await? {
                Ok(stream) => stream,
                Err(refused) => return Ok(Err(refused)),
            };
            let (incoming, received) = Incoming::new(most as usize);
            accessor.with(|store| stream.pipe(store, incoming))?;
            Ok(Ok(received.await?))
        })
    }

    /// Runs `call` on the store's event loop, with a fresh deadline.
    fn run<R>(
        &mut self,
        call: impl AsyncFnOnce(&Accessor<Sandbox>) -> wasmtime::Result<R> + Send,
    ) -> wasmtime::Result<R> {
        self.buffer.run_concurrent(call)
    }
}

/// For code that takes either kind of instance, and makes `buffer` calls.
impl AsMut<Instance> for StreamsInstance {
    fn as_mut(&mut self) -> &mut Instance {
        &mut self.buffer
    }
}
