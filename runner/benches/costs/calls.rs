//! One call and back, through the generated bindings, against a call of a
//! component that does nothing, and against the seed's core-module calls.

use std::hint::black_box;

use linear_memory_host::{Call, DEFAULT_COMPONENT, Host};
use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Instance, Module, Store};

use crate::measure::{consume, per_op};
use crate::report::Row;

wasmtime::component::bindgen!({
    inline: "package bench:nop; world nop { export nop: func(); }",
    world: "nop",
});

const GROUP: &str = "per call";

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

/// Generous: these stores only run calls that return at once.
const DEADLINE: u64 = 1000;

pub fn measure(host: &Host, rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    let nop_ns = nop_call(host.engine())?;
    rows.push(row("nop component call", "bindgen", nop_ns, None));
    let floor = Some(("nop component call".to_string(), nop_ns));
    for (name, ns) in component_calls(host)? {
        rows.push(row(&name, "bindgen", ns, floor.clone()));
    }
    for (name, ns) in core_calls(host.engine())? {
        rows.push(row(name, "core module, TypedFunc", ns, floor.clone()));
    }
    Ok(())
}

fn row(name: &str, path: &'static str, per_op: f64, baseline: Option<(String, f64)>) -> Row {
    Row {
        group: GROUP,
        name: name.into(),
        path,
        bytes: None,
        per_op,
        baseline,
        floor: false,
    }
}

fn nop_call(engine: &Engine) -> wasmtime::Result<f64> {
    let nop = Component::new(engine, wat::parse_str(NOP_COMPONENT)?)?;
    let mut store = Store::new(engine, ());
    let nop = Nop::instantiate(&mut store, &nop, &Linker::new(engine))?;
    Ok(per_op(|| {
        store.set_epoch_deadline(DEADLINE);
        nop.call_nop(&mut store).unwrap();
    }))
}

/// Each small call of the world, through the runner's library: one typed
/// call each, as `Instance::call` makes it.
fn component_calls(host: &Host) -> wasmtime::Result<Vec<(String, f64)>> {
    let mut instance = host.load(DEFAULT_COMPONENT)?.instantiate()?;
    let calls = [
        Call::Store {
            index: 5,
            value: 24,
        },
        Call::Load { index: 5 },
        Call::StoreValueInWasmMemoryBufferIndexZero { value: 24 },
        Call::GetWasmMemoryBufferPointer,
        Call::ReadWasmMemoryBufferAndReturnIndexOne,
    ];
    Ok(calls
        .iter()
        .map(|call| {
            let time = per_op(|| consume(instance.call(black_box(call)).unwrap()));
            (call.to_string(), time)
        })
        .collect())
}

/// The seed's three functions as core-module exports.
fn core_calls(engine: &Engine) -> wasmtime::Result<Vec<(&'static str, f64)>> {
    let module = Module::new(engine, wat::parse_str(SEED_MODULE)?)?;
    let mut store = Store::new(engine, ());
    let seed = Instance::new(&mut store, &module, &[])?;
    let store_zero =
        seed.get_typed_func::<u32, ()>(&mut store, "store_value_in_wasm_memory_buffer_index_zero")?;
    let pointer = seed.get_typed_func::<(), u32>(&mut store, "get_wasm_memory_buffer_pointer")?;
    let index_one =
        seed.get_typed_func::<(), u32>(&mut store, "read_wasm_memory_buffer_and_return_index_one")?;
    let mut time = |op: &mut dyn FnMut(&mut Store<()>)| {
        per_op(|| {
            store.set_epoch_deadline(DEADLINE);
            op(&mut store);
        })
    };
    Ok(vec![
        (
            "core: store_value_in_wasm_memory_buffer_index_zero",
            time(&mut |s| store_zero.call(s, 24).unwrap()),
        ),
        (
            "core: get_wasm_memory_buffer_pointer",
            time(&mut |s| consume(pointer.call(s, ()).unwrap())),
        ),
        (
            "core: read_wasm_memory_buffer_and_return_index_one",
            time(&mut |s| consume(index_one.call(s, ()).unwrap())),
        ),
    ])
}
