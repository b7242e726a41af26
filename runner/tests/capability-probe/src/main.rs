//! A test fixture for the runner's sandbox: a command built with `std`, so
//! it imports WASI the way components in most languages do. It prints a
//! report of what it could reach: environment variables, arguments, files,
//! directories, stdin, the network. `runner/tests/all/sandbox.rs` builds it,
//! runs it in the sandbox every instance gets, and checks the report says
//! "nothing".
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p capability-probe
//! wasmtime run target/wasm32-wasip2/release/capability-probe.wasm
//! ```

use std::io::Read;

fn main() {
    let mut stdin = [0; 16];
    println!("environment variables: {}", std::env::vars_os().count());
    println!(
        "HOME: {:?}",
        std::env::var("HOME").map_err(|e| e.to_string())
    );
    println!("arguments: {}", std::env::args_os().count());
    println!(
        "read /etc/hostname: {:?}",
        std::fs::read("/etc/hostname").map_err(|e| e.kind())
    );
    println!(
        "list /: {:?}",
        std::fs::read_dir("/")
            .map(|d| d.count())
            .map_err(|e| e.kind())
    );
    println!(
        "list .: {:?}",
        std::fs::read_dir(".")
            .map(|d| d.count())
            .map_err(|e| e.kind())
    );
    println!(
        "stdin: {:?}",
        std::io::stdin().read(&mut stdin).map_err(|e| e.kind())
    );
    println!(
        "connect 127.0.0.1:80: {:?}",
        std::net::TcpStream::connect("127.0.0.1:80")
            .map(|_| ())
            .map_err(|e| e.kind())
    );
}
