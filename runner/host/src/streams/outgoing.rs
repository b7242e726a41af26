//! The bytes a host sends into a `stream<u8>`: a producer that copies them
//! straight into the reader's buffer.

use std::ops::Range;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use wasmtime::StoreContextMut;
use wasmtime::component::{Destination, StreamProducer, StreamResult};

use crate::CoreMemory;

/// Bytes to send, in pieces, then the end of the stream. `B` holds them:
/// a `Vec<u8>`, or anything else that can be shared with the store (an
/// `Arc<[u8]>` sends the same bytes many times without copying them first).
///
/// When the reader is a component, each piece is copied once, from these
/// bytes into the memory the component offered to `stream.read`
/// ([`Destination::as_direct`]): for `write-via-stream`, the buffer itself.
#[derive(Debug)]
pub(crate) struct Outgoing<B = Vec<u8>> {
    bytes: B,
    /// How much is sent so far.
    sent: usize,
    /// The most each write sends, in order, round and round; none: writes
    /// as large as the reader allows.
    pieces: Vec<usize>,
    /// How many writes there have been: which piece is next.
    writes: usize,
    /// Whether each write waits a turn of the event loop first.
    pausing: bool,
    /// Whether the write under way has waited its turn.
    paused: bool,
    /// What to look at before each write, if anything.
    watch: Option<Watch>,
}

/// Bytes of the reader's memory a producer looks at before each write: a
/// debugger's view (`--inspect`) of a ring filling, round by round.
#[derive(Clone, Debug)]
pub(crate) struct Watch {
    /// The memory that holds them.
    pub(crate) memory: CoreMemory,
    /// Where they are in it.
    pub(crate) range: Range<usize>,
    /// What they held before each write, in order.
    pub(crate) seen: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl<B: AsRef<[u8]>> Outgoing<B> {
    /// `bytes`, written `pieces[0]` bytes first, then `pieces[1]`, ..., and
    /// after the last `pieces[0]` again (a reader that offers less takes
    /// less), then the end; with no pieces, in writes as large as the reader
    /// allows. A piece of 0 counts as 1: a host's write always carries a
    /// byte (wasmtime stops a producer that answers a read with nothing).
    pub(crate) fn in_pieces(bytes: B, pieces: Vec<usize>) -> Self {
        Self {
            bytes,
            sent: 0,
            pieces,
            writes: 0,
            pausing: false,
            paused: false,
            watch: None,
        }
    }

    /// The same bytes, looking at `watch`'s bytes before each write.
    pub(crate) fn watched(self, watch: Option<Watch>) -> Self {
        Self { watch, ..self }
    }

    /// The same bytes from a writer that is not ready at once: each write
    /// waits a turn of the event loop first, as a network would make it
    /// wait, so the component's `stream.read` has to wait for it.
    pub(crate) fn pausing(self) -> Self {
        Self {
            pausing: true,
            ..self
        }
    }

    fn rest(&self) -> &[u8] {
        &self.bytes.as_ref()[self.sent..]
    }
}

impl<D: 'static, B: AsRef<[u8]> + Send + Unpin + 'static> StreamProducer<D> for Outgoing<B> {
    type Item = u8;
    type Buffer = Option<u8>;

    fn poll_produce<'a>(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
        store: StoreContextMut<'a, D>,
        destination: Destination<'a, u8, Self::Buffer>,
        _finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let this = self.get_mut();
        if this.pausing && !this.paused {
            this.paused = true;
            // Ready again at once: poll this write on the next turn.
            context.waker().wake_by_ref();
            return Poll::Pending;
        }
        this.paused = false;
        if let Some(watch) = &this.watch {
            let before = watch.memory.bytes(&store).get(watch.range.clone());
            let mut seen = watch
                .seen
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            seen.push(before.unwrap_or_default().to_vec());
        }
        let piece = match this.pieces.len() {
            0 => usize::MAX,
            count => this.pieces[this.writes % count].max(1),
        };
        this.writes += 1;
        let offer = this.rest().len().min(piece);
        // A host reader's `Vec` grows to `offer`; a component's buffer is
        // what it offered.
        let mut direct = destination.as_direct(store, offer);
        let room = direct.remaining();
        let count = room.len().min(offer);
        room[..count].copy_from_slice(&this.rest()[..count]);
        direct.mark_written(count);
        this.sent += count;
        Poll::Ready(Ok(if this.rest().is_empty() {
            StreamResult::Dropped
        } else {
            StreamResult::Completed
        }))
    }
}
