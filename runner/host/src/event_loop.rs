//! How an instance's calls are made: straight through on an engine without
//! concurrency support, or on the store's event loop on one with it, with a
//! wall-clock limit on each whole call.

use std::time::Duration;

use tokio::runtime::Runtime;
use tokio::time;
use wasmtime::component::{
    Accessor, ComponentNamedList, Instance as ComponentInstance, InstancePre, Lift, Lower,
    TypedFunc,
};
use wasmtime::{Store, bail};

use crate::{Sandbox, StillWaiting};

/// How the calls into one store are made. Its host's engine and linker
/// decide which: see [`crate::Host::concurrent`].
pub(crate) enum Calls {
    /// No concurrency support, WASI linked for synchronous use: each call
    /// runs to its end on this thread.
    Blocking,
    /// Concurrency support on (the async ABI), WASI linked for async use:
    /// every call, a synchronous export's too, runs on the store's event
    /// loop, where a host function (a guest's print, say) can wait without
    /// blocking the loop that drives a stream.
    Concurrent(EventLoop),
}

impl Calls {
    /// The calls of a host whose engine has concurrency support or not;
    /// each concurrent call may take at most `timeout`, waiting included.
    pub(crate) fn new(concurrent: bool, timeout: Duration) -> wasmtime::Result<Self> {
        Ok(match concurrent {
            true => Calls::Concurrent(EventLoop::new(timeout)?),
            false => Calls::Blocking,
        })
    }

    /// Instantiates `pre` in `store`.
    pub(crate) fn instantiate(
        &self,
        pre: &InstancePre<Sandbox>,
        store: &mut Store<Sandbox>,
    ) -> wasmtime::Result<ComponentInstance> {
        match self {
            Calls::Blocking => pre.instantiate(store),
            Calls::Concurrent(event_loop) => {
                event_loop.within_timeout(pre.instantiate_async(store))
            }
        }
    }

    /// Calls `func` with `params`: one call across the component boundary.
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
        match self {
            Calls::Blocking => func.call(store, params),
            Calls::Concurrent(event_loop) => {
                event_loop.within_timeout(func.call_async(store, params))
            }
        }
    }

    /// Runs `call` on `store`'s event loop: calls of async functions
    /// (stream calls, WASI 0.3's `run`), which only a concurrent store has.
    pub(crate) fn run_concurrent<R>(
        &self,
        store: &mut Store<Sandbox>,
        call: impl AsyncFnOnce(&Accessor<Sandbox>) -> wasmtime::Result<R> + Send,
    ) -> wasmtime::Result<R> {
        match self {
            Calls::Blocking => bail!("an async function needs an engine with concurrency support"),
            Calls::Concurrent(event_loop) => {
                event_loop.within_timeout(store.run_concurrent(call))?
            }
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
        // The timer belongs to the runtime: made inside it.
        let timed = async { time::timeout(timeout, future).await };
        match self.runtime.block_on(timed) {
            Ok(done) => done,
            Err(_) => Err(StillWaiting { timeout }.into()),
        }
    }
}
