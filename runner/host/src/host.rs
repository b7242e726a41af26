//! Loading components into wasmtime: reading, checking and compiling them,
//! under the limits the host sets.

use std::path::Path;
use std::thread;

use wasmtime::component::{Component, InstancePre, Linker};
use wasmtime::wasmparser::{Parser, Validator, WasmFeatures};
use wasmtime::{Config, Engine};

use crate::bindings::LinearMemoryPre;
use crate::cache::Cache;
use crate::command::CommandPre;
use crate::limits::EPOCH_TICK;
use crate::stream_bindings::LinearMemoryStreamsPre;
use crate::{
    AnyComponent, Limits, LoadError, Loaded, LoadedAny, LoadedComponent, LoadedStreams, Sandbox,
};

/// The world every implementation of the lesson exports.
const WORLD: &str = "linear-memory";

/// One wasmtime engine and linker, shared by every component it loads.
pub struct Host {
    engine: Engine,
    linker: Linker<Sandbox>,
    limits: Limits,
    /// Whether the engine has the component model's async ABI on.
    async_abi: bool,
    /// Where compiled components are kept, if anywhere.
    cache: Option<Cache>,
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
        Self::with_config(&Self::config(), limits, false)
    }

    /// Like [`Host::concurrent`], on an engine with wasmtime's guest
    /// debugging on: a debugger's engine, whose instances let the host see
    /// inside them ([`crate::Instance::core_memories`]). Guest code is
    /// compiled with extra instrumentation, and runs slower. The async ABI
    /// is on so that it takes any component: a streams implementation, a
    /// WASI 0.3 command.
    pub fn inspecting(limits: Limits) -> wasmtime::Result<Self> {
        let mut config = Self::concurrent_config();
        config.guest_debug(true);
        Self::with_config(&config, limits, true)
    }

    /// Like [`Host::with_limits`], on an engine with the component model's
    /// async ABI on, which `stream<u8>` needs ([`Host::load_streams`]). It
    /// is a host of its own because concurrency support makes every call on
    /// its engine pay for task bookkeeping, streams or not. Stream calls run
    /// on the store's event loop, and WASI is linked for async use there, so
    /// a component that prints mid-stream is heard, not a host panic; every
    /// call of a component that imports WASI then runs on the event loop too,
    /// as wasmtime requires.
    pub fn concurrent(limits: Limits) -> wasmtime::Result<Self> {
        Self::with_config(&Self::concurrent_config(), limits, true)
    }

    /// A host on an engine configured by `config`: [`Host::config`] or
    /// [`Host::concurrent_config`] (then `async_abi`), with more set
    /// (`guest_debug`, say).
    fn with_config(config: &Config, limits: Limits, async_abi: bool) -> wasmtime::Result<Self> {
        let engine = Engine::new(config)?;
        spawn_epoch_ticker(&engine);
        let mut linker = Linker::new(&engine);
        // A concurrent engine's calls run on an event loop (crate::driver),
        // where WASI's synchronous bindings would block on a runtime inside
        // the runtime and panic the host at a guest's first print.
        match async_abi {
            true => wasmtime_wasi::p2::add_to_linker_async(&mut linker)?,
            false => wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?,
        }
        Ok(Self {
            engine,
            linker,
            limits,
            async_abi,
            cache: None,
        })
    }

    /// The same host, keeping the large components it compiles in `dir` (a
    /// directory only this user writes: see `cache.rs`), so that the next
    /// host of the same configuration loads them without compiling.
    pub fn with_cache(self, dir: impl Into<std::path::PathBuf>) -> Self {
        Self {
            cache: Some(Cache::new(dir.into())),
            ..self
        }
    }

    /// [`Host::config`] with the async ABI on: [`Host::concurrent`]'s.
    pub fn concurrent_config() -> Config {
        let mut config = Self::config();
        config
            .concurrency_support(true)
            .wasm_component_model_async(true);
        config
    }

    /// The engine configuration every host starts from: the component model
    /// on, concurrency support off (but see [`Host::concurrent`]), epoch
    /// interruption on.
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
        let compiled = self.compile(path.as_ref())?;
        self.prepare(&compiled, WORLD, LinearMemoryPre::new)
    }

    /// Reads, compiles and type-checks the component at `path` against the
    /// `linear-memory-streams` world. The host must be [`Host::concurrent`].
    pub fn load_streams(&self, path: impl AsRef<Path>) -> Result<LoadedStreams, LoadError> {
        let compiled = self.compile(path.as_ref())?;
        self.prepare(
            &compiled,
            "linear-memory-streams",
            LinearMemoryStreamsPre::new,
        )
    }

    /// Reads and compiles the component at `path`: an implementation of the
    /// `linear-memory` world, or a command (one that exports `wasi:cli/run`,
    /// such as a lesson client composed with an implementation). A command
    /// of WASI 0.3 (its `run` is async) needs a [`Host::concurrent`] engine.
    pub fn load_any(&self, path: impl AsRef<Path>) -> Result<AnyComponent, LoadError> {
        let compiled = self.compile(path.as_ref())?;
        let Some(run) = compiled.export_starting("wasi:cli/run@") else {
            let implementation = self.prepare(&compiled, WORLD, LinearMemoryPre::new)?;
            return Ok(AnyComponent::Implementation(implementation));
        };
        let is_async = !run.starts_with("wasi:cli/run@0.2.");
        let world = match is_async {
            true => "wasi:cli/command@0.3",
            false => "wasi:cli/command@0.2",
        };
        let bindings = |pre| CommandPre::new(pre, &run, is_async);
        let command = self.prepare(&compiled, world, bindings)?;
        Ok(AnyComponent::Command(command))
    }

    /// Reads and compiles any component, and links it with this host's WASI
    /// (which grants nothing): one whose exports are called by name, with
    /// values typed at run time ([`crate::Invocation`]). The host should be
    /// [`Host::concurrent`] or [`Host::inspecting`], which take any
    /// component, async ones too.
    pub fn load_for_calls(&self, path: impl AsRef<Path>) -> Result<LoadedAny, LoadError> {
        let compiled = self.compile(path.as_ref())?;
        let pre = self
            .linker
            .instantiate_pre(&compiled.component)
            .map_err(|error| LoadError::Unlinkable {
                path: path.as_ref().to_path_buf(),
                reason: format!("{error:#}"),
            })?;
        Ok(compiled.loaded(pre, self.limits, self.async_abi))
    }

    /// Links `compiled` with this host's linker and checks it against
    /// `world` with `bindings`.
    fn prepare<P>(
        &self,
        compiled: &Compiled,
        world: &'static str,
        bindings: impl FnOnce(InstancePre<Sandbox>) -> wasmtime::Result<P>,
    ) -> Result<Loaded<P>, LoadError> {
        compiled.prepare(&self.linker, world, bindings, self.limits, self.async_abi)
    }

    /// Reads the file and compiles it, after checking that it is a component.
    fn compile<'a>(&self, path: &'a Path) -> Result<Compiled<'a>, LoadError> {
        let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
            path: path.into(),
            source,
        })?;
        let path_buf = || path.to_path_buf();
        if bytes.is_empty() {
            return Err(LoadError::Empty { path: path_buf() });
        }
        if !bytes.starts_with(b"\0asm") {
            return Err(LoadError::NotWasm { path: path_buf() });
        }
        if Parser::is_core_wasm(&bytes) {
            return Err(LoadError::CoreModule { path: path_buf() });
        }
        // Anything else that starts like WebAssembly (a component, whole or
        // not, or an unknown version) is for wasmtime to judge.
        let compiled = match &self.cache {
            Some(cache) => cache.compile(&self.engine, &bytes),
            None => Component::new(&self.engine, &bytes),
        };
        let component = compiled.map_err(|e| {
            if !self.async_abi && uses_the_async_abi(&bytes) {
                return LoadError::NeedsAsyncAbi { path: path_buf() };
            }
            LoadError::Invalid {
                path: path_buf(),
                reason: format!("{e:#}"),
            }
        })?;
        Ok(Compiled {
            path,
            component,
            size: bytes.len(),
        })
    }

    /// The limits every instance runs under.
    pub fn limits(&self) -> Limits {
        self.limits
    }
}

/// A component compiled from the file at `path`, not yet linked.
struct Compiled<'a> {
    path: &'a Path,
    component: Component,
    /// The file's size in bytes.
    size: usize,
}

impl Compiled<'_> {
    /// Links the component with `linker` and checks it against `world` with
    /// `bindings` (a `bindgen!` pre-instance's `new`, say): a component of
    /// another world fails here, as [`LoadError::WrongWorld`].
    fn prepare<P>(
        &self,
        linker: &Linker<Sandbox>,
        world: &'static str,
        bindings: impl FnOnce(InstancePre<Sandbox>) -> wasmtime::Result<P>,
        limits: Limits,
        concurrent: bool,
    ) -> Result<Loaded<P>, LoadError> {
        let pre = linker
            .instantiate_pre(&self.component)
            .and_then(bindings)
            .map_err(|error| self.wrong_world(world, error))?;
        Ok(self.loaded(pre, limits, concurrent))
    }

    /// `pre`, made from this component, ready to instantiate.
    fn loaded<P>(&self, pre: P, limits: Limits, concurrent: bool) -> Loaded<P> {
        let imports = self
            .component
            .component_type()
            .imports(self.component.engine())
            .map(|(name, _)| name.to_string())
            .collect();
        Loaded::new(pre, self.size, imports, limits, concurrent)
    }

    /// The name of the first export that starts with `prefix`.
    fn export_starting(&self, prefix: &str) -> Option<String> {
        self.component
            .component_type()
            .exports(self.component.engine())
            .map(|(name, _)| name.to_string())
            .find(|name| name.starts_with(prefix))
    }

    fn wrong_world(&self, world: &'static str, error: wasmtime::Error) -> LoadError {
        LoadError::WrongWorld {
            path: self.path.to_path_buf(),
            world,
            reason: format!("{error:#}"),
        }
    }
}

/// Whether `bytes` are a valid component only with the async ABI's
/// features on: one that a host whose engine has them off cannot compile,
/// although nothing is wrong with it.
fn uses_the_async_abi(bytes: &[u8]) -> bool {
    let valid_with = |features| {
        Validator::new_with_features(features)
            .validate_all(bytes)
            .is_ok()
    };
    let with = WasmFeatures::default() | WasmFeatures::CM_ASYNC;
    let without = with.difference(WasmFeatures::CM_ASYNC);
    !valid_with(without) && valid_with(with)
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
