//! Typed calls into one instance of a `linear-memory` component.

use wasmtime::Store;

use crate::bindings::LinearMemory;
use crate::sandbox::Sandbox;
use crate::{BufferError, OutOfBounds};

/// One instance of the component, and the store that owns its memory.
///
/// Each method is one call across the component boundary. The outer
/// `wasmtime::Result` is `Err` if the guest trapped; the inner
/// `Result<_, BufferError>` is the component's own answer.
pub struct Instance {
    store: Store<Sandbox>,
    bindings: LinearMemory,
    /// Epoch ticks each call may run for ([`crate::Limits::timeout`]).
    deadline: u64,
}

impl Instance {
    pub(crate) fn new(store: Store<Sandbox>, bindings: LinearMemory, deadline: u64) -> Self {
        Self {
            store,
            bindings,
            deadline,
        }
    }

    /// The store, for looking inside the instance (`debug.rs`).
    pub(crate) fn store_mut(&mut self) -> &mut Store<Sandbox> {
        &mut self.store
    }

    /// Gives the call about to be made its own deadline.
    fn arm_deadline(&mut self) {
        self.store.set_epoch_deadline(self.deadline);
    }

    /// The seed's part one: the component stores `value` at index 0.
    pub fn store_value_in_wasm_memory_buffer_index_zero(
        &mut self,
        value: u8,
    ) -> wasmtime::Result<()> {
        self.arm_deadline();
        let api = self.bindings.wasm_by_example_linear_memory_buffer();
        api.call_store_value_in_wasm_memory_buffer_index_zero(&mut self.store, value)
    }

    /// The buffer's address in the component's linear memory.
    pub fn get_wasm_memory_buffer_pointer(&mut self) -> wasmtime::Result<u32> {
        self.arm_deadline();
        let api = self.bindings.wasm_by_example_linear_memory_buffer();
        api.call_get_wasm_memory_buffer_pointer(&mut self.store)
    }

    /// The seed's part two: the component reads index 1.
    pub fn read_wasm_memory_buffer_and_return_index_one(&mut self) -> wasmtime::Result<u8> {
        self.arm_deadline();
        let api = self.bindings.wasm_by_example_linear_memory_buffer();
        api.call_read_wasm_memory_buffer_and_return_index_one(&mut self.store)
    }

    /// The buffer's length in bytes.
    pub fn buffer_len(&mut self) -> wasmtime::Result<u32> {
        self.arm_deadline();
        let api = self.bindings.wasm_by_example_linear_memory_buffer();
        api.call_buffer_len(&mut self.store)
    }

    /// Stores `value` at `index`.
    pub fn store(&mut self, index: u32, value: u8) -> wasmtime::Result<Result<(), BufferError>> {
        self.arm_deadline();
        let api = self.bindings.wasm_by_example_linear_memory_buffer();
        api.call_store(&mut self.store, index, value)
    }

    /// Returns the byte at `index`.
    pub fn load(&mut self, index: u32) -> wasmtime::Result<Result<u8, BufferError>> {
        self.arm_deadline();
        let api = self.bindings.wasm_by_example_linear_memory_buffer();
        api.call_load(&mut self.store, index)
    }

    /// Copies `bytes` into the buffer at `offset`.
    pub fn write(
        &mut self,
        offset: u32,
        bytes: &[u8],
    ) -> wasmtime::Result<Result<(), BufferError>> {
        self.arm_deadline();
        let api = self.bindings.wasm_by_example_linear_memory_buffer();
        api.call_write(&mut self.store, offset, bytes)
    }

    /// Returns a copy of the `len` bytes at `offset`.
    pub fn read(
        &mut self,
        offset: u32,
        len: u32,
    ) -> wasmtime::Result<Result<Vec<u8>, BufferError>> {
        self.arm_deadline();
        let api = self.bindings.wasm_by_example_linear_memory_buffer();
        api.call_read(&mut self.store, offset, len)
    }

    /// The size of the component's linear memory, in 64 KiB pages.
    pub fn memory_pages(&mut self) -> wasmtime::Result<u32> {
        self.arm_deadline();
        let api = self.bindings.wasm_by_example_linear_memory_buffer();
        api.call_memory_pages(&mut self.store)
    }

    /// Grows the component's linear memory by `pages`; returns its previous size.
    pub fn grow_memory(&mut self, pages: u32) -> wasmtime::Result<Result<u32, BufferError>> {
        self.arm_deadline();
        let api = self.bindings.wasm_by_example_linear_memory_buffer();
        api.call_grow_memory(&mut self.store, pages)
    }
}

/// A sentence that says why the component refused a request.
///
/// (`bindgen!` gives [`BufferError`] a `Display` that prints its `Debug`
/// form; this one is for people.)
pub fn describe(error: &BufferError) -> String {
    match error {
        BufferError::OutOfBounds(OutOfBounds {
            offset,
            len: 1,
            buffer_len,
        }) => format!(
            "index {offset} is outside the {buffer_len}-byte buffer (valid indices: 0 to {})",
            buffer_len.saturating_sub(1)
        ),
        BufferError::OutOfBounds(OutOfBounds {
            offset,
            len,
            buffer_len,
        }) => format!(
            "bytes {offset}..{} are outside the {buffer_len}-byte buffer (a range must end at or before {buffer_len})",
            u64::from(*offset) + u64::from(*len)
        ),
        BufferError::GrowRefused(refused) => format!(
            "memory of {} pages could not grow by {} pages (a host limit, or past 4 GiB)",
            refused.current_pages, refused.requested_pages
        ),
    }
}
