//! One call's copy between a stream and a range of the buffer, carried from
//! the export's entry point through the callbacks that report each copy.

use alloc::boxed::Box;
use core::arch::wasm32;

use super::abi::{self, Copied};

/// Which way the bytes go.
#[derive(Clone, Copy)]
pub enum Direction {
    /// `write-via-stream`: `stream.read` into the buffer; the result, how
    /// many bytes were stored, is returned at the end.
    IntoBuffer,
    /// `write-ring-via-stream`: `stream.read` into the whole buffer, round
    /// after round, until the stream ends; the result, how many bytes came,
    /// is returned at the end.
    IntoRing,
    /// `read-via-stream`: `stream.write` out of the buffer; the result, the
    /// stream, was returned before the first copy.
    OutOfBuffer,
}

/// A call in progress.
pub struct Transfer {
    direction: Direction,
    /// This component's end of the stream: the readable end for
    /// `IntoBuffer`, the writable end for `OutOfBuffer`.
    end: u32,
    /// The range of the buffer, checked by `buffer::locate`.
    start: *mut u8,
    len: u32,
    /// How many bytes have moved so far: round the range more than once,
    /// for a ring.
    moved: u64,
    /// Whether the other end is gone: no more bytes will move.
    other_end_gone: bool,
    /// The waitable set the call waits in, made the first time it waits.
    set: Option<u32>,
}

impl Transfer {
    pub fn new(direction: Direction, end: u32, start: *mut u8, len: u32) -> Box<Transfer> {
        Box::new(Transfer {
            direction,
            end,
            start,
            len,
            moved: 0,
            other_end_gone: false,
            set: None,
        })
    }

    /// Copies until the range is done or the other end is gone, then ends
    /// the call; or, when a copy has to wait for the other end, keeps the
    /// call's state and waits. Returns what the export or callback returns.
    pub fn run(mut self: Box<Self>) -> u32 {
        while !self.done() {
            match Copied::decode(self.start_copy()) {
                Copied::Later => return self.wait(),
                Copied::Now { count, open } => self.advance(count, open),
            }
        }
        self.finish();
        abi::CALLBACK_EXIT
    }

    /// The callback: carries on with the call whose state the task keeps.
    pub fn resume(event: u32, code: u32) -> u32 {
        // SAFETY: only `wait` saves a task's state, a `Box<Transfer>` it
        // leaked, and the runtime calls the callback once per wait, in the
        // same task (each task has a context slot of its own).
        let mut this = unsafe { Box::from_raw(abi::task_state().cast::<Transfer>()) };
        match (event, Copied::decode(code)) {
            (abi::EVENT_STREAM_READ | abi::EVENT_STREAM_WRITE, Copied::Now { count, open }) => {
                this.advance(count, open);
                this.run()
            }
            (abi::EVENT_TASK_CANCELLED, _) => this.cancel(),
            // An event this component never waits for: a runtime bug.
            _ => wasm32::unreachable(),
        }
    }

    /// Whether no more bytes will move: the other end is gone, or the range
    /// is done (a ring's never is).
    fn done(&self) -> bool {
        self.other_end_gone
            || match self.direction {
                Direction::IntoRing => false,
                Direction::IntoBuffer | Direction::OutOfBuffer => self.moved == u64::from(self.len),
            }
    }

    /// Offers the rest of the range to the stream: for a ring, the rest of
    /// this round's.
    fn start_copy(&mut self) -> u32 {
        // `moved` is less than `len` outside a ring (see `done`), and the
        // remainder of a division by `len` inside one: an offset inside the
        // range, which fits in a `u32`.
        let offset = (self.moved % u64::from(self.len)) as u32;
        let len = self.len - offset;
        // SAFETY: the offset stays inside the range, which lies inside the
        // buffer. The runtime copies into or out of `at .. at + len` before
        // it reports the copy, and only while no code of this component
        // runs; this component touches the buffer only inside one call's
        // code at a time (see `buffer.rs`), never through a reference that
        // lives across a wait.
        unsafe {
            let at = self.start.add(offset as usize);
            match self.direction {
                Direction::IntoBuffer => abi::stream_read(self.end, at, len),
                Direction::IntoRing => abi::ring_stream_read(self.end, at, len),
                Direction::OutOfBuffer => abi::stream_write(self.end, at, len),
            }
        }
    }

    fn advance(&mut self, count: u32, open: bool) {
        self.moved += u64::from(count);
        self.other_end_gone = !open;
    }

    /// Keeps the call's state in the task and waits for the copy's event.
    fn wait(mut self: Box<Self>) -> u32 {
        let end = self.end;
        let set = *self.set.get_or_insert_with(|| {
            let set = abi::waitable_set_new();
            abi::waitable_join(end, set);
            set
        });
        abi::save_task_state(Box::into_raw(self).cast());
        abi::wait_in(set)
    }

    /// Drops this component's end and, for `write-via-stream`, returns the
    /// count: a writer with more to send sees the stream dropped. (The
    /// call's state is freed when the `Box` holding it goes.)
    fn finish(&mut self) {
        self.close();
        match self.direction {
            // `moved` is at most `len` outside a ring.
            Direction::IntoBuffer => abi::return_stored(Ok(self.moved as u32)),
            Direction::IntoRing => abi::return_ring_count(self.moved),
            Direction::OutOfBuffer => {}
        }
    }

    /// The caller cancelled the call while it waited for bytes: stop the
    /// copy in flight, and end the call as if the stream had ended there.
    /// The bytes stored so far stay stored, and the count says how many.
    /// (`streams.wit`, `write-via-stream`, says so to callers.)
    fn cancel(&mut self) -> u32 {
        let cancel_read = match self.direction {
            Direction::IntoBuffer => abi::stream_cancel_read,
            Direction::IntoRing => abi::ring_stream_cancel_read,
            // `read-via-stream` returns before its first copy, and a task
            // that has returned is never cancelled.
            Direction::OutOfBuffer => wasm32::unreachable(),
        };
        // A synchronous cancel traps on an end that is still in a waitable
        // set: leave it first.
        self.leave_set();
        // The copy may have moved bytes before it stopped: the code says.
        match Copied::decode(cancel_read(self.end)) {
            Copied::Now { count, .. } => self.advance(count, false),
            // A synchronous cancel always says how the copy ended.
            Copied::Later => wasm32::unreachable(),
        }
        self.finish();
        abi::CALLBACK_EXIT
    }

    /// Takes this component's end out of the waitable set, if the call ever
    /// waited, and drops the set.
    fn leave_set(&mut self) {
        if let Some(set) = self.set.take() {
            // Set 0 means none: the end leaves the set before the set goes.
            abi::waitable_join(self.end, 0);
            abi::waitable_set_drop(set);
        }
    }

    /// Leaves the waitable set and drops this component's end of the stream.
    fn close(&mut self) {
        self.leave_set();
        match self.direction {
            Direction::IntoBuffer => abi::stream_drop_readable(self.end),
            Direction::IntoRing => abi::ring_stream_drop_readable(self.end),
            Direction::OutOfBuffer => abi::stream_drop_writable(self.end),
        }
    }
}
