//! The linear-memory lesson, driven from a Rust host.
//!
//! Run it from the workspace root; the first run builds the component too:
//!
//! ```sh
//! cargo run
//! cargo run -- --component path/to/another/implementation.wasm
//! cargo run -- --inspect        # the lesson, seen from inside with a debugger's engine
//! cargo run -- --streams        # bulk transfer: list<u8> and stream<u8>, and their copies
//! cargo run -- --streams --inspect   # and the copies found in the component's memory
//! cargo run -- --inspect --component target/interop/compositions/rust-client+rust.wasm
//!                               # a composition (interop/build makes them): every memory
//! cargo run -- --component any.wasm --invoke 'f(1, "two", [3])'
//!                               # one call of any component's export, as `wasmtime run --invoke`
//! ```

mod error;
mod header;
mod inspect;
mod invoke;
mod lesson;
mod printed;
mod session;
mod streams;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use error::RunError;
use linear_memory_host::{AnyComponent, Host, Limits};

/// Runs the WebAssembly linear-memory lesson against a component of the
/// `wasm-by-example:linear-memory` world, or calls any component's export
/// (--invoke).
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The component to drive [default: the one this workspace builds]
    #[arg(long, value_name = "PATH")]
    component: Option<PathBuf>,

    /// Look inside too, with a debugger's engine: the component's memory at
    /// every step, or every memory of a client's composition
    #[arg(long)]
    inspect: bool,

    /// Move the whole buffer in and out through list<u8> and stream<u8>
    /// (the async ABI), on a linear-memory-streams component (--component's
    /// default becomes the workspace's streams component)
    #[arg(long)]
    streams: bool,

    /// Call one exported function of any component instead, as `wasmtime run
    /// --invoke` does: `name(arguments)` in WAVE, its results printed in WAVE;
    /// with --inspect, where each argument's and result's bytes went
    #[arg(long, value_name = "CALL", conflicts_with = "streams")]
    invoke: Option<String>,

    /// The most linear memory the component may use, in MiB
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().max_memory >> 20)]
    max_memory_mib: usize,

    /// How long one call may run before it is stopped, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = Limits::default().timeout.as_millis() as u64)]
    timeout_ms: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let default = if args.streams {
        linear_memory_host::STREAMS_COMPONENT
    } else {
        linear_memory_host::DEFAULT_COMPONENT
    };
    let path = args.component.unwrap_or_else(|| default.into());
    let limits = Limits {
        max_memory: args.max_memory_mib.saturating_mul(1 << 20),
        timeout: Duration::from_millis(args.timeout_ms),
    };
    let mut out = std::io::stdout().lock();
    let outcome = if let Some(call) = &args.invoke {
        let colour = std::io::stdout().is_terminal();
        invoke::run(&path, call, limits, args.inspect, colour, &mut out)
    } else if args.streams {
        streams(&path, limits, args.inspect, &mut out)
    } else if args.inspect {
        inspect(&path, limits, &mut out)
    } else {
        lesson(&path, limits, &mut out)
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The lesson, on an engine that keeps the component's memory to itself.
fn lesson(path: &Path, limits: Limits, out: &mut impl Write) -> Result<(), RunError> {
    let host = cached(Host::with_limits(limits))?;
    lesson::run(path, &host.load(path)?, out)
}

/// `--streams`: on an engine with the async ABI on, which only this mode
/// needs; with `--inspect`, a debugger's engine too.
fn streams(
    path: &Path,
    limits: Limits,
    inspect: bool,
    out: &mut impl Write,
) -> Result<(), RunError> {
    let host = cached(match inspect {
        true => Host::inspecting(limits),
        false => Host::concurrent(limits),
    })?;
    streams::run(path, &host.load_streams(path)?, inspect, out)
}

/// `--inspect`: the same on a debugger's engine; for a command, the
/// composition report instead.
fn inspect(path: &Path, limits: Limits, out: &mut impl Write) -> Result<(), RunError> {
    let host = cached(Host::inspecting(limits))?;
    let colour = std::io::stdout().is_terminal();
    match host.load_any(path)? {
        AnyComponent::Implementation(component) => {
            lesson::run_inside(path, &component, colour, out)
        }
        AnyComponent::Command(command) => inspect::composition::report(path, &command, colour, out),
    }
}

/// `host`, keeping the large components it compiles beside this program
/// (`target/<profile>/component-cache/` for `cargo run`), so that the next
/// run loads a 20 MB component instead of compiling it again.
fn cached(host: wasmtime::Result<Host>) -> Result<Host, RunError> {
    let host = host.map_err(RunError::Engine)?;
    let beside = std::env::current_exe().ok();
    Ok(match beside.as_deref().and_then(Path::parent) {
        Some(dir) => host.with_cache(dir.join("component-cache")),
        None => host,
    })
}
