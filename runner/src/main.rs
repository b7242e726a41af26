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

use clap::Parser;

/// Runs the WebAssembly linear-memory lesson against a component of the
/// `wasm-by-example:linear-memory` world.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The component to drive [default: the one this workspace builds]
    #[arg(long, value_name = "PATH")]
    component: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let path = args
        .component
        .unwrap_or_else(|| runner::DEFAULT_COMPONENT.into());
    match lesson::run(&path, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
