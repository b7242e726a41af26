//! The canonical ABI's async built-ins this component calls, and the codes
//! they and the callbacks exchange (the component model's
//! `CanonicalABI.md`, "Canonical built-ins").
//!
//! The component linker (`wasm-component-ld`, through wit-component) turns
//! each import below into the built-in its name says: `[stream-read-0]f` is
//! `stream.read` on the first stream type in `f`'s signature, `[async-lower]`
//! makes it return at once instead of blocking, and `[task-return]f` is how
//! an async export hands back its result. Nothing here is imported from the
//! host: the component still imports no interface.

use core::arch::wasm32;

use linear_memory_buffer::exports::wasm_by_example::linear_memory::buffer::OutOfBounds;

/// What an async export's entry point and callback return: done, or wait for
/// an event in a waitable set.
pub const CALLBACK_EXIT: u32 = 0;
const CALLBACK_WAIT: u32 = 2;

/// The events a callback is called with (the rest cannot reach this
/// component: it makes no subtasks and uses no futures).
pub const EVENT_STREAM_READ: u32 = 2;
pub const EVENT_STREAM_WRITE: u32 = 3;
pub const EVENT_TASK_CANCELLED: u32 = 6;

/// `stream.read` and `stream.write` answer this when the other end has not
/// offered a buffer yet: the copy happens later, and an event says how it went.
const BLOCKED: u32 = u32::MAX;

/// How a copy between a stream and the buffer went, from the code
/// `stream.read`/`stream.write` or an event carries: `count << 4 | status`.
pub enum Copied {
    /// Nothing yet: wait for an event.
    Later,
    /// `count` bytes moved; if `open` is false, the other end is gone (or
    /// the copy was cancelled) and no more will.
    Now { count: u32, open: bool },
}

impl Copied {
    pub fn decode(code: u32) -> Copied {
        const COMPLETED: u32 = 0;
        const DROPPED: u32 = 1;
        const CANCELLED: u32 = 2;
        let count = code >> 4;
        match code {
            BLOCKED => Copied::Later,
            _ => match code & 0xf {
                COMPLETED => Copied::Now { count, open: true },
                DROPPED | CANCELLED => Copied::Now { count, open: false },
                // A code the ABI does not define: a runtime bug. Stop at once.
                _ => wasm32::unreachable(),
            },
        }
    }
}

/// The value an async export's entry point or callback returns to wait for
/// the next event in `set`.
pub fn wait_in(set: u32) -> u32 {
    CALLBACK_WAIT | (set << 4)
}

#[link(wasm_import_module = "$root")]
unsafe extern "C" {
    #[link_name = "[context-get-0]"]
    safe fn context_get() -> u32;
    #[link_name = "[context-set-0]"]
    safe fn context_set(value: u32);
    #[link_name = "[waitable-set-new]"]
    pub safe fn waitable_set_new() -> u32;
    #[link_name = "[waitable-join]"]
    pub safe fn waitable_join(waitable: u32, set: u32);
    #[link_name = "[waitable-set-drop]"]
    pub safe fn waitable_set_drop(set: u32);
}

// The built-ins that take a handle are safe to call with any value: the
// runtime traps on a handle this component does not hold. The two that take
// a pointer (`stream_read`, `stream_write`) are not: the runtime copies into
// or out of that memory later, while this component's code runs on.
#[link(wasm_import_module = "[export]wasm-by-example:linear-memory/streams@0.1.0")]
unsafe extern "C" {
    #[link_name = "[task-return]write-via-stream"]
    safe fn task_return_write_via_stream(is_err: u32, a: u32, b: u32, c: u32, d: u32);
    #[link_name = "[async-lower][stream-read-0]write-via-stream"]
    pub fn stream_read(readable: u32, into: *mut u8, len: u32) -> u32;
    #[link_name = "[stream-cancel-read-0]write-via-stream"]
    pub safe fn stream_cancel_read(readable: u32) -> u32;
    #[link_name = "[stream-drop-readable-0]write-via-stream"]
    pub safe fn stream_drop_readable(readable: u32);

    #[link_name = "[task-return]write-ring-via-stream"]
    pub safe fn return_ring_count(count: u64);
    #[link_name = "[async-lower][stream-read-0]write-ring-via-stream"]
    pub fn ring_stream_read(readable: u32, into: *mut u8, len: u32) -> u32;
    #[link_name = "[stream-cancel-read-0]write-ring-via-stream"]
    pub safe fn ring_stream_cancel_read(readable: u32) -> u32;
    #[link_name = "[stream-drop-readable-0]write-ring-via-stream"]
    pub safe fn ring_stream_drop_readable(readable: u32);

    #[link_name = "[task-return]read-via-stream"]
    safe fn task_return_read_via_stream(is_err: u32, a: u32, b: u32, c: u32, d: u32);
    #[link_name = "[stream-new-0]read-via-stream"]
    safe fn stream_new() -> u64;
    #[link_name = "[async-lower][stream-write-0]read-via-stream"]
    pub fn stream_write(writable: u32, from: *const u8, len: u32) -> u32;
    #[link_name = "[stream-drop-writable-0]read-via-stream"]
    pub safe fn stream_drop_writable(writable: u32);
}

/// A `stream<u8>`'s two ends, as handles: `stream.new` packs them into one
/// `u64`, the readable end in the low half.
pub struct NewStream {
    pub readable: u32,
    pub writable: u32,
}

pub fn new_stream() -> NewStream {
    let ends = stream_new();
    NewStream {
        readable: ends as u32,
        writable: (ends >> 32) as u32,
    }
}

/// A `result<T, error>` whose `ok` is one 32-bit word (`u32`, a stream
/// handle), flattened into the five words `task.return` takes, as the table
/// in `read.rs` describes.
fn flatten(result: Result<u32, OutOfBounds>) -> [u32; 5] {
    match result {
        Ok(word) => [0, word, 0, 0, 0],
        Err(OutOfBounds {
            offset,
            len,
            buffer_len,
        }) => [1, 0, offset, len, buffer_len],
    }
}

/// `write-via-stream`'s result: how many bytes it stored, or why none.
pub fn return_stored(result: Result<u32, OutOfBounds>) {
    let [is_err, a, b, c, d] = flatten(result);
    task_return_write_via_stream(is_err, a, b, c, d);
}

/// `read-via-stream`'s result: the readable end of its stream, or why none.
pub fn return_stream(result: Result<u32, OutOfBounds>) {
    let [is_err, a, b, c, d] = flatten(result);
    task_return_read_via_stream(is_err, a, b, c, d);
}

/// Each call's state lives on the heap between events; the task's context
/// slot holds its address, so the callback finds it.
pub fn save_task_state(address: *mut u8) {
    // wasm32 addresses are 32 bits wide, so this conversion is exact.
    context_set(address.expose_provenance() as u32);
}

pub fn task_state() -> *mut u8 {
    core::ptr::with_exposed_provenance_mut(context_get() as usize)
}
