//! What `std` would provide, for a `no_std` component: a heap, a panic
//! handler, and `cabi_realloc`, the allocator hosts call to make room in this
//! component's memory for the values they pass in (the bytes of `write`).

use core::alloc::Layout;
use core::arch::wasm32;
use core::ptr;

/// The same allocator `std` uses on wasm32 targets.
#[global_allocator]
static HEAP: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// No input makes this component panic: bad requests become `Error` values.
/// Should a bug panic anyway, trap at once (there is nowhere to print to).
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    wasm32::unreachable()
}

/// The canonical ABI's allocator. A host calls `cabi_realloc(0, 0, align,
/// size)` to allocate room for an argument it is about to copy in; the
/// generated bindings later free it as an ordinary `Vec`. `std` exports one
/// on wasm32-wasip2, a `no_std` component has to export its own.
///
/// # Safety
///
/// Called by the host under the canonical ABI's rules: `old_ptr` and
/// `old_len` describe a block this function returned (or are both 0).
#[unsafe(no_mangle)]
unsafe extern "C" fn cabi_realloc(
    old_ptr: *mut u8,
    old_len: usize,
    align: usize,
    new_len: usize,
) -> *mut u8 {
    if new_len == 0 {
        // A zero-sized block needs no memory, only a well-aligned address.
        return ptr::without_provenance_mut(align);
    }
    // A host that breaks the ABI (an alignment that is not a power of two)
    // gets a trap, not undefined behaviour.
    let (Ok(old), Ok(new)) = (
        Layout::from_size_align(old_len, align),
        Layout::from_size_align(new_len, align),
    ) else {
        wasm32::unreachable()
    };
    let block = if old_len == 0 {
        // SAFETY: `new` has a non-zero size.
        unsafe { alloc::alloc::alloc(new) }
    } else {
        // SAFETY: per this function's contract, `old_ptr` was allocated with
        // the layout `old`; `new_len` is non-zero.
        unsafe { alloc::alloc::realloc(old_ptr, old, new.size()) }
    };
    if block.is_null() {
        // Out of memory: the host cannot pass this argument at all.
        wasm32::unreachable()
    }
    block
}
