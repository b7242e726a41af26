//! Loading components into wasmtime, and the sandbox each instance runs in.

use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::wasmparser::Parser;
use wasmtime::{Config, Engine, Store, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::Instance;
use crate::bindings::LinearMemoryPre;

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
    /// instance, in [`Sandbox::new`]: nothing.
    pub fn with_limits(limits: Limits) -> wasmtime::Result<Self> {
        let engine = Engine::new(&Self::config())?;
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
            // bookkeeping concurrent (component-model-async) calls require;
            // without it a call costs a fraction as much.
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

    /// Reads, compiles and type-checks the component at `path`.
    pub fn load(&self, path: impl AsRef<Path>) -> Result<LoadedComponent, LoadError> {
        let path = path.as_ref().to_path_buf();
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
        let wrong_world = |e: wasmtime::Error| LoadError::WrongWorld {
            path: path.clone(),
            reason: format!("{e:#}"),
        };
        let instance_pre = self
            .linker
            .instantiate_pre(&component)
            .map_err(wrong_world)?;
        let pre = LinearMemoryPre::new(instance_pre).map_err(wrong_world)?;
        let imports = component
            .component_type()
            .imports(&self.engine)
            .map(|(name, _)| name.to_string())
            .collect();
        Ok(LoadedComponent {
            size: bytes.len(),
            imports,
            pre,
            limits: self.limits,
        })
    }
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
        let mut store = Store::new(self.pre.engine(), Sandbox::new(&self.limits));
        store.limiter(|sandbox| &mut sandbox.limits);
        let deadline = self.limits.timeout.div_duration_f64(EPOCH_TICK).ceil() as u64;
        let deadline = deadline.max(1);
        // Instantiation runs guest code too (start functions, initialisers).
        store.set_epoch_deadline(deadline);
        let bindings = self.pre.instantiate(&mut store)?;
        Ok(Instance::new(store, bindings, deadline))
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

/// What each instance's store holds: a WASI context that grants nothing, and
/// the limits on its memory.
pub(crate) struct Sandbox {
    wasi: WasiCtx,
    table: ResourceTable,
    limits: StoreLimits,
}

impl Sandbox {
    /// `WasiCtxBuilder`'s defaults, with nothing added: no preopened
    /// directories, no environment variables, no arguments, stdin closed,
    /// stdout and stderr discarded, every network address denied. Only the
    /// clocks and the random number generator work.
    ///
    /// Memory: at most `limits.max_memory` bytes per linear memory; a
    /// `memory.grow` past it fails (returns -1) instead of trapping.
    fn new(limits: &Limits) -> Self {
        Self {
            wasi: WasiCtx::builder().build(),
            table: ResourceTable::new(),
            limits: StoreLimitsBuilder::new()
                .memory_size(limits.max_memory)
                .build(),
        }
    }
}

impl WasiView for Sandbox {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}
