//! The contract is written once, in `wit/`: what other languages and the
//! host's own code know about it comes from there, and these tests say so.
//!
//! - [`Call`], the host's list of the contract's calls, is the WIT's
//!   functions, no more and no fewer.
//! - `wit/conformance.json`'s `functions` are the `buffer` interface's
//!   functions as the WIT declares them, for the hosts that have no WIT
//!   parser (Python, the browser).
//! - What adding a function costs: [`MUST_CHANGE`] lists the files that
//!   change with it, [`LESSONS`] those that walk through every function by
//!   design; together, but for the files that only do a function's work
//!   ([`WORK`]), they are every file that names them all. A new
//!   hand-written table of the contract fails the test until it is put on a
//!   list, where review sees it.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use arbitrary::{Arbitrary, Unstructured};
use linear_memory_host::Call;
use serde_json::{Value, json};
use wit_parser::{Interface as WitInterface, Resolve, Type, TypeDefKind};

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

const CASES: &str = include_str!("../../../wit/conformance.json");

/// An interface of the contract.
#[derive(Clone, Copy, Debug)]
pub enum Interface {
    /// `buffer`, in `wit/linear-memory.wit`.
    Buffer,
    /// `streams`, in `wit/streams.wit`.
    Streams,
}

/// `interface`, parsed from `wit/`.
pub fn parsed(interface: Interface) -> (Resolve, WitInterface) {
    let mut resolve = Resolve::new();
    let (package, _) = resolve
        .push_dir(format!("{WORKSPACE}/wit"))
        .expect("wit/ parses");
    let package = resolve
        .packages
        .iter()
        .map(|(_, p)| p)
        .find(|p| p.name.name == "linear-memory")
        .unwrap_or(&resolve.packages[package]);
    let name = match interface {
        Interface::Buffer => "buffer",
        Interface::Streams => "streams",
    };
    let id = package.interfaces[name];
    let interface = resolve.interfaces[id].clone();
    (resolve, interface)
}

/// The `buffer` interface's functions, as the WIT names them, in its order.
pub fn buffer_functions() -> Vec<String> {
    let (_, interface) = parsed(Interface::Buffer);
    interface.functions.keys().cloned().collect()
}

/// `interface`'s functions, each with whether its result is a `result`.
pub fn functions(interface: Interface) -> Vec<(String, bool)> {
    let (resolve, interface) = parsed(interface);
    interface
        .functions
        .values()
        .map(|function| {
            let result = function.result.as_ref().map(|ty| wit_type(&resolve, ty));
            let returns_result = result.is_some_and(|ty| ty.starts_with("result<"));
            (function.name.clone(), returns_result)
        })
        .collect()
}

/// The names of `function`'s parameters, in order, from either interface.
pub fn parameters(function: &str) -> Vec<String> {
    [Interface::Buffer, Interface::Streams]
        .into_iter()
        .find_map(|interface| {
            let (_, interface) = parsed(interface);
            let function = interface.functions.get(function)?;
            Some(
                function
                    .params
                    .iter()
                    .map(|param| param.name.clone())
                    .collect(),
            )
        })
        .unwrap_or_else(|| panic!("{function} is not a function of the contract"))
}

/// A type as WIT writes it.
fn wit_type(resolve: &Resolve, ty: &Type) -> String {
    let id = match ty {
        Type::Id(id) => *id,
        primitive => return format!("{primitive:?}").to_lowercase(),
    };
    let definition = &resolve.types[id];
    if let Some(name) = &definition.name {
        return name.clone();
    }
    let optional = |ty: &Option<Type>| ty.map_or("_".into(), |ty| wit_type(resolve, &ty));
    match &definition.kind {
        TypeDefKind::List(item) => format!("list<{}>", wit_type(resolve, item)),
        TypeDefKind::Stream(Some(item)) => format!("stream<{}>", wit_type(resolve, item)),
        TypeDefKind::Result(result) => {
            format!(
                "result<{}, {}>",
                optional(&result.ok),
                optional(&result.err)
            )
        }
        other => panic!("no WIT spelling here for {other:?}: add one"),
    }
}

/// The `buffer` interface's functions as the WIT declares them, in the
/// notation of `wit/conformance.json`'s `functions`.
fn signatures() -> serde_json::Map<String, Value> {
    let (resolve, interface) = parsed(Interface::Buffer);
    let functions = interface.functions.values().map(|function| {
        let params: Vec<Value> = function
            .params
            .iter()
            .map(|param| json!({"name": param.name, "type": wit_type(&resolve, &param.ty)}))
            .collect();
        let result = function.result.as_ref().map(|ty| wit_type(&resolve, ty));
        (
            function.name.clone(),
            json!({"params": params, "result": result}),
        )
    });
    functions.collect()
}

/// [`Call`] is the list of the contract's calls, checked against the WIT:
/// each function the WIT declares, with its parameters named as the WIT
/// names them, is a call of that function; and a call of no other
/// function can be made (calls made from any bytes are all of them).
#[test]
fn the_calls_are_the_functions_of_the_wit() {
    let mut declared = BTreeSet::new();
    for interface in [Interface::Buffer, Interface::Streams] {
        let (resolve, parsed) = parsed(interface);
        for function in parsed.functions.values() {
            let args: serde_json::Map<String, Value> = function
                .params
                .iter()
                .map(|param| {
                    let zero = match wit_type(&resolve, &param.ty).as_str() {
                        "u8" | "u32" => json!(0),
                        _ => json!([]),
                    };
                    (param.name.clone(), zero)
                })
                .collect();
            let mut text = json!({ "call": function.name });
            if !args.is_empty() {
                text["args"] = Value::Object(args);
            }
            let call: Call = serde_json::from_value(text.clone())
                .unwrap_or_else(|error| panic!("{text} is no call: {error}"));
            assert_eq!(call.function(), function.name);
            declared.insert(function.name.as_str().to_owned());
        }
    }
    let bytes: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    // A call from each 64 bytes: a long stream argument cannot eat them all.
    let made: BTreeSet<String> = bytes
        .chunks(64)
        .filter_map(|chunk| Call::arbitrary(&mut Unstructured::new(chunk)).ok())
        .map(|call| call.function().to_owned())
        .collect();
    assert_eq!(made, declared);
}

/// The signatures `wit/conformance.json` gives hosts without a WIT parser
/// are the WIT's; on a difference, the lines to put there are printed.
#[test]
fn the_functions_in_the_cases_are_what_the_wit_declares() {
    let cases: Value = serde_json::from_str(CASES).unwrap();
    let expected = signatures();
    let lines: Vec<String> = expected
        .iter()
        .map(|(name, signature)| format!("    {name:?}: {signature}"))
        .collect();
    assert_eq!(
        cases["functions"].as_object(),
        Some(&expected),
        "wit/conformance.json's functions should be:\n{}",
        lines.join(",\n")
    );
    assert_eq!(
        cases["interface"],
        "wasm-by-example:linear-memory/buffer@0.1.0"
    );
}

/// What adding a function to `buffer` costs: every file that changes with
/// it. The WIT, and the cases with its signature; each component that
/// implements the world (the Rust component's exports and the buffer they
/// work on, the Go one, the C one, the WAT fixtures) or stands in front of
/// one (the checker); the host's one list of calls with the rules their
/// answers obey, the model of the buffer those rules compare with, and its
/// dispatch to the typed functions `bindgen!` generates. Everything else
/// (the conformance test, the property tests, the fuzzer, the Python, C and
/// Node hosts' argument checks) follows from the WIT or from these.
const MUST_CHANGE: &[&str] = &[
    "wit/linear-memory.wit",
    "wit/conformance.json",
    "component/buffer/src/guest.rs",
    "component/buffer/src/buffer.rs",
    "interop/guests/go/export_wasm_by_example_linear_memory_buffer/buffer.go",
    "interop/guests/c/buffer.c",
    "runner/tests/all/fixtures.rs",
    "interop/checker/src/lib.rs",
    "wit/rules/src/contract.rs",
    "wit/rules/src/model.rs",
    "runner/host/src/instance.rs",
];

/// Of [`MUST_CHANGE`], the files that change without naming every
/// function: where a function's work is written (the component's buffer,
/// the rules' model of it), which the getters (`buffer-len`, `memory-pages`)
/// need no place in.
const WORK: &[&str] = &["component/buffer/src/buffer.rs", "wit/rules/src/model.rs"];

/// The files that call every function because they walk through the whole
/// lesson (and would not need a new one): the lesson in every host and
/// client, the top-level README's output, and the tests of the lesson.
const LESSONS: &[&str] = &[
    "README.md",
    "runner/src/lesson.rs",
    "runner/tests/all/seed.rs",
    "interop/hosts/python/lesson.py",
    "interop/hosts/c/lesson.c",
    "interop/clients/rust/src/lib.rs",
    "interop/clients/python/lesson_client.py",
    "interop/clients/js/lesson-client.js",
    "jco-demo/test/lesson.test.js",
];

/// The contract's README says what adding a function changes: these files.
#[test]
fn the_contracts_readme_names_every_file_a_new_function_changes() {
    let readme = std::fs::read_to_string(format!("{WORKSPACE}/wit/README.md")).unwrap();
    let unnamed: Vec<&&str> = MUST_CHANGE
        .iter()
        .filter(|file| !readme.contains(**file))
        .collect();
    assert!(
        unnamed.is_empty(),
        "wit/README.md does not name {unnamed:?}"
    );
}

#[test]
fn adding_a_function_changes_only_the_files_that_enumerate_the_contract() {
    let names = buffer_functions();
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(WORKSPACE)
        .output()
        .expect("git lists the workspace's files");
    let files = String::from_utf8(listed.stdout).unwrap();
    let naming_every_function: BTreeSet<&str> = files
        .split('\0')
        .filter(|file| !file.is_empty())
        .filter(|file| {
            let text = std::fs::read_to_string(Path::new(WORKSPACE).join(file)).unwrap_or_default();
            names
                .iter()
                .all(|name| spellings(name).iter().any(|s| text.contains(s)))
        })
        .collect();
    assert!(WORK.iter().all(|file| MUST_CHANGE.contains(file)));
    let expected: BTreeSet<&str> = MUST_CHANGE
        .iter()
        .chain(LESSONS)
        .filter(|file| !WORK.contains(file))
        .copied()
        .collect();
    assert_eq!(
        naming_every_function, expected,
        "the files that name every function of the buffer interface: a new one goes on one of the two lists"
    );
}

/// How each language's bindings spell a WIT name: `grow-memory`,
/// `grow_memory`, `growMemory`, `GrowMemory`.
fn spellings(name: &str) -> [String; 4] {
    let words: Vec<&str> = name.split('-').collect();
    let capitalised: Vec<String> = words
        .iter()
        .map(|word| word[..1].to_uppercase() + &word[1..])
        .collect();
    [
        name.to_string(),
        words.join("_"),
        words[0].to_string() + &capitalised[1..].concat(),
        capitalised.concat(),
    ]
}
