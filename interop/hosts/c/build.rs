//! Compiles the C host (every `.c` file beside this one) against the
//! wasmtime C API's headers, which the `wasmtime-c-api-impl` crate installs
//! for the features it was built with, and links Debian's jansson, which
//! reads the contract's cases (wit/conformance.json) with integers kept as
//! integers.

use std::path::Path;

fn main() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = here.join("../../..").canonicalize().expect("the workspace");
    let headers = std::env::var("DEP_WASMTIME_C_API_INCLUDE").expect("the C API's headers");
    let mut sources: Vec<_> = std::fs::read_dir(here)
        .expect("the C host's directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "c" || ext == "h"))
        .collect();
    sources.sort();
    for source in &sources {
        println!("cargo:rerun-if-changed={}", source.display());
    }
    cc::Build::new()
        .files(
            sources
                .iter()
                .filter(|path| path.extension().is_some_and(|ext| ext == "c")),
        )
        .include(headers)
        .std("c11")
        // vasprintf, strndup and strtok_r: glibc's, beyond C11.
        .define("_GNU_SOURCE", None)
        // Where the checker component and the contract's cases are found.
        .define(
            "WORKSPACE",
            format!("{:?}", workspace.display().to_string()).as_str(),
        )
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .compile("linear_memory_c_host");
    println!("cargo:rustc-link-lib=jansson");
}
