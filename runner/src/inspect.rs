//! What `--inspect` shows: a debugger's view of the memories inside a
//! component, beneath the component model. For an implementation, the
//! lesson shows its buffer's memory at every step (`memory`); for a
//! command, the report shows where the client's bytes are (`composition`);
//! for `--invoke`, the copy map of one call (`call_map`).

pub mod call_map;
pub mod composition;
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

/// The fewest bytes whose copies `--inspect` looks for: fewer turn up in a
/// memory of zeros and code by chance.
pub const SHORTEST_TRACE: usize = 16;

/// What `--inspect` looks for of `bytes`: their middle KiB, clear of the
/// words an allocator writes at the edges of a block it frees; and where in
/// `bytes` it starts.
pub fn middle(bytes: &[u8]) -> (usize, &[u8]) {
    let start = bytes.len().saturating_sub(1024) / 2;
    (start, &bytes[start..(start + 1024).min(bytes.len())])
}

/// Every address in `memory` where `needle` starts.
pub fn occurrences(memory: &[u8], needle: &[u8]) -> Vec<usize> {
    memory
        .windows(needle.len())
        .enumerate()
        .filter(|(_, window)| *window == needle)
        .map(|(address, _)| address)
        .collect()
}
