//! Typed calls into one instance of a `linear-memory` component, and, on a
//! debugger's engine, a look at its memories.

use wasmtime::Store;
use wasmtime::component::{Accessor, ComponentNamedList, Lift, Lower, TypedFunc};

use crate::BufferError;
use crate::bindings::LinearMemory;
use crate::bindings::exports::wasm_by_example::linear_memory::buffer::Guest as Buffer;
use crate::debug::{self, CoreMemory};
use crate::event_loop::Calls;
use crate::sandbox::{Printed, Sandbox};

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
    /// Straight through, or on the store's event loop.
    calls: Calls,
    /// Epoch ticks each call may run for ([`crate::Limits::timeout`]).
    deadline: u64,
}

impl Instance {
    pub(crate) fn new(
        store: Store<Sandbox>,
        bindings: LinearMemory,
        calls: Calls,
        deadline: u64,
    ) -> Self {
        Self {
            store,
            bindings,
            calls,
            deadline,
        }
    }

    /// The `buffer` interface's functions, and a way to call one of them:
    /// two borrows of the instance that do not overlap, so that a
    /// function's parameters may borrow from its caller.
    fn buffer(&mut self) -> (&Buffer, Caller<'_>) {
        let caller = Caller {
            store: &mut self.store,
            calls: &self.calls,
            deadline: self.deadline,
        };
        (self.bindings.wasm_by_example_linear_memory_buffer(), caller)
    }

    /// Runs `call` (calls of async functions, through other bindings) on the
    /// store's event loop, with a fresh deadline.
    pub(crate) fn run_concurrent<R>(
        &mut self,
        call: impl AsyncFnOnce(&Accessor<Sandbox>) -> wasmtime::Result<R> + Send,
    ) -> wasmtime::Result<R> {
        self.store.set_epoch_deadline(self.deadline);
        self.calls.run_concurrent(&mut self.store, call)
    }

    /// The store, for calls made through other bindings.
    pub(crate) fn store_mut(&mut self) -> &mut Store<Sandbox> {
        &mut self.store
    }

    /// What the component printed to stdout and stderr since the last time
    /// this was asked.
    pub fn take_printed(&mut self) -> Printed {
        self.store.data_mut().take_printed()
    }

    /// The seed's part one: the component stores `value` at index 0.
    pub fn store_value_in_wasm_memory_buffer_index_zero(
        &mut self,
        value: u8,
    ) -> wasmtime::Result<()> {
        let (buffer, caller) = self.buffer();
        let func = buffer.func_store_value_in_wasm_memory_buffer_index_zero();
        caller.call(func, (value,))
    }

    /// The buffer's address in the component's linear memory.
    pub fn get_wasm_memory_buffer_pointer(&mut self) -> wasmtime::Result<u32> {
        let (buffer, caller) = self.buffer();
        let (pointer,) = caller.call(buffer.func_get_wasm_memory_buffer_pointer(), ())?;
        Ok(pointer)
    }

    /// The seed's part two: the component reads index 1.
    pub fn read_wasm_memory_buffer_and_return_index_one(&mut self) -> wasmtime::Result<u8> {
        let (buffer, caller) = self.buffer();
        let func = buffer.func_read_wasm_memory_buffer_and_return_index_one();
        let (value,) = caller.call(func, ())?;
        Ok(value)
    }

    /// The buffer's length in bytes.
    pub fn buffer_len(&mut self) -> wasmtime::Result<u32> {
        let (buffer, caller) = self.buffer();
        let (len,) = caller.call(buffer.func_buffer_len(), ())?;
        Ok(len)
    }

    /// Stores `value` at `index`.
    pub fn store(&mut self, index: u32, value: u8) -> wasmtime::Result<Result<(), BufferError>> {
        let (buffer, caller) = self.buffer();
        let (stored,) = caller.call(buffer.func_store(), (index, value))?;
        Ok(stored)
    }

    /// Returns the byte at `index`.
    pub fn load(&mut self, index: u32) -> wasmtime::Result<Result<u8, BufferError>> {
        let (buffer, caller) = self.buffer();
        let (loaded,) = caller.call(buffer.func_load(), (index,))?;
        Ok(loaded)
    }

    /// Copies `bytes` into the buffer at `offset`.
    pub fn write(
        &mut self,
        offset: u32,
        bytes: &[u8],
    ) -> wasmtime::Result<Result<(), BufferError>> {
        let (buffer, caller) = self.buffer();
        let (written,) = caller.call(buffer.func_write(), (offset, bytes))?;
        Ok(written)
    }

    /// Returns a copy of the `len` bytes at `offset`.
    pub fn read(
        &mut self,
        offset: u32,
        len: u32,
    ) -> wasmtime::Result<Result<Vec<u8>, BufferError>> {
        let (buffer, caller) = self.buffer();
        let (bytes,) = caller.call(buffer.func_read(), (offset, len))?;
        Ok(bytes)
    }

    /// The size of the component's linear memory, in 64 KiB pages.
    pub fn memory_pages(&mut self) -> wasmtime::Result<u32> {
        let (buffer, caller) = self.buffer();
        let (pages,) = caller.call(buffer.func_memory_pages(), ())?;
        Ok(pages)
    }

    /// Grows the component's linear memory by `pages`; returns its previous size.
    pub fn grow_memory(&mut self, pages: u32) -> wasmtime::Result<Result<u32, BufferError>> {
        let (buffer, caller) = self.buffer();
        let (grown,) = caller.call(buffer.func_grow_memory(), (pages,))?;
        Ok(grown)
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

/// So that code taking any kind of instance (a [`crate::StreamsInstance`]
/// too) can take this one.
impl AsMut<Instance> for Instance {
    fn as_mut(&mut self) -> &mut Instance {
        self
    }
}

/// One call into an instance's store, the way its host makes calls, with a
/// deadline of its own.
struct Caller<'a> {
    store: &'a mut Store<Sandbox>,
    calls: &'a Calls,
    deadline: u64,
}

impl Caller<'_> {
    fn call<P, R>(self, func: TypedFunc<P, R>, params: P) -> wasmtime::Result<R>
    where
        P: ComponentNamedList + Lower + Send + Sync,
        R: ComponentNamedList + Lift + Send + Sync + 'static,
    {
        self.store.set_epoch_deadline(self.deadline);
        self.calls.call(self.store, func, params)
    }
}
