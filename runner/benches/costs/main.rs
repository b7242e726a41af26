//! What it costs to move bytes into and out of a component, every path
//! measured side by side in one run and reported as ratios against its floor.
//!
//! ```sh
//! .ci/bench               # every host: Node and Chromium first, then this
//! cargo bench -p runner   # this alone
//! ```
//!
//! Prints every host's tables (this one's, and the JavaScript hosts' that
//! `npm --prefix jco-demo run bench` left in `target/bench/results.json`),
//! and writes the results and `target/bench/throughput.svg`. Timings are
//! medians of 11 batches of about 20 ms; nothing here decides pass or fail.
//! The composition rows need `target/bench/bench-client+rust.wasm` and
//! `target/bench/bench-streams-client+rust-streams.wasm`, which `.ci/bench`
//! builds.

mod bulk;
mod calls;
mod composed_streams;
mod composition;
mod inspection;
mod measure;
mod report;
mod start_up;
mod streams;

use std::path::Path;

use linear_memory_host::{DEFAULT_COMPONENT, Host};
use report::Row;

fn main() -> wasmtime::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    let host = Host::new()?;
    let mut rows: Vec<Row> = Vec::new();
    calls::measure(&host, &mut rows)?;
    bulk::measure(&host, &mut rows)?;
    let crossovers = streams::measure(&mut rows)?;
    start_up::measure(&host, &mut rows)?;
    inspection::measure(&host, &mut rows)?;
    let composed = dir.join("bench-client+rust.wasm");
    if composed.is_file() {
        composition::measure(&host, &composed, &mut rows)?;
    } else {
        eprintln!(
            "no {}: the composition rows need .ci/bench",
            composed.display()
        );
    }
    let composed = dir.join("bench-streams-client+rust-streams.wasm");
    if composed.is_file() {
        composed_streams::measure(&composed, &mut rows)?;
    } else {
        eprintln!("no {}: those rows need .ci/bench", composed.display());
    }

    println!("{}", machine());
    println!(
        "engine: concurrency support off, epoch interruption on (streams: a second engine, concurrency on)"
    );
    // wasmtime's version is the one Cargo.toml pins.
    let runtime = "Rust host, wasmtime";
    let all = report::write_json(&dir.join("results.json"), "rust", runtime, &rows);
    report::print_tables(&all);
    println!("\nStreams against lists, from this host");
    for line in crossovers {
        println!("  {line}");
    }
    let component = host.load(DEFAULT_COMPONENT)?;
    let imports = component.imports().len();
    println!(
        "\nSize\n  component: {} bytes, {imports} imports",
        component.size()
    );
    report::plot(&dir.join("throughput.svg"), &all).expect("plot");
    println!("\nwrote target/bench/results.json and target/bench/throughput.svg");
    Ok(())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|line| line.starts_with("model name"))?;
            Some(line.split(':').nth(1)?.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("machine: {cpu}, {cores} cores")
}
