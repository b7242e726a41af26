//! Components a host has compiled and checked against a world, ready to
//! instantiate: an implementation of `linear-memory`, or a command.

use crate::bindings::{LinearMemory, LinearMemoryPre};
use crate::command::{CommandPre, CommandRun};
use crate::stream_bindings::{LinearMemoryStreams, LinearMemoryStreamsPre};
use crate::{Instance, Limits, Sandbox, StreamsInstance};

/// A component compiled for a [`crate::Host`] and checked against a world:
/// `P` is `bindgen!`'s pre-instance for that world. Instantiating it again
/// costs no compiling or type-checking.
pub struct Loaded<P> {
    pre: P,
    size: usize,
    imports: Vec<String>,
    limits: Limits,
}

/// An implementation of the `linear-memory` world, ready to instantiate as
/// many times as needed.
pub type LoadedComponent = Loaded<LinearMemoryPre<Sandbox>>;

/// An implementation of the `linear-memory-streams` world, on a host made
/// by [`crate::Host::concurrent`].
pub type LoadedStreams = Loaded<LinearMemoryStreamsPre<Sandbox>>;

/// A command (a component that exports `wasi:cli/run`, WASI 0.2's or 0.3's,
/// such as a lesson client composed with an implementation), ready to run.
pub type LoadedCommand = Loaded<CommandPre>;

/// What [`crate::Host::load_any`] found.
pub enum AnyComponent {
    /// An implementation of the `linear-memory` world.
    Implementation(LoadedComponent),
    /// A command: a component that exports `wasi:cli/run`.
    Command(LoadedCommand),
}

impl<P> Loaded<P> {
    pub(crate) fn new(pre: P, size: usize, imports: Vec<String>, limits: Limits) -> Self {
        Self {
            pre,
            size,
            imports,
            limits,
        }
    }

    /// The size of the `.wasm` file in bytes.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The names of the interfaces the component imports (the Rust
    /// implementation imports none).
    pub fn imports(&self) -> &[String] {
        &self.imports
    }

    /// The limits each instance runs under.
    pub fn limits(&self) -> Limits {
        self.limits
    }
}

impl LoadedComponent {
    /// A fresh instance: its own linear memory, its own buffer, all zero.
    pub fn instantiate(&self) -> wasmtime::Result<Instance> {
        let sandbox = Sandbox::new(&self.limits);
        let mut store = sandbox.into_store(self.pre.engine(), &self.limits);
        let bindings = self.pre.instantiate(&mut store)?;
        Ok(Instance::new(store, bindings, self.limits.deadline_ticks()))
    }
}

impl LoadedStreams {
    /// A fresh instance, with the calls of both its interfaces.
    pub fn instantiate(&self) -> wasmtime::Result<StreamsInstance> {
        let sandbox = Sandbox::new(&self.limits);
        let mut store = sandbox.into_store(self.pre.engine(), &self.limits);
        let instance = self.pre.instance_pre().instantiate(&mut store)?;
        // The same instance through two worlds' bindings: `buffer` as every
        // implementation has it, and `streams`.
        let buffer = LinearMemory::new(&mut store, &instance)?;
        let streams = LinearMemoryStreams::new(&mut store, &instance)?;
        let instance = Instance::new(store, buffer, self.limits.deadline_ticks());
        StreamsInstance::new(instance, streams, self.limits.timeout)
    }
}

impl LoadedCommand {
    /// Runs the command once, in the same sandbox every instance gets,
    /// except that its stdout is kept.
    pub fn run(&self) -> wasmtime::Result<CommandRun> {
        let (sandbox, stdout) = Sandbox::capturing_stdout(&self.limits);
        let mut store = sandbox.into_store(self.pre.engine(), &self.limits);
        let succeeded = self.pre.run(&mut store, self.limits.timeout)?;
        Ok(CommandRun::new(
            store,
            succeeded,
            stdout.contents().to_vec(),
        ))
    }

    /// Whether it exports WASI 0.3's `wasi:cli/run`, an async function (as a
    /// streams client does), rather than WASI 0.2's.
    pub fn is_async(&self) -> bool {
        self.pre.is_async()
    }
}
