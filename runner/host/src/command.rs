//! A finished run of a command (a lesson client composed with an
//! implementation, say), and what a debugger sees in it afterwards.

use wasmtime::Store;

use crate::debug::{self, CoreMemory};
use crate::sandbox::Sandbox;

/// A finished run of a command, with its store kept: the component's
/// memories are still there for a debugger to read.
pub struct CommandRun {
    store: Store<Sandbox>,
    /// Whether `run` returned `ok`.
    pub succeeded: bool,
    /// What the command printed to stdout.
    pub stdout: Vec<u8>,
}

impl CommandRun {
    pub(crate) fn new(store: Store<Sandbox>, succeeded: bool, stdout: Vec<u8>) -> Self {
        Self {
            store,
            succeeded,
            stdout,
        }
    }

    /// The linear memories inside the command, as the run left them. Empty
    /// unless its host was made by [`crate::Host::inspecting`].
    pub fn core_memories(&mut self) -> Vec<CoreMemory> {
        debug::core_memories(&mut self.store)
    }

    /// The bytes of `memory`, as the run left them.
    pub fn memory_bytes(&self, memory: &CoreMemory) -> &[u8] {
        memory.bytes(&self.store)
    }
}
