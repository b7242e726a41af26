//! The buffer: a fixed region of this component's linear memory, and
//! bounds-checked access to it. A request that reaches outside the buffer
//! becomes an [`OutOfBounds`] value, never a trap.

use core::cell::UnsafeCell;

use crate::exports::wasm_by_example::linear_memory::buffer::OutOfBounds;

/// The buffer's length in bytes: 64 KiB, or what `LINEAR_MEMORY_BUFFER_LEN`
/// says when the crate is built. The lessons run on any length of 2 bytes or
/// more, and the runner's tests build 2 bytes, 16 and 1 MiB to show it.
pub const LEN: usize = match option_env!("LINEAR_MEMORY_BUFFER_LEN") {
    None => 64 * 1024,
    Some(digits) => match usize::from_str_radix(digits, 10) {
        Ok(len) => len,
        Err(_) => panic!("LINEAR_MEMORY_BUFFER_LEN is a length in bytes"),
    },
};

/// [`LEN`] as the contract's `u32`; the assertion makes the conversion exact
/// and guarantees the seed's indices 0 and 1 exist.
pub const LEN_U32: u32 = LEN as u32;
const _: () = assert!(LEN >= 2 && LEN_U32 as usize == LEN);

/// The bytes, as a static: zero-initialised, so they take no space in the
/// `.wasm` file, and at a fixed address for the life of the component.
struct Buffer(UnsafeCell<[u8; LEN]>);

// SAFETY: a component instance runs on one thread and the component model
// never re-enters an instance while one of its exports is running, so the
// buffer is only ever touched by one export at a time; inside this module,
// `with_bytes` is the only way in and never nests.
unsafe impl Sync for Buffer {}

static BUFFER: Buffer = Buffer(UnsafeCell::new([0; LEN]));

/// Runs `f` with the only reference to the buffer's bytes.
fn with_bytes<R>(f: impl FnOnce(&mut [u8; LEN]) -> R) -> R {
    // SAFETY: see `impl Sync for Buffer`: no other reference exists while `f`
    // runs, and this one does not outlive it.
    f(unsafe { &mut *BUFFER.0.get() })
}

/// Runs `f` on the byte at `index`, or says why it is not inside the buffer.
fn with_byte<R>(index: u32, f: impl FnOnce(&mut u8) -> R) -> Result<R, OutOfBounds> {
    with_bytes(|bytes| bytes.get_mut(index as usize).map(f)).ok_or_else(|| out_of_bounds(index, 1))
}

/// Runs `f` on the bytes `offset .. offset + len`, or says why they are not
/// all inside the buffer (including when `offset + len` overflows `u32`).
fn with_range<R>(offset: u32, len: u32, f: impl FnOnce(&mut [u8]) -> R) -> Result<R, OutOfBounds> {
    let end = offset.checked_add(len);
    with_bytes(|bytes| {
        end.and_then(|end| bytes.get_mut(offset as usize..end as usize))
            .map(f)
    })
    .ok_or_else(|| out_of_bounds(offset, len))
}

fn out_of_bounds(offset: u32, len: u32) -> OutOfBounds {
    OutOfBounds {
        offset,
        len,
        buffer_len: LEN_U32,
    }
}

/// The buffer's address in linear memory: the seed's "pointer".
pub fn address() -> u32 {
    // wasm32 addresses are 32 bits wide, so this conversion is exact.
    BUFFER.0.get().addr() as u32
}

/// The seed's part one: the component writes index 0.
pub fn store_index_zero(value: u8) {
    with_bytes(|bytes| bytes[0] = value);
}

/// The seed's part two: the component reads index 1.
pub fn load_index_one() -> u8 {
    with_bytes(|bytes| bytes[1])
}

/// Stores `value` at `index`.
pub fn store(index: u32, value: u8) -> Result<(), OutOfBounds> {
    with_byte(index, |byte| *byte = value)
}

/// Returns the byte at `index`.
pub fn load(index: u32) -> Result<u8, OutOfBounds> {
    with_byte(index, |byte| *byte)
}

/// Copies `bytes` in at `offset`; writes nothing unless all of them fit.
pub fn write(offset: u32, bytes: &[u8]) -> Result<(), OutOfBounds> {
    // A list's length is a u32 in the canonical ABI, and usize is 32 bits here.
    with_range(offset, bytes.len() as u32, |dst| dst.copy_from_slice(bytes))
}

/// Where the `len` bytes at `offset` start, for the exports that hand a
/// range of the buffer to the host or to a stream instead of copying it
/// (`read`, `streams`). The caller only passes the pointer on: the copy into
/// or out of the range is made outside this component's code, between calls.
pub fn locate(offset: u32, len: u32) -> Result<*mut u8, OutOfBounds> {
    with_range(offset, len, |bytes| bytes.as_mut_ptr())
}
