//! Components made at test time, for the cases the real one cannot show.

use std::path::PathBuf;

use wit_component::{ComponentEncoder, StringEncoding, embed_component_metadata};
use wit_parser::Resolve;

/// Turns a core module in WAT that exports the world's functions under their
/// canonical-ABI names into a component of the `linear-memory` world, the
/// way `cargo build --target wasm32-wasip2` does for the real one.
pub fn component_from_core(wat: &str) -> Vec<u8> {
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
    component_from_core(include_str!("../fixtures/traps.wat"))
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
