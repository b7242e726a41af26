//! Where concurrent calls run: a store's event loop, driven on a runtime of
//! this thread's own, with a wall-clock limit on the whole call.

use std::time::Duration;

use tokio::runtime::Runtime;
use tokio::time;
use wasmtime::Store;
use wasmtime::component::Accessor;

use crate::{Sandbox, StillWaiting};

/// An executor for concurrent calls (stream calls, WASI 0.3's `run`).
pub(crate) struct EventLoop {
    runtime: Runtime,
    timeout: Duration,
}

impl EventLoop {
    /// A current-thread runtime with a clock, for calls that may take at
    /// most `timeout` each, waiting included: a guest waiting for a stream's
    /// other end runs no code, so no epoch deadline can stop it.
    pub(crate) fn new(timeout: Duration) -> wasmtime::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()?;
        Ok(Self { runtime, timeout })
    }

    /// Runs `call` on `store`'s event loop until it is done, the guest
    /// traps, or the timeout passes ([`StillWaiting`]).
    pub(crate) fn run<R>(
        &self,
        store: &mut Store<Sandbox>,
        call: impl AsyncFnOnce(&Accessor<Sandbox>) -> wasmtime::Result<R> + Send,
    ) -> wasmtime::Result<R> {
        let timeout = self.timeout;
        // The timer belongs to the runtime: made inside it.
        let call = async { time::timeout(timeout, store.run_concurrent(call)).await };
        match self.block_on(call) {
            Ok(ran) => ran?,
            Err(_) => Err(StillWaiting { timeout }.into()),
        }
    }

    /// Runs `future` (an async instantiation, say) to its end.
    pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}
