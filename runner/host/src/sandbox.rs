//! What each instance's store holds: a WASI context that grants nothing, and
//! the limits on its memory.

use wasmtime::component::ResourceTable;
use wasmtime::{Engine, Store, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::Limits;

/// The most a command may print before its output is cut off.
const STDOUT_CAPACITY: usize = 1 << 20;

/// A store's data: WASI that grants nothing, and the memory limit. Every
/// instance and every command run gets one of its own.
pub struct Sandbox {
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
    pub(crate) fn new(limits: &Limits) -> Self {
        Self::with_wasi(WasiCtxBuilder::new(), limits)
    }

    /// The same sandbox, except that what the component prints to stdout is
    /// kept in `stdout`: for commands, whose output is what they do.
    pub(crate) fn capturing_stdout(limits: &Limits) -> (Self, MemoryOutputPipe) {
        let stdout = MemoryOutputPipe::new(STDOUT_CAPACITY);
        let mut wasi = WasiCtxBuilder::new();
        wasi.stdout(stdout.clone());
        (Self::with_wasi(wasi, limits), stdout)
    }

    fn with_wasi(mut wasi: WasiCtxBuilder, limits: &Limits) -> Self {
        Self {
            wasi: wasi.build(),
            table: ResourceTable::new(),
            limits: StoreLimitsBuilder::new()
                .memory_size(limits.max_memory)
                .build(),
        }
    }

    /// A store for one instance, holding this sandbox: its memory held to
    /// `limits.max_memory`, and a deadline armed, since instantiating runs
    /// guest code too (start functions, initialisers).
    pub(crate) fn into_store(self, engine: &Engine, limits: &Limits) -> Store<Self> {
        let mut store = Store::new(engine, self);
        store.limiter(|sandbox| &mut sandbox.limits);
        store.set_epoch_deadline(limits.deadline_ticks());
        store
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
