//! Compiling, loading precompiled code, and instantiating.

use std::hint::black_box;

use linear_memory_host::{DEFAULT_COMPONENT, Host};
use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, InstanceAllocationStrategy, PoolingAllocationConfig, Store};

use crate::measure::{consume, per_op};
use crate::report::Row;

pub fn measure(host: &Host, rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    let engine = host.engine();
    let bytes = std::fs::read(DEFAULT_COMPONENT)?;
    let compile_ns = per_op(|| consume(Component::new(engine, &bytes).unwrap()));
    let precompiled = engine.precompile_component(&bytes)?;
    // SAFETY: `precompiled` was just made by this engine.
    let deserialize_ns =
        per_op(|| consume(unsafe { Component::deserialize(engine, &precompiled) }.unwrap()));
    let component = host.load(DEFAULT_COMPONENT)?;
    let runner_ns = per_op(|| consume(component.instantiate().unwrap()));
    let on_demand_ns = instantiate_ns(engine, &precompiled)?;
    let pooled = pooling_engine()?;
    let pooled_ns = instantiate_ns(&pooled, &pooled.precompile_component(&bytes)?)?;

    let compile = || Some(("compile".to_string(), compile_ns));
    let on_demand = || Some(("instantiate (on-demand)".to_string(), on_demand_ns));
    for (name, per_op, baseline) in [
        ("compile", compile_ns, None),
        (
            "deserialize precompiled (.cwasm)",
            deserialize_ns,
            compile(),
        ),
        ("instantiate (on-demand)", on_demand_ns, None),
        ("instantiate (pooling allocator)", pooled_ns, on_demand()),
        (
            "instantiate (runner: WASI context, limits)",
            runner_ns,
            on_demand(),
        ),
    ] {
        rows.push(Row {
            group: "start-up",
            name: name.into(),
            path: "wasmtime",
            bytes: None,
            per_op,
            baseline,
            floor: false,
        });
    }
    Ok(())
}

/// The runner's engine configuration, with instances from a pool.
fn pooling_engine() -> wasmtime::Result<Engine> {
    let mut config = Host::config();
    let mut pool = PoolingAllocationConfig::default();
    pool.total_component_instances(16)
        .total_core_instances(16)
        .total_memories(16)
        .total_tables(16)
        .max_memory_size(4 << 20);
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Engine::new(&config)
}

/// A fresh store and instance from an `InstancePre`, per operation.
fn instantiate_ns(engine: &Engine, precompiled: &[u8]) -> wasmtime::Result<f64> {
    // SAFETY: `precompiled` was made by this engine's configuration.
    let component = unsafe { Component::deserialize(engine, precompiled)? };
    let pre = Linker::<()>::new(engine).instantiate_pre(&component)?;
    Ok(per_op(|| {
        let mut store = Store::new(engine, ());
        black_box(pre.instantiate(&mut store).unwrap());
    }))
}
