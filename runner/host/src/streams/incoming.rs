//! The bytes a host receives from a `stream<u8>`: a consumer that copies
//! them straight out of the writer's buffer.

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::sync::oneshot;
use wasmtime::StoreContextMut;
use wasmtime::component::{Source, StreamConsumer, StreamResult};

/// Collects what a stream carries, up to a number of bytes, then drops the
/// stream; hands the bytes over when it stops, or when the writer ends the
/// stream first.
///
/// When the writer is a component, each write is copied once, from the
/// memory it offered to `stream.write` ([`Source::as_direct`]), for
/// `read-via-stream` the buffer itself, into this `Vec`.
pub(crate) struct Incoming {
    bytes: Vec<u8>,
    /// How many bytes to take before dropping the stream.
    wanted: usize,
    /// Where the bytes go when this stops.
    done: Option<oneshot::Sender<Vec<u8>>>,
}

impl Incoming {
    /// A consumer that keeps the first `wanted` bytes, and where they arrive.
    pub(crate) fn new(wanted: usize) -> (Self, oneshot::Receiver<Vec<u8>>) {
        let (done, received) = oneshot::channel();
        let incoming = Self {
            bytes: Vec::with_capacity(wanted),
            wanted,
            done: Some(done),
        };
        (incoming, received)
    }

    fn hand_over(&mut self) {
        if let Some(done) = self.done.take() {
            // The receiver is gone only when the call was given up on.
            done.send(std::mem::take(&mut self.bytes)).ok();
        }
    }
}

impl<D: 'static> StreamConsumer<D> for Incoming {
    type Item = u8;

    fn poll_consume(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        store: StoreContextMut<D>,
        source: Source<'_, u8>,
        _finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let this = self.get_mut();
        let mut direct = source.as_direct(store);
        let offered = direct.remaining();
        let count = offered.len().min(this.wanted - this.bytes.len());
        this.bytes.extend_from_slice(&offered[..count]);
        direct.mark_read(count);
        if this.bytes.len() < this.wanted {
            return Poll::Ready(Ok(StreamResult::Completed));
        }
        this.hand_over();
        Poll::Ready(Ok(StreamResult::Dropped))
    }
}

/// The writer ended the stream (or the store went away) before `wanted`.
impl Drop for Incoming {
    fn drop(&mut self) {
        self.hand_over();
    }
}
