//! The `buffer` interface's exports: each is a thin call into `buffer` or
//! `memory` (`read` is written by hand, in `read.rs`).

use alloc::vec::Vec;

use crate::exports::wasm_by_example::linear_memory::buffer::{Error, Guest};
use crate::{buffer, memory};

/// The component: each export is a thin call into `buffer` or `memory`.
pub struct LinearMemory;

impl Guest for LinearMemory {
    fn store_value_in_wasm_memory_buffer_index_zero(value: u8) {
        buffer::store_index_zero(value);
    }

    fn get_wasm_memory_buffer_pointer() -> u32 {
        buffer::address()
    }

    fn read_wasm_memory_buffer_and_return_index_one() -> u8 {
        buffer::load_index_one()
    }

    fn buffer_len() -> u32 {
        buffer::LEN_U32
    }

    fn store(index: u32, value: u8) -> Result<(), Error> {
        buffer::store(index, value).map_err(Error::OutOfBounds)
    }

    fn load(index: u32) -> Result<u8, Error> {
        buffer::load(index).map_err(Error::OutOfBounds)
    }

    fn write(offset: u32, bytes: Vec<u8>) -> Result<(), Error> {
        buffer::write(offset, &bytes).map_err(Error::OutOfBounds)
    }

    fn memory_pages() -> u32 {
        memory::pages()
    }

    fn grow_memory(pages: u32) -> Result<u32, Error> {
        memory::grow(pages)
    }
}
