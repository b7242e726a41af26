//! Components made at test time, for the cases the real one cannot show.

use std::path::PathBuf;
use std::process::Command;

use wit_component::{ComponentEncoder, StringEncoding, embed_component_metadata};
use wit_parser::Resolve;

/// The world's functions as a core module sees them: the canonical ABI
/// flattens each WIT signature to core parameters and results. (A `list<u8>`
/// is a pointer and a length; a `result` too big for one value comes back
/// through a pointer to memory.)
const CORE_SIGNATURES: &[(&str, &str)] = &[
    (
        "store-value-in-wasm-memory-buffer-index-zero",
        "(param i32)",
    ),
    ("get-wasm-memory-buffer-pointer", "(result i32)"),
    (
        "read-wasm-memory-buffer-and-return-index-one",
        "(result i32)",
    ),
    ("buffer-len", "(result i32)"),
    ("load", "(param i32) (result i32)"),
    ("write", "(param i32 i32 i32) (result i32)"),
    ("read", "(param i32 i32) (result i32)"),
    ("memory-pages", "(result i32)"),
    ("grow-memory", "(param i32) (result i32)"),
    ("store", "(param i32 i32) (result i32)"),
];

/// A component of the `linear-memory` world whose function `name` runs
/// `body(name)` (core WAT instructions). What a real implementation would do
/// is left out: these are for testing what a host does with a bad one.
pub fn component_with_bodies(body: impl Fn(&str) -> &'static str) -> Vec<u8> {
    let mut wat = String::from(
        "(module (memory (export \"memory\") 1)
           (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) unreachable)",
    );
    for (name, signature) in CORE_SIGNATURES {
        wat += &format!(
            "(func (export \"wasm-by-example:linear-memory/buffer@0.1.0#{name}\") {signature} {})",
            body(name)
        );
    }
    component_from_core(&(wat + ")"))
}

/// Turns a core module in WAT that exports the world's functions under their
/// canonical-ABI names into a component of the `linear-memory` world, the
/// way `cargo build --target wasm32-wasip2` does for the real one.
fn component_from_core(wat: &str) -> Vec<u8> {
    let mut module = wat::parse_str(wat).expect("fixture WAT parses");
    let mut resolve = Resolve::new();
    let (package, _) = resolve
        .push_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../wit"))
        .unwrap();
    let world = resolve
        .select_world(&[package], Some("linear-memory"))
        .unwrap();
    embed_component_metadata(&mut module, &resolve, world, StringEncoding::UTF8).unwrap();
    ComponentEncoder::default()
        .module(&module)
        .unwrap()
        .validate(true)
        .encode()
        .expect("fixture encodes as a component")
}

/// A component whose every function traps.
pub fn trapping_component() -> Vec<u8> {
    component_with_bodies(|_| "unreachable")
}

/// A component whose `get-wasm-memory-buffer-pointer` never returns.
pub fn spinning_component() -> Vec<u8> {
    component_with_bodies(|name| match name {
        "get-wasm-memory-buffer-pointer" => "(loop (br 0)) unreachable",
        _ => "unreachable",
    })
}

/// A valid component of another world: it exports a single `hello`.
pub fn component_of_another_world() -> Vec<u8> {
    wat::parse_str(
        r#"(component
            (core module $m (func (export "hello")))
            (core instance $i (instantiate $m))
            (func (export "hello") (canon lift (core func $i "hello"))))"#,
    )
    .unwrap()
}

/// A component that imports an interface no host here provides.
pub fn component_with_unknown_import() -> Vec<u8> {
    wat::parse_str(
        r#"(component (import "example:unknown/thing@1.0.0" (instance (export "f" (func)))))"#,
    )
    .unwrap()
}

/// Writes `bytes` to a file of the test's own, and returns its path.
pub fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Builds `package` with the README's command, `cargo build --release
/// --target wasm32-wasip2`, into a target directory of the tests' own, and
/// returns the path of the `.wasm` it made.
pub fn build_for_wasm32_wasip2(package: &str) -> PathBuf {
    let target_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("wasm32-wasip2-builds");
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-wasip2",
            "-p",
            package,
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building {package} failed");
    let artifact = package.replace('-', "_");
    target_dir.join(format!("wasm32-wasip2/release/{artifact}.wasm"))
}
