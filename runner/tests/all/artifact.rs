//! The built component itself: what it imports, what it exports, its size.

use linear_memory_host::DEFAULT_COMPONENT;
use wasmtime::wasmparser::{Parser, Payload};

use super::{fixtures, workspace};

/// What the top-level component shows: the names it imports and exports,
/// and the number of imports of every core module inside it, read from the
/// binary.
struct Surface {
    imports: Vec<String>,
    exports: Vec<String>,
    core_imports: u32,
}

fn surface(bytes: &[u8]) -> Surface {
    let mut surface = Surface {
        imports: Vec::new(),
        exports: Vec::new(),
        core_imports: 0,
    };
    // Nested modules and components (wit-component adds a few) have their
    // own sections, each closed by an `End`; only depth 0 is the component's
    // own interface.
    let mut depth = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.expect("the component parses") {
            Payload::ModuleSection { .. } | Payload::ComponentSection { .. } => depth += 1,
            Payload::End(_) => depth -= 1,
            Payload::ImportSection(section) => surface.core_imports += section.count(),
            Payload::ComponentImportSection(section) if depth == 0 => {
                for import in section {
                    surface.imports.push(import.unwrap().name.name.to_string());
                }
            }
            Payload::ComponentExportSection(section) if depth == 0 => {
                for export in section {
                    surface.exports.push(export.unwrap().name.name.to_string());
                }
            }
            _ => {}
        }
    }
    surface
}

#[test]
fn imports_nothing_and_exports_only_the_buffer_interface() {
    let bytes = std::fs::read(DEFAULT_COMPONENT).unwrap();
    let surface = surface(&bytes);
    assert_eq!(surface.imports, Vec::<String>::new(), "component imports");
    assert_eq!(surface.core_imports, 0, "core module imports");
    assert_eq!(
        surface.exports,
        ["wasm-by-example:linear-memory/buffer@0.1.0"]
    );
    // wasmtime, reading the same binary, agrees.
    assert!(workspace().component.imports().is_empty());
}

#[test]
fn fits_in_16_kib() {
    let size = std::fs::metadata(DEFAULT_COMPONENT).unwrap().len();
    assert!(size <= 16 * 1024, "the component is {size} bytes");
    assert_eq!(workspace().component.size() as u64, size);
}

/// The README's build command, run in a directory of its own, makes the very
/// bytes `build.rs` made: the component is reproducible, so the browser demo
/// (which builds with that command) and the runner drive the same `.wasm`.
#[test]
fn the_documented_build_command_makes_the_same_bytes() {
    let built = std::fs::read(fixtures::build_for_wasm32_wasip2(
        "linear-memory",
        "linear_memory",
    ))
    .unwrap();
    assert!(
        built == std::fs::read(DEFAULT_COMPONENT).unwrap(),
        "the documented build differs from build.rs's"
    );
}
