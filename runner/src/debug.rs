//! Looking inside a component: the linear memories of the core instances
//! it is made of, through wasmtime's guest-debug API.
//!
//! A component never exports its memory, and wasmtime keeps it that way for
//! hosts: on a normal engine, a store shows no core instance at all. On an
//! engine with guest debugging on ([`crate::Host::inspecting`]),
//! `Store::debug_all_instances` lists every core instance in the store, and
//! `Instance::debug_memory` reaches each one's memories, exported or not:
//! "except where necessary for developer tooling", as wasmtime's own
//! documentation puts it. What this shows depends on how the component was
//! built (which core modules, which memory holds what), not on its WIT
//! contract.

use wasmtime::{AsContextMut, Memory};

use crate::Instance;
use crate::command::CommandRun;

/// Bytes written into the buffer to find the memory that holds it.
const PROBE: &[u8] = b"where's the buffer";

/// One linear memory inside a component instance.
#[derive(Clone, Copy, Debug)]
pub struct CoreMemory {
    /// Which core instance it was found in, in the store's order.
    pub core_instance: usize,
    /// Its index in that core instance's memories.
    pub index: u32,
    memory: Memory,
}

/// Every distinct linear memory of every core instance in `store`. A memory
/// one core instance exports and another imports (a WASI adapter's view of
/// the main module's, say) is listed once, where it is first seen.
fn core_memories(mut store: impl AsContextMut) -> Vec<CoreMemory> {
    let mut found: Vec<CoreMemory> = Vec::new();
    let instances = store.as_context_mut().debug_all_instances();
    for (core_instance, instance) in instances.into_iter().enumerate() {
        for index in 0.. {
            let Some(memory) = instance.debug_memory(&mut store, index) else {
                break;
            };
            let address = memory.data_ptr(&store);
            if found
                .iter()
                .all(|seen| seen.memory.data_ptr(&store) != address)
            {
                found.push(CoreMemory {
                    core_instance,
                    index,
                    memory,
                });
            }
        }
    }
    found
}

impl Instance {
    /// The linear memories inside this instance. Empty unless its host was
    /// made by [`crate::Host::inspecting`].
    pub fn core_memories(&mut self) -> Vec<CoreMemory> {
        core_memories(self.store_mut())
    }

    /// The bytes of `memory`, as they are now.
    pub fn memory_bytes(&mut self, memory: &CoreMemory) -> &[u8] {
        memory.memory.data(self.store_mut())
    }

    /// The bytes of `memory`, to write to: behind the component's back.
    pub fn memory_bytes_mut(&mut self, memory: &CoreMemory) -> &mut [u8] {
        memory.memory.data_mut(self.store_mut())
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

impl CommandRun {
    /// The linear memories inside the command, as the run left them.
    pub fn core_memories(&mut self) -> Vec<CoreMemory> {
        core_memories(&mut self.store)
    }

    /// The bytes of `memory`, as the run left them.
    pub fn memory_bytes(&self, memory: &CoreMemory) -> &[u8] {
        memory.memory.data(&self.store)
    }
}
