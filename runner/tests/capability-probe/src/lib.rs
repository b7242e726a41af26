//! A test fixture for the runner's sandbox: an implementation of the
//! `linear-memory` world built with `std`, so it imports WASI the way
//! components in most languages do. Instead of a buffer, `read` returns a
//! report of what it could reach: environment variables, arguments, files,
//! directories, stdin, the network. `runner/tests/all/sandbox.rs` builds it
//! and checks the report says "nothing".
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p capability-probe
//! ```

use std::io::Read;

use exports::wasm_by_example::linear_memory::buffer::{Error, Guest};

wit_bindgen::generate!({ path: "../../../wit", world: "linear-memory" });

struct Probe;

/// One line per capability: what the component tried, and what it got.
fn report() -> String {
    let mut stdin = [0; 16];
    [
        format!("environment variables: {}", std::env::vars_os().count()),
        format!(
            "HOME: {:?}",
            std::env::var("HOME").map_err(|e| e.to_string())
        ),
        format!("arguments: {}", std::env::args_os().count()),
        format!(
            "read /etc/hostname: {:?}",
            std::fs::read("/etc/hostname").map_err(|e| e.kind())
        ),
        format!(
            "list /: {:?}",
            std::fs::read_dir("/")
                .map(|d| d.count())
                .map_err(|e| e.kind())
        ),
        format!(
            "list .: {:?}",
            std::fs::read_dir(".")
                .map(|d| d.count())
                .map_err(|e| e.kind())
        ),
        format!(
            "stdin: {:?}",
            std::io::stdin().read(&mut stdin).map_err(|e| e.kind())
        ),
        format!(
            "connect 127.0.0.1:80: {:?}",
            std::net::TcpStream::connect("127.0.0.1:80")
                .map(|_| ())
                .map_err(|e| e.kind())
        ),
    ]
    .join("\n")
}

impl Guest for Probe {
    fn store_value_in_wasm_memory_buffer_index_zero(_: u8) {}
    fn get_wasm_memory_buffer_pointer() -> u32 {
        0
    }
    fn read_wasm_memory_buffer_and_return_index_one() -> u8 {
        0
    }
    fn buffer_len() -> u32 {
        0
    }
    fn load(_: u32) -> Result<u8, Error> {
        Ok(0)
    }
    fn write(_: u32, _: Vec<u8>) -> Result<(), Error> {
        Ok(())
    }
    fn read(_: u32, _: u32) -> Result<Vec<u8>, Error> {
        Ok(report().into_bytes())
    }
    fn memory_pages() -> u32 {
        0
    }
    fn grow_memory(_: u32) -> Result<u32, Error> {
        Ok(0)
    }
    fn store(_: u32, _: u8) -> Result<(), Error> {
        Ok(())
    }
}

export!(Probe);
