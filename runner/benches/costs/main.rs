//! What it costs to move bytes into and out of a component, every path
//! measured side by side in one run and reported as ratios against its floor.
//!
//! ```sh
//! cargo bench -p runner
//! ```
//!
//! Prints the table, and writes `target/bench/results.json` and
//! `target/bench/throughput.svg`. The JavaScript hosts' rows come from
//! `npm --prefix jco-demo run bench`; run that first to plot all hosts
//! together. Timings are medians of 11 batches of about 20 ms; nothing here
//! decides pass or fail.

mod measure;
mod report;

use std::hint::black_box;
use std::path::Path;

use measure::ns_per_op;
use report::{Row, human};
use runner::{BufferError, DEFAULT_COMPONENT, Host};
use wasmtime::component::{Component, Linker, TypedFunc, WasmList};
use wasmtime::{
    Engine, Instance, InstanceAllocationStrategy, Module, PoolingAllocationConfig, Store,
};

wasmtime::component::bindgen!({
    inline: "package bench:nop; world nop { export nop: func(); }",
    world: "nop",
});

/// The floor for a component call: a component whose one export does nothing.
const NOP_COMPONENT: &str = r#"(component
    (core module $m (func (export "nop")))
    (core instance $i (instantiate $m))
    (func (export "nop") (canon lift (core func $i "nop"))))"#;

/// The seed lesson as it was: a core module whose 2-byte buffer sits at a
/// fixed address in a memory it exports. Calling it needs no canonical ABI.
const SEED_MODULE: &str = r#"(module
    (memory (export "memory") 17)
    (global $buffer i32 (i32.const 1048576))
    (func (export "store_value_in_wasm_memory_buffer_index_zero") (param i32)
        (i32.store8 (global.get $buffer) (local.get 0)))
    (func (export "get_wasm_memory_buffer_pointer") (result i32) (global.get $buffer))
    (func (export "read_wasm_memory_buffer_and_return_index_one") (result i32)
        (i32.load8_u offset=1 (global.get $buffer))))"#;

/// What `read` returns, lifted as a view of the component's memory.
type ReadResult = (Result<WasmList<u8>, BufferError>,);

/// Transfer sizes for the bulk rows; 64 KiB is the whole buffer.
const SIZES: [usize; 4] = [64, 4096, 16384, 65536];

/// Generous: these stores only run calls that return at once.
const DEADLINE: u64 = 1000;

const INTERFACE: &str = "wasm-by-example:linear-memory/buffer@0.1.0";

fn main() -> wasmtime::Result<()> {
    let host = Host::new()?;
    let mut rows = Vec::new();
    per_call(&host, &mut rows)?;
    bulk(&host, &mut rows)?;
    start_up(&host, &mut rows)?;

    println!("{}", machine());
    println!("engine: wasmtime 48.0.8, concurrency support off, epoch interruption on");
    report::print_table(&rows);
    let component = host.load(DEFAULT_COMPONENT)?;
    println!(
        "\nSize\n  component: {} bytes, {} imports",
        component.size(),
        component.imports().len()
    );

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    let all = report::write_json(&dir.join("results.json"), "rust", &rows);
    report::plot(&dir.join("throughput.svg"), &all).expect("plot");
    println!("\nwrote target/bench/results.json and target/bench/throughput.svg");
    Ok(())
}

/// One call and back, through the generated bindings, against a nop component
/// call and against the seed's core-module calls.
fn per_call(host: &Host, rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    let engine = host.engine();
    let group = "Rust host, per call";

    let nop = Component::new(engine, wat::parse_str(NOP_COMPONENT)?)?;
    let mut store = Store::new(engine, ());
    let nop = Nop::instantiate(&mut store, &nop, &Linker::new(engine))?;
    let nop_ns = ns_per_op(|| {
        store.set_epoch_deadline(DEADLINE);
        nop.call_nop(&mut store).unwrap();
    });
    let floor = || Some(("nop component call".to_string(), nop_ns));
    rows.push(Row {
        group,
        name: "nop component call".into(),
        path: "bindgen",
        bytes: None,
        ns_per_op: nop_ns,
        baseline: None,
    });

    let mut instance = host.load(DEFAULT_COMPONENT)?.instantiate()?;
    let mut call = |name: &str, ns: f64| {
        rows.push(Row {
            group,
            name: name.into(),
            path: "bindgen",
            bytes: None,
            ns_per_op: ns,
            baseline: floor(),
        })
    };
    call(
        "store(5, 24)",
        ns_per_op(|| instance.store(5, 24).unwrap().unwrap()),
    );
    call(
        "load(5)",
        ns_per_op(|| {
            black_box(instance.load(5).unwrap().unwrap());
        }),
    );
    call(
        "store-value-in-wasm-memory-buffer-index-zero(24)",
        ns_per_op(|| {
            buffer
                .store_value_in_wasm_memory_buffer_index_zero(24)
                .unwrap()
        }),
    );
    call(
        "get-wasm-memory-buffer-pointer()",
        ns_per_op(|| {
            black_box(instance.get_wasm_memory_buffer_pointer().unwrap());
        }),
    );
    call(
        "read-wasm-memory-buffer-and-return-index-one()",
        ns_per_op(|| {
            black_box(
                buffer
                    .read_wasm_memory_buffer_and_return_index_one()
                    .unwrap(),
            );
        }),
    );

    let module = Module::new(engine, wat::parse_str(SEED_MODULE)?)?;
    let mut store = Store::new(engine, ());
    let seed = Instance::new(&mut store, &module, &[])?;
    let store_zero =
        seed.get_typed_func::<u32, ()>(&mut store, "store_value_in_wasm_memory_buffer_index_zero")?;
    let pointer = seed.get_typed_func::<(), u32>(&mut store, "get_wasm_memory_buffer_pointer")?;
    let index_one =
        seed.get_typed_func::<(), u32>(&mut store, "read_wasm_memory_buffer_and_return_index_one")?;
    let mut core = |name: &str, ns: f64| {
        rows.push(Row {
            group,
            name: name.into(),
            path: "core module, TypedFunc",
            bytes: None,
            ns_per_op: ns,
            baseline: floor(),
        })
    };
    core(
        "core: store_value_in_wasm_memory_buffer_index_zero",
        ns_per_op(|| {
            store.set_epoch_deadline(DEADLINE);
            store_zero.call(&mut store, 24).unwrap();
        }),
    );
    core(
        "core: get_wasm_memory_buffer_pointer",
        ns_per_op(|| {
            store.set_epoch_deadline(DEADLINE);
            black_box(pointer.call(&mut store, ()).unwrap());
        }),
    );
    core(
        "core: read_wasm_memory_buffer_and_return_index_one",
        ns_per_op(|| {
            store.set_epoch_deadline(DEADLINE);
            black_box(index_one.call(&mut store, ()).unwrap());
        }),
    );
    Ok(())
}

/// `write` and `read` of whole ranges, against a native copy of the same size.
fn bulk(host: &Host, rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    let group = "Rust host, bulk";
    let mut instance = host.load(DEFAULT_COMPONENT)?.instantiate()?;

    // `read` returning a `WasmList<u8>`: a view of the bytes where the
    // component keeps them. This component's `read` points the list into its
    // buffer and frees nothing afterwards, so the view stays valid until the
    // next call; with a component that frees its result in post-return
    // (which wasmtime now runs inside `call`), the view would show freed
    // memory.
    let engine = host.engine();
    let component = Component::from_file(engine, DEFAULT_COMPONENT)?;
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine).instantiate(&mut store, &component)?;
    let interface = instance
        .get_export_index(&mut store, None, INTERFACE)
        .expect("the interface");
    let read_export = instance
        .get_export_index(&mut store, Some(&interface), "read")
        .expect("read");
    let read_view: TypedFunc<(u32, u32), ReadResult> =
        instance.get_typed_func(&mut store, read_export)?;

    for size in SIZES {
        let len = size as u32;
        let source = vec![0xA5; size];
        let mut target = vec![0; size];
        let memcpy_ns = ns_per_op(|| {
            target.copy_from_slice(black_box(&source));
            black_box(&mut target);
        });
        let mut row = |name: String, path: &'static str, ns: f64, baseline: bool| {
            rows.push(Row {
                group,
                name,
                path,
                bytes: Some(size),
                ns_per_op: ns,
                baseline: baseline.then(|| (format!("memcpy {}", human(size)), memcpy_ns)),
            })
        };
        row(
            format!("memcpy {}", human(size)),
            "native memcpy",
            memcpy_ns,
            false,
        );
        let write_ns = ns_per_op(|| instance.write(0, black_box(&source)).unwrap().unwrap());
        row(
            format!("write {}", human(size)),
            "write: &[u8] in (bindgen)",
            write_ns,
            true,
        );
        let read_ns = ns_per_op(|| {
            black_box(instance.read(0, len).unwrap().unwrap());
        });
        row(
            format!("read {}", human(size)),
            "read: Vec<u8> out (bindgen)",
            read_ns,
            true,
        );
        let view_ns = ns_per_op(|| {
            store.set_epoch_deadline(DEADLINE);
            let (list,) = read_view.call(&mut store, (0, len)).unwrap();
            target.copy_from_slice(list.unwrap().as_le_slice(&store));
            black_box(&mut target);
        });
        row(
            format!("read {} into a host buffer", human(size)),
            "read: WasmList<u8> view, one copy",
            view_ns,
            true,
        );
    }
    Ok(())
}

/// Compiling, loading precompiled code, and instantiating.
fn start_up(host: &Host, rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    let group = "Start-up";
    let engine = host.engine();
    let bytes = std::fs::read(DEFAULT_COMPONENT)?;
    let compile_ns = ns_per_op(|| {
        black_box(Component::new(engine, &bytes).unwrap());
    });
    let precompiled = engine.precompile_component(&bytes)?;
    let deserialize_ns = ns_per_op(|| {
        // SAFETY: `precompiled` was just made by this engine.
        black_box(unsafe { Component::deserialize(engine, &precompiled) }.unwrap());
    });
    let component = host.load(DEFAULT_COMPONENT)?;
    let runner_ns = ns_per_op(|| {
        black_box(component.instantiate().unwrap());
    });
    let on_demand_ns = instantiate_ns(engine, &precompiled)?;

    let mut config = Host::config();
    let mut pool = PoolingAllocationConfig::default();
    pool.total_component_instances(16)
        .total_core_instances(16)
        .total_memories(16)
        .total_tables(16)
        .max_memory_size(4 << 20);
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    let pooled_engine = Engine::new(&config)?;
    let pooled_ns = instantiate_ns(&pooled_engine, &pooled_engine.precompile_component(&bytes)?)?;

    let compile = || Some(("compile".to_string(), compile_ns));
    let instantiate = || Some(("instantiate (on-demand)".to_string(), on_demand_ns));
    for (name, ns, baseline) in [
        ("compile", compile_ns, None),
        (
            "deserialize precompiled (.cwasm)",
            deserialize_ns,
            compile(),
        ),
        ("instantiate (on-demand)", on_demand_ns, None),
        ("instantiate (pooling allocator)", pooled_ns, instantiate()),
        (
            "instantiate (runner: WASI context, limits)",
            runner_ns,
            instantiate(),
        ),
    ] {
        rows.push(Row {
            group,
            name: name.into(),
            path: "wasmtime",
            bytes: None,
            ns_per_op: ns,
            baseline,
        });
    }
    Ok(())
}

/// A fresh store and instance from an `InstancePre`, per operation.
fn instantiate_ns(engine: &Engine, precompiled: &[u8]) -> wasmtime::Result<f64> {
    // SAFETY: `precompiled` was made by this engine's configuration.
    let component = unsafe { Component::deserialize(engine, precompiled)? };
    let pre = Linker::<()>::new(engine).instantiate_pre(&component)?;
    Ok(ns_per_op(|| {
        let mut store = Store::new(engine, ());
        black_box(pre.instantiate(&mut store).unwrap());
    }))
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|name| name.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("machine: {cpu}, {cores} cores")
}
