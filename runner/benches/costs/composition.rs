//! What composition costs: calls into the implementation from a client
//! component (the bench-client world, composed with the Rust implementation
//! by `wac plug`), component to component, against the same calls from this
//! host. `.ci/bench` builds and composes the client first.

use std::path::Path;

use linear_memory_host::{Call, DEFAULT_COMPONENT, Host};
use wasmtime::component::{Component, Instance, Linker, ResourceTable, TypedFunc};
use wasmtime::{Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::bulk;
use crate::measure::{consume, per_op};
use crate::report::{self, Row, human};

const CALLS: &str = "wasm-by-example:linear-memory/calls@0.1.0";
const SIZE: usize = 65536;
/// Calls per timed operation: each operation is one call into the client,
/// which makes this many calls into the implementation.
const LOOP: u32 = 100;

pub fn measure(host: &Host, composed: &Path, rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    let mut client = Client::new(host.engine(), composed)?;
    let mut instance = host.load(DEFAULT_COMPONENT)?.instantiate()?;
    let from_host = [
        per_op(|| consume(instance.call(&Call::BufferLen).unwrap())),
        bulk::write(&mut instance, SIZE),
        bulk::read(&mut instance, SIZE),
    ];
    let from_client = [
        client.time("buffer-len", None),
        client.time("write", Some(SIZE)),
        client.time("read", Some(SIZE)),
    ];
    let names = [
        "buffer-len()".to_string(),
        format!("write {}", human(SIZE)),
        format!("read {}", human(SIZE)),
    ];
    for (i, name) in names.into_iter().enumerate() {
        let bytes = (i > 0).then_some(SIZE);
        let host = ("from the host", "host to component", from_host[i]);
        let client = ("from a component", "component to component", from_client[i]);
        let group = "from a client component";
        rows.extend(report::compared(group, &name, bytes, host, client));
    }
    Ok(())
}

/// The composed bench client, instantiated once.
struct Client {
    store: Store<Wasi>,
    buffer_len: TypedFunc<(u32,), ()>,
    write: TypedFunc<(u32, u32), ()>,
    read: TypedFunc<(u32, u32), ()>,
}

impl Client {
    fn new(engine: &Engine, composed: &Path) -> wasmtime::Result<Self> {
        let (mut store, instance) = instantiate_client(engine, composed)?;
        let calls = instance
            .get_export_index(&mut store, None, CALLS)
            .expect("the calls interface");
        let mut func = |name| {
            instance
                .get_export_index(&mut store, Some(&calls), name)
                .expect(name)
        };
        let (buffer_len, write, read) = (func("buffer-len"), func("write"), func("read"));
        Ok(Self {
            buffer_len: instance.get_typed_func(&mut store, buffer_len)?,
            write: instance.get_typed_func(&mut store, write)?,
            read: instance.get_typed_func(&mut store, read)?,
            store,
        })
    }

    /// Nanoseconds per call the client makes of `function` (with `len`
    /// bytes, for `write` and `read`).
    fn time(&mut self, function: &str, len: Option<usize>) -> f64 {
        let len = len.unwrap_or(0) as u32;
        let store = &mut self.store;
        let ns = match function {
            "buffer-len" => per_op(|| self.buffer_len.call(&mut *store, (LOOP,)).unwrap()),
            "write" => per_op(|| self.write.call(&mut *store, (LOOP, len)).unwrap()),
            _ => per_op(|| self.read.call(&mut *store, (LOOP, len)).unwrap()),
        };
        ns / f64::from(LOOP)
    }
}

/// A composed bench client, instantiated in a store of its own on `engine`.
pub fn instantiate_client(
    engine: &Engine,
    composed: &Path,
) -> wasmtime::Result<(Store<Wasi>, Instance)> {
    let component = Component::from_file(engine, composed)?;
    let mut linker = Linker::new(engine);
    // The client is a Rust component with std: it imports WASI, and uses
    // none of it here.
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    let mut store = Store::new(engine, Wasi::new());
    store.set_epoch_deadline(1 << 40);
    let instance = linker.instantiate(&mut store, &component)?;
    Ok((store, instance))
}

/// What a composed client's store holds: WASI that grants nothing.
pub struct Wasi {
    ctx: WasiCtx,
    table: ResourceTable,
}

impl Wasi {
    pub fn new() -> Self {
        Self {
            ctx: WasiCtx::builder().build(),
            table: ResourceTable::new(),
        }
    }
}

impl WasiView for Wasi {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}
