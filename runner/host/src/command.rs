//! Commands (components that export `wasi:cli/run`, such as a lesson client
//! composed with an implementation): how one is entered, and a finished run
//! with what a debugger sees in it afterwards.

use std::time::Duration;

use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, ComponentExportIndex, InstancePre, Type};
use wasmtime::{Engine, Store};
use wasmtime_wasi::p2::bindings::sync::CommandPre as SyncCommandPre;

use crate::debug::{self, CoreMemory};
use crate::event_loop::EventLoop;
use crate::sandbox::Sandbox;

/// A command, linked and checked: ready to run as often as needed.
pub struct CommandPre(Entry);

/// The two `wasi:cli/run`s a command may export.
enum Entry {
    /// WASI 0.2's: a synchronous call.
    Sync(SyncCommandPre<Sandbox>),
    /// WASI 0.3's: an async export (a streams client's, whose calls wait for
    /// streams), called on an event loop. Its WASI 0.2 imports are linked
    /// as async host functions, which the event loop can wait for.
    Async {
        pre: InstancePre<Sandbox>,
        run: ComponentExportIndex,
    },
}

/// The result type of `run` in every version of `wasi:cli/run`: `result`.
type RunResult = (Result<(), ()>,);

impl CommandPre {
    /// A command that exports WASI 0.2's `wasi:cli/run`.
    pub(crate) fn sync(pre: InstancePre<Sandbox>) -> wasmtime::Result<Self> {
        Ok(Self(Entry::Sync(SyncCommandPre::new(pre)?)))
    }

    /// A command that exports WASI 0.3's `wasi:cli/run` as `interface`;
    /// `pre` must come from a linker with async host functions.
    pub(crate) fn concurrent(pre: InstancePre<Sandbox>, interface: &str) -> wasmtime::Result<Self> {
        let run = run_function(pre.component(), interface)
            .ok_or_else(|| wasmtime::format_err!("{interface} has no `run: func() -> result`"))?;
        Ok(Self(Entry::Async { pre, run }))
    }

    /// The engine the command was compiled for.
    pub(crate) fn engine(&self) -> &Engine {
        match &self.0 {
            Entry::Sync(pre) => pre.engine(),
            Entry::Async { pre, .. } => pre.engine(),
        }
    }

    /// Whether `run` is WASI 0.3's async one.
    pub(crate) fn is_async(&self) -> bool {
        matches!(self.0, Entry::Async { .. })
    }

    /// Instantiates the command in `store` and runs it; `true` if `run`
    /// returned `ok`. An async run may wait for at most `timeout`.
    pub(crate) fn run(
        &self,
        store: &mut Store<Sandbox>,
        timeout: Duration,
    ) -> wasmtime::Result<bool> {
        match &self.0 {
            Entry::Sync(pre) => {
                let command = pre.instantiate(&mut *store)?;
                Ok(command.wasi_cli_run().call_run(store)?.is_ok())
            }
            Entry::Async { pre, run } => {
                let event_loop = EventLoop::new(timeout)?;
                let instance = event_loop.block_on(pre.instantiate_async(&mut *store))?;
                let run = instance.get_typed_func::<(), RunResult>(&mut *store, run)?;
                let call = async move |accessor: &_| run.call_concurrent(accessor, ()).await;
                let (returned,) = event_loop.run(store, call)?;
                Ok(returned.is_ok())
            }
        }
    }
}

/// The `run` function of `interface` in `component`, if it has the type
/// every `wasi:cli/run` gives it: no parameters, and a `result` with no
/// payloads.
fn run_function(component: &Component, interface: &str) -> Option<ComponentExportIndex> {
    let (_, instance) = component.get_export(None, interface)?;
    let (item, run) = component.get_export(Some(&instance), "run")?;
    let ComponentItem::ComponentFunc(func) = item else {
        return None;
    };
    let results: Vec<Type> = func.results().collect();
    let returns_result = match results.as_slice() {
        [Type::Result(result)] => result.ok().is_none() && result.err().is_none(),
        _ => false,
    };
    (func.params().len() == 0 && returns_result).then_some(run)
}

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
