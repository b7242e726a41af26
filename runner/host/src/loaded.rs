//! Components a host has compiled and checked against a world, ready to
//! instantiate: an implementation of `linear-memory`, or a command.

use wasmtime::Store;
use wasmtime::component::{Instance as ComponentInstance, InstancePre};

use crate::bindings::{LinearMemory, LinearMemoryPre};
use crate::command::{CommandPre, CommandRun};
use crate::driver::Driver;
use crate::stream_bindings::{LinearMemoryStreams, LinearMemoryStreamsPre};
use crate::{AnyInstance, Instance, Limits, Sandbox};

/// A component compiled for a [`crate::Host`] and checked against a world:
/// `P` is `bindgen!`'s pre-instance for that world. Instantiating it again
/// costs no compiling or type-checking.
pub struct Loaded<P> {
    pre: P,
    size: usize,
    imports: Vec<String>,
    limits: Limits,
    /// Whether its host's engine has concurrency support: then stream calls
    /// run on the store's event loop, and every call does if the component
    /// imports anything (`crate::driver::Driver`).
    concurrent: bool,
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

/// Any component, linked with the host's WASI: its exports are called by
/// name ([`crate::Host::load_for_calls`]).
pub type LoadedAny = Loaded<InstancePre<Sandbox>>;

/// What [`crate::Host::load_any`] found.
pub enum AnyComponent {
    /// An implementation of the `linear-memory` world.
    Implementation(LoadedComponent),
    /// A command: a component that exports `wasi:cli/run`.
    Command(LoadedCommand),
}

impl<P> Loaded<P> {
    pub(crate) fn new(
        pre: P,
        size: usize,
        imports: Vec<String>,
        limits: Limits,
        concurrent: bool,
    ) -> Self {
        Self {
            pre,
            size,
            imports,
            limits,
            concurrent,
        }
    }

    /// A fresh store, in a sandbox of its own, and the way its calls are made.
    fn store(&self, engine: &wasmtime::Engine) -> wasmtime::Result<(Store<Sandbox>, Driver)> {
        let store = Sandbox::new(&self.limits).into_store(engine, &self.limits);
        let imports_anything = !self.imports.is_empty();
        let driver = Driver::new(self.concurrent, imports_anything, self.limits.timeout)?;
        Ok((store, driver))
    }

    /// `pre` instantiated in a fresh store.
    fn instantiate_pre(
        &self,
        pre: &InstancePre<Sandbox>,
    ) -> wasmtime::Result<(Store<Sandbox>, Driver, ComponentInstance)> {
        let (mut store, driver) = self.store(pre.engine())?;
        let instance = driver.instantiate(pre, &mut store)?;
        Ok((store, driver, instance))
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
        let (mut store, driver, instance) = self.instantiate_pre(self.pre.instance_pre())?;
        let buffer = LinearMemory::new(&mut store, &instance)?;
        let deadline = self.limits.deadline_ticks();
        Ok(Instance::new(store, buffer, None, driver, deadline))
    }
}

impl LoadedStreams {
    /// A fresh instance, with the calls of both its interfaces.
    pub fn instantiate(&self) -> wasmtime::Result<Instance> {
        let (mut store, driver, instance) = self.instantiate_pre(self.pre.instance_pre())?;
        // The same instance through two worlds' bindings: `buffer` as every
        // implementation has it, and `streams`.
        let buffer = LinearMemory::new(&mut store, &instance)?;
        let streams = LinearMemoryStreams::new(&mut store, &instance)?;
        let deadline = self.limits.deadline_ticks();
        Ok(Instance::new(
            store,
            buffer,
            Some(streams),
            driver,
            deadline,
        ))
    }
}

impl LoadedAny {
    /// The component.
    pub fn component(&self) -> &wasmtime::component::Component {
        self.pre.component()
    }

    /// A fresh instance, for calls by name. Instantiated on the event loop
    /// when the host's engine has concurrency support (so a debugger's
    /// handler, which needs an async context, may run in it).
    pub fn instantiate(&self) -> wasmtime::Result<AnyInstance> {
        let (mut store, driver) = self.store(self.pre.engine())?;
        let instance = driver.instantiate_async(&self.pre, &mut store)?;
        let deadline = self.limits.deadline_ticks();
        Ok(AnyInstance::new(store, instance, driver, deadline))
    }
}

impl LoadedCommand {
    /// Runs the command once, in the same sandbox every instance gets; what
    /// it printed is the run's.
    pub fn run(&self) -> wasmtime::Result<CommandRun> {
        self.run_with(false)
    }

    /// Runs the command once, on a debugger's engine
    /// ([`crate::Host::inspecting`]), with the copy map of its `run`: every
    /// block a `cabi_realloc` gave during it, in every memory, with what was
    /// copied in ([`CommandRun::map`]).
    pub fn run_mapped(&self) -> wasmtime::Result<CommandRun> {
        self.run_with(true)
    }

    fn run_with(&self, mapped: bool) -> wasmtime::Result<CommandRun> {
        let (mut store, driver) = self.store(self.pre.engine())?;
        if mapped {
            driver.map_next_call();
        }
        let succeeded = self.pre.run(&mut store, &driver);
        let map = driver.take_map(&mut store)?;
        let printed = store.data_mut().take_printed();
        Ok(CommandRun::new(store, succeeded?, printed, map))
    }

    /// Whether it exports WASI 0.3's `wasi:cli/run`, an async function (as a
    /// streams client does), rather than WASI 0.2's.
    pub fn is_async(&self) -> bool {
        self.pre.is_async()
    }
}
