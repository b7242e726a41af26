//! The contract's shared cases, `wit/conformance.json`, run through the
//! typed API: the same file every host's tests read.
//!
//! Every case runs on the workspace's component, and on each other
//! implementation listed in `LINEAR_MEMORY_COMPONENTS` (paths separated by
//! `:`; `interop/test` adds the Go one).

use runner::{Buffer, BufferError, GrowRefused, Host, LoadedComponent, OutOfBounds};
use serde_json::{Value, json};

use super::COMPONENT;

const CASES: &str = include_str!("../../../wit/conformance.json");

#[test]
fn every_case_passes_on_a_fresh_instance_of_every_implementation() {
    let host = Host::new().unwrap();
    let others: Vec<(String, LoadedComponent)> = std::env::var("LINEAR_MEMORY_COMPONENTS")
        .unwrap_or_default()
        .split(':')
        .filter(|path| !path.is_empty())
        .map(|path| (path.to_string(), host.load(path).unwrap()))
        .collect();
    run_cases("the workspace's component", &COMPONENT);
    for (path, component) in &others {
        run_cases(path, component);
    }
}

fn run_cases(implementation: &str, component: &LoadedComponent) {
    let cases: Value = serde_json::from_str(CASES).unwrap();
    let cases = cases["cases"].as_array().unwrap();
    assert!(cases.len() >= 10, "the case file lost its cases");
    for case in cases {
        let name = format!("{implementation}: {}", case["name"].as_str().unwrap());
        let mut buffer = component.instantiate().unwrap();
        for (step, call) in case["calls"].as_array().unwrap().iter().enumerate() {
            let got = dispatch(&mut buffer, call)
                .unwrap_or_else(|e| panic!("case {name:?}, call {step} {call} trapped: {e:?}"));
            if let Some(expect) = call.get("expect") {
                let want = expand(expect);
                assert!(
                    got == want,
                    "case {name:?}, call {step} {call}:\n  got  {}\n  want {}",
                    abbreviate(&got),
                    abbreviate(&want)
                );
            }
        }
    }
}

/// Makes the call `call` describes and returns its result as JSON.
fn dispatch(buffer: &mut Buffer, call: &Value) -> wasmtime::Result<Value> {
    let name = call["call"].as_str().unwrap();
    let args = call["args"].as_array().unwrap();
    let u32_arg = |i: usize| u32::try_from(args[i].as_u64().unwrap()).unwrap();
    let u8_arg = |i: usize| u8::try_from(args[i].as_u64().unwrap()).unwrap();
    Ok(match name {
        "store-value-in-wasm-memory-buffer-index-zero" => {
            buffer.store_value_in_wasm_memory_buffer_index_zero(u8_arg(0))?;
            Value::Null
        }
        "get-wasm-memory-buffer-pointer" => {
            json!(buffer.get_wasm_memory_buffer_pointer()?)
        }
        "read-wasm-memory-buffer-and-return-index-one" => {
            json!(buffer.read_wasm_memory_buffer_and_return_index_one()?)
        }
        "buffer-len" => json!(buffer.buffer_len()?),
        "memory-pages" => json!(buffer.memory_pages()?),
        "store" => result(buffer.store(u32_arg(0), u8_arg(1))?),
        "load" => result(buffer.load(u32_arg(0))?),
        "write" => result(buffer.write(u32_arg(0), &bytes(&args[1]))?),
        "read" => result(buffer.read(u32_arg(0), u32_arg(1))?),
        "grow-memory" => result(buffer.grow_memory(u32_arg(0))?),
        other => panic!("the case file calls an unknown function {other:?}"),
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
    match expand(value) {
        Value::Array(items) => items
            .iter()
            .map(|b| u8::try_from(b.as_u64().unwrap()).unwrap())
            .collect(),
        other => panic!("not a list<u8>: {other}"),
    }
}

/// `value` with every `{"zeros": n}` and `{"ramp": n}` written out in full.
fn expand(value: &Value) -> Value {
    match value {
        Value::Object(map) if map.len() == 1 && map.contains_key("zeros") => {
            Value::Array(vec![json!(0); map["zeros"].as_u64().unwrap() as usize])
        }
        Value::Object(map) if map.len() == 1 && map.contains_key("ramp") => {
            let n = map["ramp"].as_u64().unwrap();
            (0..n).map(|i| json!(i % 256)).collect()
        }
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), expand(v))).collect(),
        Value::Array(items) => items.iter().map(expand).collect(),
        other => other.clone(),
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
