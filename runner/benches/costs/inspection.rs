//! What `--inspect` costs: the same calls on an engine with guest debugging
//! on (`Host::inspecting`), against the engine every normal run uses.

use std::path::Path;
use std::time::Instant;

use linear_memory_host::{Call, DEFAULT_COMPONENT, Host, Instance, Invocation, Limits};

use crate::bulk;
use crate::measure::{self, consume, per_op};
use crate::report::{self, Row, human};

const SIZE: usize = 65536;

/// A call, the bytes it moves (for bulk calls), and how to time it.
type Timed = (&'static str, Option<usize>, fn(&mut Instance) -> f64);

/// `write` called by name (`--invoke`) on the debug engine, plain and
/// mapped (`--inspect --invoke`), of 16 bytes and of 64 KiB: what the map
/// adds to one call, fixed (the tracer set up and taken down, its handler
/// run at each breakpoint) and per byte (each block's bytes kept), the
/// content search the runner makes afterwards aside.
fn mapped(rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    let host = Host::inspecting(Limits::default())?;
    let component = host.load_for_calls(DEFAULT_COMPONENT)?;
    let mut instance = component.instantiate()?;
    for size in [16, SIZE] {
        let bytes: Vec<String> = (0..size).map(|i| (i % 251).to_string()).collect();
        let text = format!("write(0, [{}])", bytes.join(", "));
        let invocation = Invocation::parse(component.component(), &text)?;
        let plain = per_op(|| consume(instance.call(&invocation).unwrap()));
        let mapped = per_op(|| consume(instance.call_mapped(&invocation).unwrap()));
        let name = format!("write {} by name", human(size));
        let plain = ("called", "--invoke, guest debugging", plain);
        let mapped = ("called and mapped", "--inspect --invoke", mapped);
        let group = "--inspect --invoke's map";
        rows.extend(report::compared(group, &name, Some(size), plain, mapped));
    }
    Ok(())
}

/// The first `--inspect --invoke` of a large component and the next: its
/// load compiled with guest debugging, then read from the compile cache
/// (`runner/host/src/cache.rs`). One run each, not a median: on the
/// componentize-py subject that `interop/build` makes, if it is there.
fn start_up(rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    if measure::quick() {
        eprintln!("the start-up rows of --inspect --invoke: not measured in the quick mode");
        return Ok(());
    }
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    let subject = target.join("interop/subjects/python.wasm");
    if !subject.is_file() {
        eprintln!(
            "no {}: the start-up rows of --inspect --invoke need interop/build",
            subject.display()
        );
        return Ok(());
    }
    let cache = target.join("bench/component-cache");
    // A cold cache: the first run compiles.
    let _ = std::fs::remove_dir_all(&cache);
    let load = || -> wasmtime::Result<f64> {
        let host = Host::inspecting(Limits::default())?.with_cache(&cache);
        let started = Instant::now();
        consume(host.load_for_calls(&subject)?);
        Ok(started.elapsed().as_nanos() as f64)
    };
    let first = load()?;
    let second = load()?;
    std::fs::remove_dir_all(&cache)?;
    let megabytes = std::fs::metadata(&subject)?.len() / 1_000_000;
    let name = format!("load the componentize-py subject ({megabytes} MB)");
    let first = ("first run: compiled", "guest debugging", first);
    let second = ("next run: from the cache", "compile cache", second);
    let group = "--inspect --invoke's start-up";
    rows.extend(report::compared(group, &name, None, first, second));
    Ok(())
}

pub fn measure(host: &Host, rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    let debug_host = Host::inspecting(Limits::default())?;
    let mut normal = host.load(DEFAULT_COMPONENT)?.instantiate()?;
    let mut debug = debug_host.load(DEFAULT_COMPONENT)?.instantiate()?;
    let calls: [Timed; 4] = [
        ("store(5, 24)", None, |i| {
            let store = Call::Store {
                index: 5,
                value: 24,
            };
            per_op(|| consume(i.call(&store).unwrap()))
        }),
        ("load(5)", None, |i| {
            per_op(|| consume(i.call(&Call::Load { index: 5 }).unwrap()))
        }),
        ("write", Some(SIZE), |i| bulk::write(i, SIZE)),
        ("read", Some(SIZE), |i| bulk::read(i, SIZE)),
    ];
    mapped(rows)?;
    start_up(rows)?;
    for (call, bytes, time) in calls {
        let name = match bytes {
            Some(size) => format!("{call} {}", human(size)),
            None => call.to_string(),
        };
        let normal = ("normal engine", "normal engine", time(&mut normal));
        let debug = ("debug engine", "guest debugging", time(&mut debug));
        let group = "--inspect's debug engine";
        rows.extend(report::compared(group, &name, bytes, normal, debug));
    }
    Ok(())
}
