//! Lists against streams between two components: the bench-streams-client
//! world, composed with the Rust streams implementation by `wac plug`,
//! making both kinds of transfer into the same buffer in a loop, on an
//! engine with the async ABI on. `.ci/bench` builds and composes the client.

use std::path::Path;

use linear_memory_host::Host;
use wasmtime::component::TypedFunc;
use wasmtime::{Engine, Store};

use crate::composition::{Wasi, instantiate_client};
use crate::measure::{self, per_op};
use crate::report::{self, Row, human};

const CALLS: &str = "wasm-by-example:linear-memory/stream-calls@0.1.0";
const SIZE: usize = 65536;
/// Transfers per timed operation: each operation is one call into the
/// client, which makes this many into the implementation.
const LOOP: u32 = 100;

type Calls = TypedFunc<(u32, u32), ()>;

/// Measures the rows; when the run counts instructions, returns where a
/// 64 KiB `write-via-stream`'s went, one line per part of the stack.
pub fn measure(composed: &Path, rows: &mut Vec<Row>) -> wasmtime::Result<Vec<String>> {
    let engine = Engine::new(&Host::concurrent_config())?;
    let mut client = Client::new(&engine, composed)?;
    let group = "lists against streams, component to component";
    let mut stream_write = Vec::new();
    for (list_call, stream_call) in [("write", "write-via-stream"), ("read", "read-via-stream")] {
        let name = format!("{list_call} {}", human(SIZE));
        let list = (
            "list<u8>",
            "component to component, list<u8>",
            client.time(list_call)?,
        );
        let stream = (
            "stream<u8>",
            "component to component, stream<u8>",
            client.time(stream_call)?,
        );
        if stream_call == "write-via-stream" {
            stream_write = measure::where_the_last_row_went();
        }
        rows.extend(report::compared(group, &name, Some(SIZE), list, stream));
    }
    Ok(measure::shares(
        "where a 64 KiB write-via-stream's instructions go, component to component:",
        &stream_write,
    ))
}

/// The composed client, instantiated once, and the runtime its async
/// exports run on.
pub struct Client {
    store: Store<Wasi>,
    exports: [(&'static str, Calls); 5],
    runtime: tokio::runtime::Runtime,
}

impl Client {
    pub fn new(engine: &Engine, composed: &Path) -> wasmtime::Result<Self> {
        let (mut store, instance) = instantiate_client(engine, composed)?;
        let calls = instance
            .get_export_index(&mut store, None, CALLS)
            .expect("the stream-calls interface");
        let mut func = |name: &'static str| -> wasmtime::Result<(&'static str, Calls)> {
            let index = instance
                .get_export_index(&mut store, Some(&calls), name)
                .expect(name);
            Ok((name, instance.get_typed_func(&mut store, index)?))
        };
        let exports = [
            func("write")?,
            func("read")?,
            func("write-via-stream")?,
            func("read-via-stream")?,
            func("write-ring-via-stream")?,
        ];
        let runtime = tokio::runtime::Builder::new_current_thread().build()?;
        Ok(Self {
            store,
            exports,
            runtime,
        })
    }

    /// Nanoseconds per transfer of 64 KiB the client makes with `function`.
    fn time(&mut self, function: &str) -> wasmtime::Result<f64> {
        self.time_calls(function, LOOP, SIZE)
    }

    /// Nanoseconds per call of `function` that moves `size` bytes, in loops
    /// of about 64 MiB.
    pub fn time_per_call(&mut self, function: &str, size: usize) -> wasmtime::Result<f64> {
        let count = (64 << 20) / size;
        self.time_calls(function, count as u32, size)
    }

    fn time_calls(&mut self, function: &str, count: u32, size: usize) -> wasmtime::Result<f64> {
        let (_, calls) = *self
            .exports
            .iter()
            .find(|(name, _)| *name == function)
            .unwrap();
        let (store, runtime) = (&mut self.store, &self.runtime);
        let args = (count, size as u32);
        let ns = match function {
            "write" | "read" => per_op(|| calls.call(&mut *store, args).unwrap()),
            _ => per_op(|| {
                let call = store
                    .run_concurrent(async |accessor| calls.call_concurrent(accessor, args).await);
                runtime.block_on(call).unwrap().unwrap();
            }),
        };
        Ok(ns / f64::from(count))
    }
}
