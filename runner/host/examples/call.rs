//! Calling the component from your own Rust program: wasmtime and the
//! bindings `bindgen!` generates from the WIT, nothing else. Copy this.
//!
//! ```sh
//! cargo run -p linear-memory-host --example call                          # the workspace's component
//! cargo run -p linear-memory-host --example call -- path/to/other.wasm    # any implementation
//! ```
//!
//! The runner (`cargo run`) makes these same calls, and holds each answer to
//! the contract's rules before it trusts it; this program takes the
//! component at its word.

use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, Result, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

// A Rust type per WIT type, and a `call_*` method per exported function.
wasmtime::component::bindgen!({ world: "linear-memory", path: "../../wit" });

/// What the store holds for the component: WASI, which components built
/// with a language's standard library import (this workspace's imports
/// nothing, Go's imports WASI). Built with nothing granted.
struct State {
    wasi: WasiCtx,
    table: ResourceTable,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

fn main() -> Result<()> {
    // The workspace's component is built by this package's build script.
    let path = std::env::args().nth(1);
    let path = path.unwrap_or_else(|| linear_memory_host::DEFAULT_COMPONENT.into());

    let mut config = Config::new();
    config.wasm_component_model(true);
    let engine = Engine::new(&config)?;
    let component = Component::from_file(&engine, &path)?;
    let mut linker = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    let state = State {
        wasi: WasiCtxBuilder::new().build(),
        table: ResourceTable::new(),
    };
    // The store owns the instance, and with it the component's linear memory.
    let mut store = Store::new(&engine, state);
    let world = LinearMemory::instantiate(&mut store, &component, &linker)?;
    let buffer = world.wasm_by_example_linear_memory_buffer();

    // An address inside the component's memory: a number to the host, not
    // access. The component exports no memory to read it through.
    let pointer = buffer.call_get_wasm_memory_buffer_pointer(&mut store)?;
    println!("the buffer is at {pointer} in the component's memory");

    // Part 1: the component writes index 0; the host reads it by a copy
    // (`read` returns `result<list<u8>, error>`: the outer `?` is a trap,
    // the inner one an error value the component answered).
    buffer.call_store_value_in_wasm_memory_buffer_index_zero(&mut store, 24)?;
    let bytes = buffer.call_read(&mut store, 0, 2)??;
    println!("part 1: the component stored 24 at index 0; read(0, 2) copied out {bytes:?}");

    // Part 2: the host writes index 1. The canonical ABI copies the list into
    // memory the component's `cabi_realloc` gives, and the component copies
    // it into the buffer.
    buffer.call_write(&mut store, 1, &[25])??;
    let one = buffer.call_read_wasm_memory_buffer_and_return_index_one(&mut store)?;
    println!("part 2: write(1, [25]) copied in; the component read {one} at index 1");

    // A bad request is an error value, not a trap: no input can trap.
    let len = buffer.call_buffer_len(&mut store)?;
    let refused = buffer.call_load(&mut store, len)?;
    println!("a bad request: load({len}) answered {refused:?}");
    Ok(())
}
