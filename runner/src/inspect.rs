//! What `--inspect` shows: a debugger's view of the memories inside a
//! component, beneath the component model. For an implementation, the
//! lesson shows its buffer's memory at every step (`memory`); for a
//! command, the report shows where the client's bytes are (`composition`);
//! for `--invoke`, the copy map of one call (`call_map`). Each reads the
//! call whose bytes it shows with the same tracer (the library's copy map)
//! and finds bytes with the same search (`found`).

pub mod call_map;
pub mod composition;
pub mod found;
mod hex_grid;
pub mod memory;

/// What a run with `--inspect` is, said once at the start.
pub const WHAT_THIS_IS: &str = "\
Inspecting: this engine has wasmtime's guest debugging on (Config::guest_debug),
a debugger's view from beneath the component model. It shows the host every core
instance inside the component and their memories, exported or not; the engine of
a normal run shows none. What it shows depends on how this component was built
(which core module, which memory), not on its WIT contract, and a write through
it goes behind the component's back.
";
