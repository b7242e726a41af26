//! The size of this component's linear memory, in 64 KiB pages, and growing it.

use core::arch::wasm32;

use crate::exports::wasm_by_example::linear_memory::buffer::{Error, GrowRefused};

/// The current size of linear memory (memory index 0, the only one).
pub fn pages() -> u32 {
    // wasm32 memories have at most 65 536 pages, so this conversion is exact.
    wasm32::memory_size::<0>() as u32
}

/// Grows linear memory by `pages` and returns its previous size.
pub fn grow(pages: u32) -> Result<u32, Error> {
    // `memory.grow` answers -1 (usize::MAX) instead of trapping when the host's
    // limit or the 4 GiB address space leaves no room.
    match wasm32::memory_grow::<0>(pages as usize) {
        usize::MAX => Err(Error::GrowRefused(GrowRefused {
            current_pages: self::pages(),
            requested_pages: pages,
        })),
        previous => Ok(previous as u32),
    }
}
