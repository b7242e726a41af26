//! The linear-memory lesson, driven from a Rust host.
//!
//! Run it from the workspace root; the first run builds the component too:
//!
//! ```sh
//! cargo run
//! cargo run -- --component path/to/another/implementation.wasm
//! ```

mod lesson;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use runner::Limits;

/// Runs the WebAssembly linear-memory lesson against a component of the
/// `wasm-by-example:linear-memory` world.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The component to drive [default: the one this workspace builds]
    #[arg(long, value_name = "PATH")]
    component: Option<PathBuf>,

    /// The most linear memory the component may use, in MiB
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().max_memory >> 20)]
    max_memory_mib: usize,

    /// How long one call may run before it is stopped, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = Limits::default().timeout.as_millis() as u64)]
    timeout_ms: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let path = args
        .component
        .unwrap_or_else(|| runner::DEFAULT_COMPONENT.into());
    let limits = Limits {
        max_memory: args.max_memory_mib.saturating_mul(1 << 20),
        timeout: Duration::from_millis(args.timeout_ms),
    };
    match lesson::run(&path, limits, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
