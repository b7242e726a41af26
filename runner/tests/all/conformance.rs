//! The contract's shared cases, `wit/conformance.json`: the same file every
//! host's tests read, on every implementation. Each call in it is read as a
//! [`Call`] (its arguments named by the WIT's parameters) and made through
//! the library, and its answer written in the file's notation.

use std::collections::HashMap;

use linear_memory_host::{
    Answer, BufferError, Call, GrowRefused, Host, Instance, Limits, OutOfBounds, Value as Answered,
};
use serde_json::{Value, json};

use super::{
    IMPLEMENTATIONS, Implementation, Instantiates, STREAMS_IMPLEMENTATIONS, contract, honest,
};

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

/// The cases are written for any buffer length the contract allows: the
/// project's components built with buffers of 2 bytes and of 1 MiB
/// (`honest.rs` builds them) pass every case of both sections, but for those
/// that need a longer buffer than theirs, which are skipped, and only those.
#[test]
fn every_case_holds_for_buffers_of_2_bytes_and_1_mib() {
    let cases: Value = serde_json::from_str(CASES).unwrap();
    // Room for a 1 MiB buffer, and for a list as long beside it.
    let limits = Limits {
        max_memory: 64 << 20,
        ..Limits::default()
    };
    for len in [2, 1 << 20] {
        let buffer = Host::with_limits(limits).unwrap();
        let buffer = buffer.load(honest::sized_release(false, len)).unwrap();
        let streams = Host::concurrent(limits).unwrap();
        let streams = streams
            .load_streams(honest::sized_release(true, len))
            .unwrap();
        for (section, component) in [
            (&cases["cases"], &buffer as &dyn Instantiates),
            (&cases["streams"]["cases"], &streams),
        ] {
            let mut bindings = Bindings::new();
            let mut skipped = Vec::new();
            for case in section.as_array().unwrap() {
                let name = format!("{len}-byte buffer: {}", case["name"].as_str().unwrap());
                let mut instance = component.instantiate().unwrap();
                if !run_calls(&name, &mut instance, case, &mut bindings) {
                    skipped.push(case["name"].as_str().unwrap());
                }
            }
            let longer: Vec<&str> = section
                .as_array()
                .unwrap()
                .iter()
                .filter(|case| case["buffer-len-at-least"].as_u64() > Some(u64::from(len)))
                .map(|case| case["name"].as_str().unwrap())
                .collect();
            assert_eq!(skipped, longer, "the cases skipped on a {len}-byte buffer");
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
        let mut declared = contract::buffer_functions();
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
            run_calls(&name, &mut instance, case, &mut bindings);
        }
    }
}

/// Every stream function is called alone and in sequences, too.
#[test]
fn the_streams_cases_cover_every_stream_function_alone_and_in_sequences() {
    let cases: Value = serde_json::from_str(CASES).unwrap();
    let (single, sequences): (Vec<&Value>, Vec<&Value>) = cases["streams"]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .partition(|case| case["calls"].as_array().unwrap().len() == 1);
    for (kind, cases) in [("single-call", single), ("multi-call", sequences)] {
        for (function, _) in contract::functions(contract::Interface::Streams) {
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
    run_calls(&name, &mut instance, case, bindings);
}

/// Makes a case's calls on `instance`, and checks each result it expects;
/// a case that needs a longer buffer than the one bound as `len` is skipped.
/// Returns whether it ran.
fn run_calls(name: &str, instance: &mut Instance, case: &Value, bindings: &mut Bindings) -> bool {
    if let Some(least) = case.get("buffer-len-at-least") {
        let len = bindings.get("len").and_then(Value::as_u64);
        if len.expect("the first case binds len") < least.as_u64().unwrap() {
            return false;
        }
    }
    for (step, call) in case["calls"].as_array().unwrap().iter().enumerate() {
        let got = instance
            .call(&read_call(call, bindings))
            .map(|answer| notation(&answer))
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
    true
}

/// The call a case's `{"call": name, "args": [...]}` describes: its
/// arguments, lists and relations written out, named after the WIT's
/// parameters.
fn read_call(call: &Value, bindings: &Bindings) -> Call {
    let name = call["call"].as_str().unwrap();
    let args = call["args"].as_array().unwrap();
    let parameters = contract::parameters(name);
    assert_eq!(args.len(), parameters.len(), "{call}: the arguments");
    let named: serde_json::Map<String, Value> = parameters
        .into_iter()
        .zip(args)
        .map(|(parameter, arg)| (parameter, resolve(arg, bindings)))
        .collect();
    let mut text = json!({ "call": name });
    if !named.is_empty() {
        text["args"] = Value::Object(named);
    }
    serde_json::from_value(text).unwrap_or_else(|error| panic!("{call} is no call: {error}"))
}

/// An answer in the case file's notation.
fn notation(answer: &Answer) -> Value {
    match answer {
        Answer::Value(value) => plain(value),
        Answer::Ok(value) => json!({ "ok": plain(value) }),
        Answer::Err(BufferError::OutOfBounds(OutOfBounds {
            offset,
            len,
            buffer_len,
        })) => json!({ "err": { "out-of-bounds": {
            "offset": offset, "len": len, "buffer-len": buffer_len,
        }}}),
        Answer::Err(BufferError::GrowRefused(GrowRefused {
            current_pages,
            requested_pages,
        })) => json!({ "err": { "grow-refused": {
            "current-pages": current_pages, "requested-pages": requested_pages,
        }}}),
    }
}

/// A value in the case file's notation: nothing is `null`.
fn plain(value: &Answered) -> Value {
    match value {
        Answered::Nothing => Value::Null,
        Answered::U8(byte) => json!(byte),
        Answered::U32(number) => json!(number),
        Answered::U64(number) => json!(number),
        Answered::List(bytes) => json!(bytes),
    }
}

/// `value` written out in full: `{"zeros": n}`, `{"ramp": n}` and
/// `{"cycle": [..], "len": n}` as byte arrays, `{"$": name}` (times `"*": m`,
/// plus `"+": n`) as the value bound to `name`, counts included.
fn resolve(value: &Value, bindings: &Bindings) -> Value {
    let Value::Object(map) = value else {
        return match value {
            Value::Array(items) => items.iter().map(|v| resolve(v, bindings)).collect(),
            other => other.clone(),
        };
    };
    let number = |key: &str| map.get(key).map(|n| n.as_i64().unwrap());
    if let Some(name) = map.get("$").and_then(Value::as_str) {
        let bound = bindings
            .get(name)
            .unwrap_or_else(|| panic!("{name:?} is used before a call binds it"));
        let bound = bound.as_i64().expect("a bound number");
        return json!(bound * number("*").unwrap_or(1) + number("+").unwrap_or(0));
    }
    let count = |key: &str| resolve(&map[key], bindings).as_u64().unwrap();
    match map.keys().map(String::as_str).collect::<Vec<_>>()[..] {
        ["zeros"] => Value::Array(vec![json!(0); count("zeros") as usize]),
        ["ramp"] => (0..count("ramp")).map(|i| json!(i % 256)).collect(),
        ["cycle", "len"] => {
            let cycle = map["cycle"].as_array().unwrap();
            cycle
                .iter()
                .cycle()
                .take(count("len") as usize)
                .cloned()
                .collect()
        }
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
