//! The contract's shared cases, `wit/conformance.json`, through the typed
//! API: the same file every host's tests read, on every implementation.

use std::collections::HashMap;

use linear_memory_host::{
    BufferError, GrowRefused, Instance, OutOfBounds, Outgoing, StreamsInstance,
};
use serde_json::{Value, json};

use super::{IMPLEMENTATIONS, Implementation, STREAMS_IMPLEMENTATIONS, contract};

const CASES: &str = include_str!("../../../wit/conformance.json");

/// The names `bind` gave to results so far (see the file's description).
type Bindings = HashMap<String, Value>;

#[test]
fn every_case_passes_on_every_implementation() {
    let cases: Value = serde_json::from_str(CASES).unwrap();
    let cases = cases["cases"].as_array().unwrap();
    for implementation in IMPLEMENTATIONS.iter() {
        let mut bindings = Bindings::new();
        for case in cases {
            run_case(implementation, case, &mut bindings);
        }
    }
}

/// Every WIT function of the interface is called both in a case of a single
/// call (which hosts that make one call per instance can run) and in a
/// sequence, and no case calls anything else.
#[test]
fn the_cases_cover_every_function_alone_and_in_sequences() {
    let cases: Value = serde_json::from_str(CASES).unwrap();
    let (single, sequences): (Vec<&Value>, Vec<&Value>) = cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .partition(|case| case["calls"].as_array().unwrap().len() == 1);
    for (kind, cases) in [("single-call", single), ("multi-call", sequences)] {
        let mut called: Vec<&str> = cases
            .iter()
            .flat_map(|case| case["calls"].as_array().unwrap())
            .map(|call| call["call"].as_str().unwrap())
            .collect();
        called.sort_unstable();
        called.dedup();
        let mut declared = contract::functions();
        declared.sort_unstable();
        assert_eq!(called, declared, "the functions the {kind} cases call");
    }
}

/// The `streams` section's cases, on every implementation of the
/// `linear-memory-streams` world.
#[test]
fn every_streams_case_passes_on_every_streams_implementation() {
    let cases: Value = serde_json::from_str(CASES).unwrap();
    let cases = cases["streams"]["cases"].as_array().unwrap();
    for implementation in STREAMS_IMPLEMENTATIONS.iter() {
        let mut bindings = Bindings::new();
        for case in cases {
            let name = format!(
                "{}: {}",
                implementation.name,
                case["name"].as_str().unwrap()
            );
            let mut instance = implementation.instance();
            run_calls(&name, &mut instance, dispatch_streams, case, &mut bindings);
        }
    }
}

/// Both stream functions are called alone and in sequences, too.
#[test]
fn the_streams_cases_cover_both_functions_alone_and_in_sequences() {
    let cases: Value = serde_json::from_str(CASES).unwrap();
    let (single, sequences): (Vec<&Value>, Vec<&Value>) = cases["streams"]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .partition(|case| case["calls"].as_array().unwrap().len() == 1);
    for (kind, cases) in [("single-call", single), ("multi-call", sequences)] {
        for function in ["read-via-stream", "write-via-stream"] {
            let called = cases
                .iter()
                .flat_map(|case| case["calls"].as_array().unwrap())
                .any(|call| call["call"] == function);
            assert!(called, "no {kind} case calls {function}");
        }
    }
}

fn run_case(implementation: &Implementation, case: &Value, bindings: &mut Bindings) {
    let name = format!(
        "{}: {}",
        implementation.name,
        case["name"].as_str().unwrap()
    );
    let mut instance = implementation.instance();
    run_calls(&name, &mut instance, dispatch, case, bindings);
}

/// Makes a case's calls on `instance`, with `dispatch`, and checks each
/// result it expects.
fn run_calls<I>(
    name: &str,
    instance: &mut I,
    dispatch: fn(&mut I, &Value) -> wasmtime::Result<Value>,
    case: &Value,
    bindings: &mut Bindings,
) {
    for (step, call) in case["calls"].as_array().unwrap().iter().enumerate() {
        let got = dispatch(instance, call)
            .unwrap_or_else(|e| panic!("case {name:?}, call {step} {call} trapped: {e:?}"));
        if let Some(expect) = call.get("expect") {
            let want = resolve(expect, bindings);
            assert!(
                got == want,
                "case {name:?}, call {step} {call}:\n  got  {}\n  want {}",
                abbreviate(&got),
                abbreviate(&want)
            );
        }
        if let Some(bind) = call.get("bind") {
            bindings.insert(bind.as_str().unwrap().to_string(), got);
        }
    }
}

/// Makes the call `call` describes and returns its result as JSON.
fn dispatch(instance: &mut Instance, call: &Value) -> wasmtime::Result<Value> {
    let name = call["call"].as_str().unwrap();
    let args = call["args"].as_array().unwrap();
    let u32_arg = |i: usize| u32::try_from(args[i].as_u64().unwrap()).unwrap();
    let u8_arg = |i: usize| u8::try_from(args[i].as_u64().unwrap()).unwrap();
    Ok(match name {
        "store-value-in-wasm-memory-buffer-index-zero" => {
            instance.store_value_in_wasm_memory_buffer_index_zero(u8_arg(0))?;
            Value::Null
        }
        "get-wasm-memory-buffer-pointer" => json!(instance.get_wasm_memory_buffer_pointer()?),
        "read-wasm-memory-buffer-and-return-index-one" => {
            json!(instance.read_wasm_memory_buffer_and_return_index_one()?)
        }
        "buffer-len" => json!(instance.buffer_len()?),
        "memory-pages" => json!(instance.memory_pages()?),
        "store" => result(instance.store(u32_arg(0), u8_arg(1))?),
        "load" => result(instance.load(u32_arg(0))?),
        "write" => result(instance.write(u32_arg(0), &bytes(&args[1]))?),
        "read" => result(instance.read(u32_arg(0), u32_arg(1))?),
        "grow-memory" => result(instance.grow_memory(u32_arg(0))?),
        other => panic!("the case file calls an unknown function {other:?}"),
    })
}

/// Makes a call of either interface of the `linear-memory-streams` world.
fn dispatch_streams(instance: &mut StreamsInstance, call: &Value) -> wasmtime::Result<Value> {
    let args = call["args"].as_array().unwrap();
    let u32_arg = |i: usize| u32::try_from(args[i].as_u64().unwrap()).unwrap();
    Ok(match call["call"].as_str().unwrap() {
        "write-via-stream" => {
            let data = Outgoing::new(bytes(&args[2]));
            result(instance.write_via_stream(u32_arg(0), u32_arg(1), data)?)
        }
        "read-via-stream" => result(instance.read_via_stream(u32_arg(0), u32_arg(1))?),
        _ => dispatch(&mut instance.buffer, call)?,
    })
}

/// A `result<T, error>` in the case file's notation.
fn result<T: Into<Value>>(result: Result<T, BufferError>) -> Value {
    match result {
        Ok(value) => json!({ "ok": value.into() }),
        Err(BufferError::OutOfBounds(OutOfBounds {
            offset,
            len,
            buffer_len,
        })) => json!({ "err": { "out-of-bounds": {
            "offset": offset, "len": len, "buffer-len": buffer_len,
        }}}),
        Err(BufferError::GrowRefused(GrowRefused {
            current_pages,
            requested_pages,
        })) => json!({ "err": { "grow-refused": {
            "current-pages": current_pages, "requested-pages": requested_pages,
        }}}),
    }
}

/// A `list<u8>` argument: an array of bytes, `{"zeros": n}` or `{"ramp": n}`.
fn bytes(value: &Value) -> Vec<u8> {
    match resolve(value, &Bindings::new()) {
        Value::Array(items) => items
            .iter()
            .map(|b| u8::try_from(b.as_u64().unwrap()).unwrap())
            .collect(),
        other => panic!("not a list<u8>: {other}"),
    }
}

/// `value` written out in full: `{"zeros": n}` and `{"ramp": n}` as byte
/// arrays, `{"$": name}` (plus `"+": n`) as the value bound to `name`.
fn resolve(value: &Value, bindings: &Bindings) -> Value {
    let Value::Object(map) = value else {
        return match value {
            Value::Array(items) => items.iter().map(|v| resolve(v, bindings)).collect(),
            other => other.clone(),
        };
    };
    let count = |key: &str| map[key].as_u64().unwrap();
    if let Some(name) = map.get("$").and_then(Value::as_str) {
        let bound = bindings
            .get(name)
            .unwrap_or_else(|| panic!("{name:?} is used before a call binds it"));
        let plus = map.get("+").map_or(0, |_| count("+"));
        return json!(bound.as_u64().expect("a bound number") + plus);
    }
    match map.keys().map(String::as_str).collect::<Vec<_>>()[..] {
        ["zeros"] => Value::Array(vec![json!(0); count("zeros") as usize]),
        ["ramp"] => (0..count("ramp")).map(|i| json!(i % 256)).collect(),
        _ => map
            .iter()
            .map(|(k, v)| (k.clone(), resolve(v, bindings)))
            .collect(),
    }
}

/// A value short enough for an assertion message.
fn abbreviate(value: &Value) -> String {
    let text = value.to_string();
    if text.len() <= 200 {
        return text;
    }
    format!("{}... ({} characters)", &text[..200], text.len())
}
