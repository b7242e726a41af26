//! `--inspect` for a command: a lesson client or a streams client composed
//! with an implementation. The runner runs it on a debugger's engine, then
//! looks into every linear memory it left behind for the bytes the client
//! passed to show the crossing ("crossed by copy", "crossed by stream"),
//! and says where it found them. Where they are is how each component was
//! built: shown, never judged (a command that passed other bytes, or none,
//! runs and is reported all the same).

use std::io::Write;
use std::path::Path;

use linear_memory_host::{CommandRun, InCall, Inside, LoadedCommand, Printed};

use super::found::{self, Place};
use super::hex_grid::{self, Marks};
use crate::error::RunError;
use crate::header::header;
use crate::printed;

/// What a client passes to show the crossing, and how.
struct Passed {
    bytes: &'static [u8],
    call: &'static str,
    /// What the memories show, said after them.
    copied: &'static str,
}

/// What every lesson client writes in part 5 (wit/lesson-client.wit), whose
/// `run` is WASI 0.2's.
const BY_LIST: Passed = Passed {
    bytes: b"crossed by copy",
    call: "write(2, ...)",
    copied: "\
A lesson client passes these bytes to write(2, ...) from its own memory; at each
boundary the canonical ABI copies a list into the next component's memory, into a
block its cabi_realloc gives, up to the implementation, whose write stores them in
its buffer. Where else they are is how each component was built. Each component
sees only its own memory: only a debugger sees them all.",
};

/// What the streams client sends last
/// (interop/clients/rust-streams/src/lib.rs), whose `run` is WASI 0.3's.
const BY_STREAM: Passed = Passed {
    bytes: b"crossed by stream",
    call: "write-via-stream(2, ...)",
    copied: "\
The streams client writes these bytes into a stream<u8> from its own memory; the
component model copies a stream's bytes once, straight into what the reader offers
stream.read (an implementation that offers its buffer holds them there alone).
Where else they are is how each component was built. Each component sees only its
own memory: only a debugger sees them all.",
};

/// Runs `command`, prints what it printed, then where part 5's bytes are.
pub fn report(
    path: &Path,
    command: &LoadedCommand,
    colour: bool,
    out: &mut impl Write,
) -> Result<(), RunError> {
    let what = "a command (it exports wasi:cli/run), ";
    header(out, path, command.size(), what, command.imports())?;
    writeln!(out, "{}", super::WHAT_THIS_IS)?;
    let passed = match command.is_async() {
        true => &BY_STREAM,
        false => &BY_LIST,
    };
    let mut run = command.run_mapped().map_err(|error| RunError::Call {
        path: path.into(),
        error: error.context(InCall("wasi:cli/run".into())),
    })?;
    writeln!(out, "It ran, and printed:")?;
    for line in String::from_utf8_lossy(&run.stdout).lines() {
        writeln!(out, "  | {}", printed::without_controls(line))?;
    }
    if !run.succeeded {
        let stderr = Printed {
            stderr: std::mem::take(&mut run.stderr),
            ..Printed::default()
        };
        printed::show(out, &stderr)?;
        return Err(RunError::CommandFailed { path: path.into() });
    }
    let (found, memories) = where_the_bytes_are(&mut run, passed, colour, out)?;
    let text = String::from_utf8_lossy(passed.bytes);
    writeln!(out, "  {text:?} is in {found} of the {memories} memories.")?;
    writeln!(out, "\n{}", passed.copied)?;
    Ok(())
}

/// Prints, for each memory, where it holds the bytes `passed` (a block
/// `cabi_realloc` gave during the run, as the run's map says, named as
/// such), with a grid around the first place; returns how many memories
/// hold them, and how many there are.
fn where_the_bytes_are(
    run: &mut CommandRun,
    passed: &Passed,
    colour: bool,
    out: &mut impl Write,
) -> Result<(usize, usize), RunError> {
    let memories = run.core_memories();
    let places = found::everywhere(run, passed.bytes);
    let map = run.map.take().unwrap_or_default();
    let text = String::from_utf8_lossy(passed.bytes);
    writeln!(
        out,
        "\nIts linear memories after the run: {}",
        memories.len()
    )?;
    let mut found = 0;
    for memory in &memories {
        let here: Vec<&Place> = places
            .iter()
            .filter(|place| place.memory.same(memory))
            .collect();
        let bytes = run.memory_bytes(memory);
        write!(out, "  {memory}, {} pages: ", bytes.len() / 65536)?;
        let Some(first) = here.first().map(|place| place.address) else {
            writeln!(out, "no {text:?}")?;
            continue;
        };
        found += 1;
        let addresses: Vec<String> = here
            .iter()
            .map(|place| match found::given(&map, place) {
                Some(block) => format!("{:#010x} ({block})", place.address),
                None => format!("{:#010x}", place.address),
            })
            .collect();
        writeln!(out, "{text:?} at {}", addresses.join(", "))?;
        let message = first..first + passed.bytes.len();
        let marks = Marks {
            pointer: None,
            buffer: 0..0,
            highlighted: message.collect(),
        };
        write!(
            out,
            "{}",
            hex_grid::render(bytes, first, 2, &marks, colour, "    ")
        )?;
        writeln!(out, "    *: the bytes the client passed to {}", passed.call)?;
    }
    let given = map
        .allocations
        .iter()
        .filter(|allocation| !allocation.lowering)
        .count();
    writeln!(
        out,
        "  During the run, cabi_realloc gave {given} block{} (numbered in order, as --invoke's map numbers them).",
        found::plural(given)
    )?;
    Ok((found, memories.len()))
}
