//! What each instance's store holds: a WASI context that grants nothing but
//! somewhere to print, and the limits on its memory.

use wasmtime::component::ResourceTable;
use wasmtime::{Engine, Store, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::Limits;

/// The most a component may print to each of stdout and stderr over an
/// instance's life; past it, a write fails as a closed stream's does.
const OUTPUT_CAPACITY: usize = 1 << 20;

/// A store's data: WASI that grants nothing, what the component printed,
/// and the memory limit. Every instance and every command run gets one of
/// its own.
pub struct Sandbox {
    wasi: WasiCtx,
    table: ResourceTable,
    limits: StoreLimits,
    output: Output,
}

/// What a component printed to stdout and stderr, kept (up to
/// [`OUTPUT_CAPACITY`] each) so the host shows it, not the terminal's
/// owner's process: a guest that logs or panics mid-call is shown printing.
struct Output {
    stdout: Kept,
    stderr: Kept,
}

/// One output stream, kept, and how much of it the host has taken.
struct Kept {
    pipe: MemoryOutputPipe,
    taken: usize,
}

impl Kept {
    fn new() -> Self {
        Self {
            pipe: MemoryOutputPipe::new(OUTPUT_CAPACITY),
            taken: 0,
        }
    }

    /// What was printed since the last take.
    fn take(&mut self) -> Vec<u8> {
        let contents = self.pipe.contents();
        let new = contents[self.taken..].to_vec();
        self.taken = contents.len();
        new
    }
}

/// What a component printed since the host last asked.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Printed {
    /// To stdout.
    pub stdout: Vec<u8>,
    /// To stderr (a Rust guest's panic message goes there).
    pub stderr: Vec<u8>,
}

impl Sandbox {
    /// `WasiCtxBuilder`'s defaults, with stdout and stderr kept: no
    /// preopened directories, no environment variables, no arguments, stdin
    /// closed, every network address denied. Only the clocks and the random
    /// number generator work.
    ///
    /// Memory: at most `limits.max_memory` bytes per linear memory; a
    /// `memory.grow` past it fails (returns -1) instead of trapping.
    pub(crate) fn new(limits: &Limits) -> Self {
        let output = Output {
            stdout: Kept::new(),
            stderr: Kept::new(),
        };
        let mut wasi = WasiCtxBuilder::new();
        wasi.stdout(output.stdout.pipe.clone());
        wasi.stderr(output.stderr.pipe.clone());
        Self {
            wasi: wasi.build(),
            table: ResourceTable::new(),
            limits: StoreLimitsBuilder::new()
                .memory_size(limits.max_memory)
                .build(),
            output,
        }
    }

    /// What the component printed since the last time this was asked.
    pub fn take_printed(&mut self) -> Printed {
        Printed {
            stdout: self.output.stdout.take(),
            stderr: self.output.stderr.take(),
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
