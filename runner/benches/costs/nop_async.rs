//! The smallest call a host can make into a component's async export: a
//! component whose one export, `nop: async func()`, calls `task.return` at
//! once. It is called as the stream calls are, on a concurrent engine's
//! event loop, but with nothing of this project's around it (no stream, no
//! timer, no sandbox): what it costs is wasmtime's floor for an async call,
//! which a stream call's fixed cost is measured against.

use wasmtime::component::{Component, Linker, TypedFunc};
use wasmtime::{Engine, Store};
use wit_component::{ComponentEncoder, StringEncoding, embed_component_metadata};
use wit_parser::Resolve;

use crate::measure::per_op;

const WIT: &str = "package bench:nop-async; world nop-async { export nop: async func(); }";

/// The core module: the async ABI's callback form, whose entry point
/// returns its value (none) and exits (callback code 0) without waiting.
const MODULE: &str = r#"(module
    (import "[export]$root" "[task-return]nop" (func $return))
    (memory (export "memory") 1)
    (func (export "[async-lift]nop") (result i32) (call $return) (i32.const 0))
    (func (export "[callback][async-lift]nop") (param i32 i32 i32) (result i32) unreachable))"#;

/// Nanoseconds (or instructions) per call of `nop`, from the host.
pub fn per_call(engine: &Engine) -> wasmtime::Result<f64> {
    let component = Component::new(engine, component())?;
    let mut store = Store::new(engine, ());
    store.set_epoch_deadline(1 << 40);
    let instance = Linker::new(engine).instantiate(&mut store, &component)?;
    let nop: TypedFunc<(), ()> = instance.get_typed_func(&mut store, "nop")?;
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    Ok(per_op(|| {
        let call = store.run_concurrent(async |accessor| nop.call_concurrent(accessor, ()).await);
        runtime.block_on(call).unwrap().unwrap();
    }))
}

/// [`MODULE`] made a component of the `nop-async` world (a fixture: that
/// it builds is checked here, not handled).
fn component() -> Vec<u8> {
    let mut resolve = Resolve::new();
    let package = resolve.push_str("nop-async.wit", WIT).expect("the WIT");
    let world = resolve
        .select_world(&[package], Some("nop-async"))
        .expect("the world");
    let mut module = wat::parse_str(MODULE).expect("the WAT");
    embed_component_metadata(&mut module, &resolve, world, StringEncoding::UTF8)
        .expect("the metadata");
    ComponentEncoder::default()
        .module(&module)
        .and_then(|encoder| encoder.validate(true).encode())
        .expect("the component")
}
