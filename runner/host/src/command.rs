//! Commands (components that export `wasi:cli/run`, such as a lesson client
//! composed with an implementation): how one is entered, and a finished run
//! with what a debugger sees in it afterwards.

use wasmtime::Store;
use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, ComponentExportIndex, InstancePre, Type};

use crate::debug;
use crate::driver::Driver;
use crate::map::CallMap;
use crate::sandbox::{Printed, Sandbox};

/// A command, linked and checked: ready to run as often as needed.
pub struct CommandPre {
    pre: InstancePre<Sandbox>,
    /// Its `run`.
    run: ComponentExportIndex,
    /// Whether `run` is WASI 0.3's, an async function (a streams client's,
    /// whose calls wait for streams), rather than WASI 0.2's.
    is_async: bool,
}

/// The result type of `run` in every version of `wasi:cli/run`: `result`.
type RunResult = (Result<(), ()>,);

impl CommandPre {
    /// A command that exports `wasi:cli/run` as `interface`, WASI 0.2's or
    /// (`is_async`) 0.3's.
    pub(crate) fn new(
        pre: InstancePre<Sandbox>,
        interface: &str,
        is_async: bool,
    ) -> wasmtime::Result<Self> {
        let run = run_function(pre.component(), interface)
            .ok_or_else(|| wasmtime::format_err!("{interface} has no `run: func() -> result`"))?;
        Ok(Self { pre, run, is_async })
    }

    /// The engine the command was compiled for.
    pub(crate) fn engine(&self) -> &wasmtime::Engine {
        self.pre.engine()
    }

    /// Whether `run` is WASI 0.3's async one.
    pub(crate) fn is_async(&self) -> bool {
        self.is_async
    }

    /// Instantiates the command in `store` and runs it, the way `driver`
    /// makes calls; `true` if `run` returned `ok`.
    pub(crate) fn run(
        &self,
        store: &mut Store<Sandbox>,
        driver: &Driver,
    ) -> wasmtime::Result<bool> {
        let instance = driver.instantiate(&self.pre, store)?;
        let run = instance.get_typed_func::<(), RunResult>(&mut *store, self.run)?;
        driver.start_map(store, run.func())?;
        let (returned,) = match self.is_async {
            true => {
                let call = async move |accessor: &_| run.call_concurrent(accessor, ()).await;
                driver.run_concurrent(store, call)?
            }
            false => driver.call(store, run, ())?,
        };
        Ok(returned.is_ok())
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
    /// What it printed to stderr: why it failed, when it says.
    pub stderr: Vec<u8>,
    /// The copy map of `run`, if one was asked for
    /// ([`crate::LoadedCommand::run_mapped`]).
    pub map: Option<CallMap>,
}

impl CommandRun {
    pub(crate) fn new(
        store: Store<Sandbox>,
        succeeded: bool,
        printed: Printed,
        map: Option<CallMap>,
    ) -> Self {
        Self {
            store,
            succeeded,
            stdout: printed.stdout,
            stderr: printed.stderr,
            map,
        }
    }
}

impl debug::Stored for CommandRun {
    fn store(&mut self) -> &mut Store<Sandbox> {
        &mut self.store
    }
}
