//! Loading components into wasmtime: reading, checking and compiling them,
//! under the limits the host sets.

use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use wasmtime::component::{Component, InstancePre, Linker};
use wasmtime::wasmparser::Parser;
use wasmtime::{Config, Engine, Store};

use crate::Instance;
use crate::bindings::LinearMemoryPre;
use crate::command::LoadedCommand;
use crate::sandbox::Sandbox;

/// How often the engine's epoch advances: the granularity of [`Limits::timeout`].
const EPOCH_TICK: Duration = Duration::from_millis(10);

/// What the host allows each instance of a component. A component file is
/// untrusted input: these bound what it can take from the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most linear memory one instance may have, in bytes. Past it,
    /// `memory.grow` fails (and `grow-memory` returns `grow-refused`).
    pub max_memory: usize,
    /// How long one call may run before it is interrupted with a trap.
    pub timeout: Duration,
}

impl Default for Limits {
    /// 4 MiB of memory (the Rust component starts at 1.1 MiB), 5 s per call.
    fn default() -> Self {
        Self {
            max_memory: 4 << 20,
            timeout: Duration::from_secs(5),
        }
    }
}

/// One wasmtime engine and linker, shared by every component it loads.
pub struct Host {
    engine: Engine,
    linker: Linker<Sandbox>,
    limits: Limits,
}

/// A component compiled for this host and checked against the world, ready
/// to instantiate as many times as needed.
pub struct LoadedComponent {
    size: usize,
    imports: Vec<String>,
    pre: LinearMemoryPre<Sandbox>,
    limits: Limits,
}

/// Why a file could not be used as a `linear-memory` component. Each message
/// names the file and the cause.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read: missing, a directory, no permission.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        /// The file asked for.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is empty.
    #[error("{} is empty: expected a WebAssembly component", .path.display())]
    Empty {
        /// The file asked for.
        path: PathBuf,
    },
    /// The file does not start with WebAssembly's magic bytes.
    #[error("{} is not WebAssembly: it does not start with \"\\0asm\"", .path.display())]
    NotWasm {
        /// The file asked for.
        path: PathBuf,
    },
    /// The file is a core module, which has no WIT interface.
    #[error(
        "{} is a core WebAssembly module, not a component (make one with `cargo build --target wasm32-wasip2` or `wasm-tools component new`)",
        .path.display()
    )]
    CoreModule {
        /// The file asked for.
        path: PathBuf,
    },
    /// The file claims to be a component but wasmtime cannot compile it.
    #[error("{} is not a valid component: {reason}", .path.display())]
    Invalid {
        /// The file asked for.
        path: PathBuf,
        /// What wasmtime said, causes included.
        reason: String,
    },
    /// The component is valid but does not implement the world, or imports
    /// something this host does not provide.
    #[error("{} does not implement the linear-memory world: {reason}", .path.display())]
    WrongWorld {
        /// The file asked for.
        path: PathBuf,
        /// What wasmtime said, causes included.
        reason: String,
    },
}

impl Host {
    /// A host with the default [`Limits`].
    pub fn new() -> wasmtime::Result<Self> {
        Self::with_limits(Limits::default())
    }

    /// An engine configured by [`Host::config`], and a linker that offers
    /// WASI preview 2 so components in other languages (whose standard
    /// libraries import WASI) can run. What it grants is decided per
    /// instance, in [`Sandbox`]: nothing.
    pub fn with_limits(limits: Limits) -> wasmtime::Result<Self> {
        Self::with_config(&Self::config(), limits)
    }

    /// Like [`Host::with_limits`], on an engine with wasmtime's guest
    /// debugging on: a debugger's engine, whose instances let the host see
    /// inside them ([`Instance::core_memories`]). Guest code is compiled with
    /// extra instrumentation, and runs slower.
    pub fn inspecting(limits: Limits) -> wasmtime::Result<Self> {
        let mut config = Self::config();
        config.guest_debug(true);
        Self::with_config(&config, limits)
    }

    fn with_config(config: &Config, limits: Limits) -> wasmtime::Result<Self> {
        let engine = Engine::new(config)?;
        spawn_epoch_ticker(&engine);
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        Ok(Self {
            engine,
            linker,
            limits,
        })
    }

    /// The engine configuration every host uses: the component model on,
    /// concurrency support off, epoch interruption on.
    pub fn config() -> Config {
        let mut config = Config::new();
        config
            .wasm_component_model(true)
            // Every call is synchronous, so the engine needs none of the
            // bookkeeping concurrent (component-model-async) calls require,
            // and with this off no call pays for it.
            .concurrency_support(false)
            // Compiled code checks the epoch at function entries and loop
            // headers, and traps once a store's deadline has passed.
            .epoch_interruption(true);
        config
    }

    /// The engine, for embedders that need more than [`Host::load`].
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Reads, compiles and type-checks the component at `path` against the
    /// `linear-memory` world.
    pub fn load(&self, path: impl AsRef<Path>) -> Result<LoadedComponent, LoadError> {
        let path = path.as_ref();
        let (component, size) = self.compile(path)?;
        self.implementation(path, &component, size)
    }

    /// Reads and compiles the component at `path`: an implementation of the
    /// `linear-memory` world, or a command (one that exports `wasi:cli/run`,
    /// such as a lesson client composed with an implementation).
    pub fn load_any(&self, path: impl AsRef<Path>) -> Result<Loaded, LoadError> {
        let path = path.as_ref();
        let (component, size) = self.compile(path)?;
        let exports = export_names(&self.engine, &component);
        if exports
            .iter()
            .any(|name| name.starts_with("wasi:cli/run@0.2."))
        {
            let command = LoadedCommand::new(
                self,
                path,
                &component,
                size,
                imports(&self.engine, &component),
            )?;
            return Ok(Loaded::Command(command));
        }
        Ok(Loaded::Implementation(
            self.implementation(path, &component, size)?,
        ))
    }

    /// Reads the file and compiles it, after checking that it is a component.
    fn compile(&self, path: &Path) -> Result<(Component, usize), LoadError> {
        let path = path.to_path_buf();
        let bytes = std::fs::read(&path).map_err(|source| LoadError::Read {
            path: path.clone(),
            source,
        })?;
        if bytes.is_empty() {
            return Err(LoadError::Empty { path });
        }
        if !bytes.starts_with(b"\0asm") {
            return Err(LoadError::NotWasm { path });
        }
        if Parser::is_core_wasm(&bytes) {
            return Err(LoadError::CoreModule { path });
        }
        // Anything else that starts like WebAssembly (a component, whole or
        // not, or an unknown version) is for wasmtime to judge.
        let component = Component::new(&self.engine, &bytes).map_err(|e| LoadError::Invalid {
            path: path.clone(),
            reason: format!("{e:#}"),
        })?;
        Ok((component, bytes.len()))
    }

    /// Checks `component` against the world and readies it to instantiate.
    fn implementation(
        &self,
        path: &Path,
        component: &Component,
        size: usize,
    ) -> Result<LoadedComponent, LoadError> {
        Ok(LoadedComponent {
            size,
            imports: imports(&self.engine, component),
            pre: self.prepare(path, component, LinearMemoryPre::new)?,
            limits: self.limits,
        })
    }

    /// Links `component` and checks it against a world with `bindings` (a
    /// `bindgen!` pre-instance's `new`): a component of another world fails
    /// here, as [`LoadError::WrongWorld`].
    pub(crate) fn prepare<T>(
        &self,
        path: &Path,
        component: &Component,
        bindings: impl FnOnce(InstancePre<Sandbox>) -> wasmtime::Result<T>,
    ) -> Result<T, LoadError> {
        self.linker
            .instantiate_pre(component)
            .and_then(bindings)
            .map_err(|e| LoadError::WrongWorld {
                path: path.to_path_buf(),
                reason: format!("{e:#}"),
            })
    }

    /// The limits every instance runs under.
    pub fn limits(&self) -> Limits {
        self.limits
    }
}

/// What [`Host::load_any`] found.
pub enum Loaded {
    /// An implementation of the `linear-memory` world.
    Implementation(LoadedComponent),
    /// A command: a component that exports `wasi:cli/run`.
    Command(LoadedCommand),
}

/// The names of the interfaces `component` imports.
fn imports(engine: &Engine, component: &Component) -> Vec<String> {
    names(component.component_type().imports(engine))
}

/// The names of the interfaces `component` exports.
fn export_names(engine: &Engine, component: &Component) -> Vec<String> {
    names(component.component_type().exports(engine))
}

fn names<'a, T>(items: impl Iterator<Item = (&'a str, T)>) -> Vec<String> {
    items.map(|(name, _)| name.to_string()).collect()
}

/// Epoch ticks in `timeout`: the deadline each call (and instantiation) gets.
fn deadline_ticks(timeout: Duration) -> u64 {
    (timeout.div_duration_f64(EPOCH_TICK).ceil() as u64).max(1)
}

/// A store for one instance: `sandbox` as its data, its memory held to
/// `limits.max_memory`, and a deadline armed, since instantiating runs guest
/// code too (start functions, initialisers).
pub(crate) fn sandboxed_store(
    engine: &Engine,
    sandbox: Sandbox,
    limits: &Limits,
) -> Store<Sandbox> {
    let mut store = Store::new(engine, sandbox);
    store.limiter(|sandbox| sandbox.limits());
    store.set_epoch_deadline(deadline_ticks(limits.timeout));
    store
}

/// Advances `engine`'s epoch every [`EPOCH_TICK`], for as long as the engine
/// (held by its host and by every component loaded through it) exists.
fn spawn_epoch_ticker(engine: &Engine) {
    let engine = engine.weak();
    thread::spawn(move || {
        while let Some(engine) = engine.upgrade() {
            engine.increment_epoch();
            drop(engine);
            thread::sleep(EPOCH_TICK);
        }
    });
}

impl LoadedComponent {
    /// A fresh instance: its own linear memory, its own buffer, all zero.
    pub fn instantiate(&self) -> wasmtime::Result<Instance> {
        let mut store =
            sandboxed_store(self.pre.engine(), Sandbox::new(&self.limits), &self.limits);
        let bindings = self.pre.instantiate(&mut store)?;
        Ok(Instance::new(
            store,
            bindings,
            deadline_ticks(self.limits.timeout),
        ))
    }

    /// The limits each instance runs under.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The size of the `.wasm` file in bytes.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The names of the interfaces the component imports (the Rust one
    /// imports none).
    pub fn imports(&self) -> &[String] {
        &self.imports
    }
}
