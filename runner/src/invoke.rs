//! `--invoke`: one call of any exported function of any component, its
//! arguments and results in WAVE, the results printed as `wasmtime run
//! --invoke` prints them; with `--inspect`, on a debugger's engine, and
//! followed by the call's copy map (`inspect::call_map`).

use std::io::Write;
use std::path::Path;

use linear_memory_host::{Host, Invocation, Limits};

use crate::error::RunError;
use crate::header::header;
use crate::{inspect, printed};

/// Calls what `text` names on a fresh instance of the component at `path`
/// and prints its results: on an engine with the async ABI on, which takes
/// any component, async exports too; with `inspect`, a debugger's engine,
/// and the map of the call (in colour if `colour`).
pub fn run(
    path: &Path,
    text: &str,
    limits: Limits,
    inspect: bool,
    colour: bool,
    out: &mut impl Write,
) -> Result<(), RunError> {
    let host = crate::cached(match inspect {
        true => Host::inspecting(limits),
        false => Host::concurrent(limits),
    })?;
    let component = host.load_for_calls(path)?;
    let invocation =
        Invocation::parse(component.component(), text).map_err(|error| RunError::Invoke {
            path: path.into(),
            error,
        })?;
    let mut instance = component
        .instantiate()
        .map_err(|error| RunError::Instantiate {
            path: path.into(),
            error,
        })?;
    if !inspect {
        let results = instance.call(&invocation);
        printed::show(out, &instance.take_printed())?;
        let results = results.map_err(|error| call_failed(path, error))?;
        writeln!(out, "{}", Invocation::results(&results))?;
        return Ok(());
    }
    header(out, path, component.size(), "", component.imports())?;
    writeln!(out, "{}", inspect::WHAT_THIS_IS)?;
    let called = instance.call_mapped(&invocation);
    printed::show(out, &instance.take_printed())?;
    let (results, map) = called.map_err(|error| call_failed(path, error))?;
    writeln!(out, "{invocation} -> {}", Invocation::results(&results))?;
    inspect::call_map::report(&mut instance, &map, colour, out)?;
    Ok(())
}

/// The line for a call that trapped or ran out of time.
fn call_failed(path: &Path, error: wasmtime::Error) -> RunError {
    RunError::Call {
        path: path.into(),
        error,
    }
}
