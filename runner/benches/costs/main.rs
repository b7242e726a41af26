//! What it costs to move bytes into and out of a component, every path
//! measured side by side in one run and reported as ratios against its floor.
//!
//! ```sh
//! .ci/bench               # every host: Node and Chromium first, then this
//! cargo bench -p runner   # this alone
//! cargo bench -p runner --bench costs -- --instructions   # counted by callgrind
//! ```
//!
//! With `--instructions` it runs itself again under valgrind's callgrind and
//! counts the instructions of each call, host paths and compositions (not
//! start-up or the debug engine), and prints the same tables in
//! instructions (`measure.rs` says which to trust for what).
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
mod nop_async;
mod report;
mod ring;
mod start_up;
mod streams;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use linear_memory_host::{DEFAULT_COMPONENT, Host};
use report::Row;

fn main() -> wasmtime::Result<ExitCode> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    if std::env::args().any(|arg| arg == "--instructions") && !measure::counting() {
        return under_callgrind(&dir.join("callgrind"));
    }
    let host = Host::new()?;
    let mut rows: Vec<Row> = Vec::new();
    calls::measure(&host, &mut rows)?;
    bulk::measure(&host, &mut rows)?;
    let mut stream_notes = streams::measure(&mut rows)?;
    if !measure::counting() {
        start_up::measure(&host, &mut rows)?;
        inspection::measure(&host, &mut rows)?;
    }
    let composed = dir.join("bench-client+rust.wasm");
    if composed.is_file() {
        composition::measure(&host, &composed, &mut rows)?;
    } else {
        eprintln!(
            "no {}: the composition rows need .ci/bench",
            composed.display()
        );
    }
    let path = dir.join("bench-streams-client+rust-streams.wasm");
    let composed = path.is_file().then_some(path.as_path());
    match composed {
        Some(composed) => stream_notes.extend(composed_streams::measure(composed, &mut rows)?),
        None => eprintln!("no {}: those rows need .ci/bench", path.display()),
    }
    let ring_notes = ring::measure(composed, &mut rows)?;

    if measure::counting() {
        println!("Instructions per operation, counted by valgrind's callgrind");
        let all = report::write_json(
            &dir.join("instructions.json"),
            "rust",
            "Rust host, wasmtime",
            &rows,
        );
        report::print_tables(&all);
        println!("\nStreams against lists, in instructions");
        for line in stream_notes {
            println!("  {line}");
        }
        println!("\nOne stream, many rounds: the goals, in instructions");
        for line in ring_notes {
            println!("  {line}");
        }
        return Ok(ExitCode::SUCCESS);
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
    for line in stream_notes {
        println!("  {line}");
    }
    println!("\nOne stream, many rounds: the goals, in time");
    for line in ring_notes {
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
    Ok(ExitCode::SUCCESS)
}

/// Runs this benchmark again under callgrind, which counts the calls of
/// [`measure::COUNTED`] one by one, dumping into `dir`.
fn under_callgrind(dir: &Path) -> wasmtime::Result<ExitCode> {
    std::fs::remove_dir_all(dir).ok();
    std::fs::create_dir_all(dir)?;
    let out: PathBuf = dir.join("callgrind.out");
    let counted = measure::COUNTED;
    let status = Command::new("valgrind")
        .args(["--tool=callgrind", "--quiet", "--dump-instr=no"])
        // A simulation of this machine's caches (their sizes read from the
        // CPU), so a row's dump also counts the data misses it would make.
        .arg("--cache-sim=yes")
        // Each thread counted on its own: wasmtime compiles on a pool of
        // threads, which would otherwise add to the row after a compile.
        .arg("--separate-threads=yes")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(format!("--zero-before={counted}"))
        .arg(format!("--dump-after={counted}"))
        .arg(std::env::current_exe()?)
        .args(std::env::args().skip(1))
        .env(measure::COUNTING, &out)
        .status()
        .map_err(|e| {
            wasmtime::format_err!("cannot run valgrind (apt-get install valgrind): {e}")
        })?;
    Ok(match status.success() {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    })
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
