//! The `read` export, written by hand to remove a copy.
//!
//! wit-bindgen's version of `read` returns a `Vec<u8>`: the bytes are copied
//! out of the buffer into a fresh allocation, the host copies them again out
//! of that, and a post-return function frees it. This one returns a list
//! that points straight into the buffer: the host's copy is the only one,
//! nothing is allocated, and nothing needs freeing, so the module exports no
//! `cabi_post_…#read`. That is sound because the host copies the list out
//! (lifts it) as soon as the call returns, before it can make another call,
//! and the buffer is a static that never moves.

use core::cell::UnsafeCell;

use crate::buffer;
use crate::exports::wasm_by_example::linear_memory::buffer::OutOfBounds;

/// Where the canonical ABI expects a `result<list<u8>, error>` that is too
/// big to return in registers: 20 bytes, 4-aligned, as five `u32` words.
///
/// | word | `ok(list)`                 | `err(out-of-bounds(r))`     |
/// |------|----------------------------|-----------------------------|
/// | 0    | 0: `ok`                    | 1: `err`                    |
/// | 1    | list address               | 0: case `out-of-bounds`     |
/// | 2    | list length                | `r.offset`                  |
/// | 3    | unused                     | `r.len`                     |
/// | 4    | unused                     | `r.buffer-len`              |
///
/// (A discriminant is one byte; wasm is little-endian, so a `u32` word
/// holding it puts it first and fills the padding with zeros.)
struct ReturnArea(UnsafeCell<[u32; 5]>);

// SAFETY: as for the buffer (see `buffer.rs`): one export runs at a time, and
// the host reads the area before it makes another call.
unsafe impl Sync for ReturnArea {}

static RETURN_AREA: ReturnArea = ReturnArea(UnsafeCell::new([0; 5]));

/// `read: func(offset: u32, len: u32) -> result<list<u8>, error>`, as the
/// core function the canonical ABI calls: two `i32` arguments in, the
/// address of the result out.
#[unsafe(export_name = "wasm-by-example:linear-memory/buffer@0.1.0#read")]
extern "C" fn read(offset: u32, len: u32) -> *mut [u32; 5] {
    let words = match buffer::locate(offset, len) {
        // wasm32 addresses are 32 bits wide, so this conversion is exact.
        Ok(start) => [0, start.addr() as u32, len, 0, 0],
        Err(OutOfBounds {
            offset,
            len,
            buffer_len,
        }) => [1, 0, offset, len, buffer_len],
    };
    let area = RETURN_AREA.0.get();
    // SAFETY: see `impl Sync for ReturnArea`; nothing else holds a reference.
    unsafe { area.write(words) };
    area
}
