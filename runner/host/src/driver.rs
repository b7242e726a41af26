//! How the calls into a store are made: straight through on an engine
//! without concurrency support, or on the store's event loop on one with
//! it, with a wall-clock limit on each whole call; and, asked, with the
//! copy map of the next call (`map.rs`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::runtime::Runtime;
use tokio::time;
use wasmtime::component::{
    Accessor, ComponentNamedList, Func, Instance as ComponentInstance, InstancePre, Lift, Lower,
    TypedFunc, Val,
};
use wasmtime::{Store, bail};

use crate::map::{CallMap, Signature, Tracer};
use crate::{Sandbox, StillWaiting};

/// How the calls into one store are made. Its host's engine and linker,
/// and what the component imports, decide: see [`crate::Host::concurrent`].
pub(crate) struct Driver {
    /// The store's event loop, on an engine with concurrency support: where
    /// calls of async functions run (stream calls, WASI 0.3's `run`).
    event_loop: Option<EventLoop>,
    /// Whether every call must run on the event loop. wasmtime requires it
    /// of a store whose instance imports an async host function, as any
    /// import from a concurrent host's WASI (linked for async use) is; a
    /// component that imports nothing keeps straight-through calls, which
    /// cost less.
    async_required: bool,
    /// The copy map asked of the next call, and then its tracer.
    mapping: Mutex<Option<Mapping>>,
    /// Whether a call was ever traced: wasmtime then requires async calls
    /// of the store for good, debug handler or not.
    traced: AtomicBool,
}

/// Where a copy map asked for ([`Driver::map_next_call`]) is.
enum Mapping {
    /// Asked for: the next call is traced.
    Asked,
    /// The call being traced, or traced.
    Tracing(Tracer),
}

impl Driver {
    /// The driver of an instance on a host whose engine has concurrency
    /// support or not, of a component that imports something or nothing;
    /// each call on the event loop may take at most `timeout`, waiting
    /// included.
    pub(crate) fn new(
        concurrent: bool,
        imports_anything: bool,
        timeout: Duration,
    ) -> wasmtime::Result<Self> {
        let event_loop = match concurrent {
            true => Some(EventLoop::new(timeout)?),
            false => None,
        };
        Ok(Self {
            event_loop,
            async_required: concurrent && imports_anything,
            mapping: Mutex::new(None),
            traced: AtomicBool::new(false),
        })
    }

    /// Asks for the copy map of the next call made through this driver, on
    /// a debugger's engine ([`crate::Host::inspecting`]): that call runs on
    /// the event loop, where the debugger's handler can run.
    pub(crate) fn map_next_call(&self) {
        *self.mapping() = Some(Mapping::Asked);
    }

    /// Starts tracing a call of `func` in `store`, if a map was asked for and
    /// no call is traced yet.
    pub(crate) fn start_map(
        &self,
        store: &mut Store<Sandbox>,
        func: &Func,
    ) -> wasmtime::Result<()> {
        let mut mapping = self.mapping();
        if let Some(Mapping::Asked) = *mapping {
            let signature = Signature::of(&func.ty(&*store));
            *mapping = Some(Mapping::Tracing(Tracer::install(store, signature)?));
            self.traced.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    /// The map of the call traced since [`Driver::map_next_call`], whose
    /// breakpoints go: `None` if no call was made.
    pub(crate) fn take_map(&self, store: &mut Store<Sandbox>) -> wasmtime::Result<Option<CallMap>> {
        match self.mapping().take() {
            Some(Mapping::Tracing(tracer)) => tracer.finish(store).map(Some),
            _ => Ok(None),
        }
    }

    fn mapping(&self) -> MutexGuard<'_, Option<Mapping>> {
        self.mapping
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Instantiates `pre` in `store`.
    pub(crate) fn instantiate(
        &self,
        pre: &InstancePre<Sandbox>,
        store: &mut Store<Sandbox>,
    ) -> wasmtime::Result<ComponentInstance> {
        match (&self.event_loop, self.async_required) {
            (Some(event_loop), true) => event_loop.within_timeout(pre.instantiate_async(store)),
            _ => pre.instantiate(store),
        }
    }

    /// Instantiates `pre` in `store`: on the event loop if the engine has
    /// concurrency support, whatever the component imports.
    pub(crate) fn instantiate_async(
        &self,
        pre: &InstancePre<Sandbox>,
        store: &mut Store<Sandbox>,
    ) -> wasmtime::Result<ComponentInstance> {
        match &self.event_loop {
            Some(event_loop) => event_loop.within_timeout(pre.instantiate_async(store)),
            None => pre.instantiate(store),
        }
    }

    /// Calls `func`, a synchronous export, with `params`: one call across
    /// the component boundary, on the event loop if the store requires it
    /// (it imports something, on a concurrent engine; or a call was traced
    /// in it), traced if a map was asked for.
    pub(crate) fn call<P, R>(
        &self,
        store: &mut Store<Sandbox>,
        func: TypedFunc<P, R>,
        params: P,
    ) -> wasmtime::Result<R>
    where
        P: ComponentNamedList + Lower + Send + Sync,
        R: ComponentNamedList + Lift + Send + Sync + 'static,
    {
        self.start_map(store, func.func())?;
        match self.async_required || self.traced.load(Ordering::Relaxed) {
            true => self
                .event_loop()?
                .within_timeout(func.call_async(store, params)),
            false => func.call(store, params),
        }
    }

    /// Calls `func`, any export (sync or async), with `params`, its results
    /// written to `results`: on the event loop on a concurrent engine (as
    /// `wasmtime run --invoke` calls one, and as a debugger's engine needs:
    /// its handler runs in an async context), straight through otherwise.
    pub(crate) fn call_dynamic(
        &self,
        store: &mut Store<Sandbox>,
        func: Func,
        params: &[Val],
        results: &mut [Val],
    ) -> wasmtime::Result<()> {
        self.start_map(store, &func)?;
        match &self.event_loop {
            Some(event_loop) => event_loop.within_timeout(func.call_async(store, params, results)),
            None => func.call(store, params, results),
        }
    }

    /// Runs `call` on `store`'s event loop: calls of async functions
    /// (stream calls, WASI 0.3's `run`), which only a concurrent store has.
    pub(crate) fn run_concurrent<R>(
        &self,
        store: &mut Store<Sandbox>,
        call: impl AsyncFnOnce(&Accessor<Sandbox>) -> wasmtime::Result<R> + Send,
    ) -> wasmtime::Result<R> {
        self.event_loop()?
            .within_timeout(store.run_concurrent(call))?
    }

    fn event_loop(&self) -> wasmtime::Result<&EventLoop> {
        match &self.event_loop {
            Some(event_loop) => Ok(event_loop),
            None => bail!("an async function needs an engine with concurrency support"),
        }
    }
}
/// An executor for concurrent calls, with a clock.
pub(crate) struct EventLoop {
    runtime: Runtime,
    timeout: Duration,
}

impl EventLoop {
    /// A current-thread runtime with a clock, for calls that may take at
    /// most `timeout` each, waiting included: a guest waiting for a stream's
    /// other end runs no code, so no epoch deadline can stop it.
    fn new(timeout: Duration) -> wasmtime::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()?;
        Ok(Self { runtime, timeout })
    }

    /// Runs `future` to its end, or fails with [`StillWaiting`] once the
    /// timeout has passed.
    fn within_timeout<T>(
        &self,
        future: impl Future<Output = wasmtime::Result<T>>,
    ) -> wasmtime::Result<T> {
        let timeout = self.timeout;
        // Pinned once, on the heap: a call's future is large (wasmtime's
        // event loop and the call's state), and `block_on` would otherwise
        // move it more than once on every call.
        let future = Box::pin(future);
        // The timer belongs to the runtime: made inside it.
        let timed = async { time::timeout(timeout, future).await };
        match self.runtime.block_on(timed) {
            Ok(done) => done,
            Err(_) => Err(StillWaiting { timeout }.into()),
        }
    }
}
