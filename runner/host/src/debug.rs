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

use wasmtime::{AsContextMut, Memory, Store};

use crate::Sandbox;

/// What a debugger's engine shows a host of what it runs (an
/// [`crate::Instance`], an [`crate::AnyInstance`], a command's
/// [`crate::CommandRun`]): the linear memories inside, exported or not. On
/// any other engine there are none.
pub trait Inside {
    /// The linear memories inside. Empty unless the host was made by
    /// [`crate::Host::inspecting`].
    fn core_memories(&mut self) -> Vec<CoreMemory>;

    /// The bytes of `memory`, as they are now.
    fn memory_bytes(&mut self, memory: &CoreMemory) -> &[u8];
}

/// What owns a store a debugger looks into.
pub(crate) trait Stored {
    fn store(&mut self) -> &mut Store<Sandbox>;
}

impl<T: Stored> Inside for T {
    fn core_memories(&mut self) -> Vec<CoreMemory> {
        core_memories(self.store())
    }

    fn memory_bytes(&mut self, memory: &CoreMemory) -> &[u8] {
        memory.bytes(&*self.store())
    }
}

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
pub(crate) fn core_memories(mut store: impl AsContextMut) -> Vec<CoreMemory> {
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

/// The [`CoreMemory`] `memory` is in `store`, as [`core_memories`] lists it.
pub(crate) fn core_memory(mut store: impl AsContextMut, memory: &Memory) -> Option<CoreMemory> {
    let address = memory.data_ptr(&store);
    core_memories(&mut store)
        .into_iter()
        .find(|known| known.memory.data_ptr(&store) == address)
}

/// `memory 0 of core instance 1`: which memory it is, for people.
impl std::fmt::Display for CoreMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "memory {} of core instance {}",
            self.index, self.core_instance
        )
    }
}

impl CoreMemory {
    /// Whether `other` is the same memory (of the same store).
    pub fn same(&self, other: &CoreMemory) -> bool {
        self.core_instance == other.core_instance && self.index == other.index
    }

    /// Its bytes, as they are now in `store`.
    pub(crate) fn bytes<'a, T: 'static>(
        &self,
        store: impl Into<wasmtime::StoreContext<'a, T>>,
    ) -> &'a [u8] {
        self.memory.data(store)
    }

    /// Its bytes in `store`, to write to: behind the component's back.
    pub(crate) fn bytes_mut<'a, T: 'static>(
        &self,
        store: impl Into<wasmtime::StoreContextMut<'a, T>>,
    ) -> &'a mut [u8] {
        self.memory.data_mut(store)
    }
}
