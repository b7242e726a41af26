//! The C host's program. Its `main` is C (`main.c`), which `build.rs`
//! compiles and links; this file only brings in the wasmtime C API, a Rust
//! crate, so that cargo links it (with wasmtime, built once for the whole
//! workspace) into the same executable.
//!
//! ```sh
//! cargo build -p linear-memory-c-host
//! target/debug/c-host lesson target/wasm32-wasip2/release/linear_memory.wasm
//! ```
#![no_main]

// The C calls the API's `wasmtime_*` functions by name; nothing in Rust does.
use wasmtime_c_api as _;
