//! Typed calls into one instance of a `linear-memory` component, and, on a
//! debugger's engine, a look at its memories.

use wasmtime::Store;

use crate::BufferError;
use crate::bindings::LinearMemory;
use crate::bindings::exports::wasm_by_example::linear_memory::buffer::Guest as Buffer;
use crate::debug::{self, CoreMemory};
use crate::sandbox::Sandbox;

/// Bytes written into the buffer to find the memory that holds it.
const PROBE: &[u8] = b"where's the buffer";

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

    /// Makes one call through the `buffer` interface's bindings, with a
    /// deadline of its own.
    fn call<R>(
        &mut self,
        f: impl FnOnce(&Buffer, &mut Store<Sandbox>) -> wasmtime::Result<R>,
    ) -> wasmtime::Result<R> {
        self.store.set_epoch_deadline(self.deadline);
        f(
            self.bindings.wasm_by_example_linear_memory_buffer(),
            &mut self.store,
        )
    }

    /// The store, for calls made through other bindings.
    pub(crate) fn store_mut(&mut self) -> &mut Store<Sandbox> {
        &mut self.store
    }

    /// The store, with a fresh deadline armed for the call about to be made.
    pub(crate) fn arm_deadline(&mut self) -> &mut Store<Sandbox> {
        self.store.set_epoch_deadline(self.deadline);
        &mut self.store
    }

    /// The seed's part one: the component stores `value` at index 0.
    pub fn store_value_in_wasm_memory_buffer_index_zero(
        &mut self,
        value: u8,
    ) -> wasmtime::Result<()> {
        self.call(|api, store| api.call_store_value_in_wasm_memory_buffer_index_zero(store, value))
    }

    /// The buffer's address in the component's linear memory.
    pub fn get_wasm_memory_buffer_pointer(&mut self) -> wasmtime::Result<u32> {
        self.call(|api, store| api.call_get_wasm_memory_buffer_pointer(store))
    }

    /// The seed's part two: the component reads index 1.
    pub fn read_wasm_memory_buffer_and_return_index_one(&mut self) -> wasmtime::Result<u8> {
        self.call(|api, store| api.call_read_wasm_memory_buffer_and_return_index_one(store))
    }

    /// The buffer's length in bytes.
    pub fn buffer_len(&mut self) -> wasmtime::Result<u32> {
        self.call(|api, store| api.call_buffer_len(store))
    }

    /// Stores `value` at `index`.
    pub fn store(&mut self, index: u32, value: u8) -> wasmtime::Result<Result<(), BufferError>> {
        self.call(|api, store| api.call_store(store, index, value))
    }

    /// Returns the byte at `index`.
    pub fn load(&mut self, index: u32) -> wasmtime::Result<Result<u8, BufferError>> {
        self.call(|api, store| api.call_load(store, index))
    }

    /// Copies `bytes` into the buffer at `offset`.
    pub fn write(
        &mut self,
        offset: u32,
        bytes: &[u8],
    ) -> wasmtime::Result<Result<(), BufferError>> {
        self.call(|api, store| api.call_write(store, offset, bytes))
    }

    /// Returns a copy of the `len` bytes at `offset`.
    pub fn read(
        &mut self,
        offset: u32,
        len: u32,
    ) -> wasmtime::Result<Result<Vec<u8>, BufferError>> {
        self.call(|api, store| api.call_read(store, offset, len))
    }

    /// The size of the component's linear memory, in 64 KiB pages.
    pub fn memory_pages(&mut self) -> wasmtime::Result<u32> {
        self.call(|api, store| api.call_memory_pages(store))
    }

    /// Grows the component's linear memory by `pages`; returns its previous size.
    pub fn grow_memory(&mut self, pages: u32) -> wasmtime::Result<Result<u32, BufferError>> {
        self.call(|api, store| api.call_grow_memory(store, pages))
    }

    /// The linear memories inside this instance. Empty unless its host was
    /// made by [`crate::Host::inspecting`].
    pub fn core_memories(&mut self) -> Vec<CoreMemory> {
        debug::core_memories(&mut self.store)
    }

    /// The bytes of `memory`, as they are now.
    pub fn memory_bytes(&mut self, memory: &CoreMemory) -> &[u8] {
        memory.bytes(&self.store)
    }

    /// The bytes of `memory`, to write to: behind the component's back.
    pub fn memory_bytes_mut(&mut self, memory: &CoreMemory) -> &mut [u8] {
        memory.bytes_mut(&mut self.store)
    }

    /// The memory that holds the buffer, found by evidence rather than by
    /// position: a probe written with `write` at offset 0, looked for at the
    /// pointer in each memory, then overwritten with what was there before.
    /// `None` when no memory has it there.
    pub fn find_buffer_memory(&mut self) -> wasmtime::Result<Option<CoreMemory>> {
        let len = PROBE.len() as u32;
        let pointer = self.get_wasm_memory_buffer_pointer()? as usize;
        let Ok(before) = self.read(0, len)? else {
            return Ok(None);
        };
        if self.write(0, PROBE)?.is_err() {
            return Ok(None);
        }
        let found = self.core_memories().into_iter().find(|memory| {
            let bytes = self.memory_bytes(memory);
            bytes.get(pointer..pointer + PROBE.len()) == Some(PROBE)
        });
        self.write(0, &before)?.ok();
        Ok(found)
    }
}
