//! `--inspect` for a command: a lesson client composed with an
//! implementation. The runner runs it on a debugger's engine, then looks
//! into every linear memory it left behind for the bytes the client passed
//! to `write` in part 5 of its lesson. They are in two memories: the
//! canonical ABI copied them from the client's into the implementation's.

use std::io::Write;
use std::path::Path;

use linear_memory_host::{CommandRun, LoadedCommand};

use super::hex_grid::{self, Marks};
use crate::error::RunError;
use crate::header::header;

/// What every lesson client writes in part 5 (wit/lesson-client.wit).
const MESSAGE: &[u8] = b"crossed by copy";

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
    let mut run = command.run().map_err(|error| RunError::Trapped {
        path: path.into(),
        call: "wasi:cli/run".into(),
        error,
    })?;
    writeln!(out, "It ran, and printed:")?;
    for line in String::from_utf8_lossy(&run.stdout).lines() {
        writeln!(out, "  | {}", without_controls(line))?;
    }
    if !run.succeeded {
        return Err(RunError::CommandFailed { path: path.into() });
    }
    let (found, memories) = where_the_message_is(&mut run, colour, out)?;
    if found != 2 {
        let message = String::from_utf8_lossy(MESSAGE).into();
        return Err(RunError::NotCopied {
            path: path.into(),
            message,
            found,
            memories,
        });
    }
    writeln!(out, "\n{}", COPIED)?;
    Ok(())
}

const COPIED: &str = "\
The client passed these bytes to write(2, ...) from its own memory; the canonical
ABI copied them into the implementation's, which keeps them in its buffer. Each
component sees only its own memory: only a debugger sees both.";

/// Prints, for each memory, where it holds MESSAGE, with a grid around the
/// first place; returns how many memories hold it, and how many there are.
fn where_the_message_is(
    run: &mut CommandRun,
    colour: bool,
    out: &mut impl Write,
) -> Result<(usize, usize), RunError> {
    let memories = run.core_memories();
    let text = String::from_utf8_lossy(MESSAGE);
    writeln!(
        out,
        "\nIts linear memories after the run: {}",
        memories.len()
    )?;
    let mut found = 0;
    for memory in &memories {
        let bytes = run.memory_bytes(memory);
        let places = find_all(bytes, MESSAGE);
        let addresses: Vec<String> = places.iter().map(|at| format!("{at:#010x}")).collect();
        write!(
            out,
            "  memory {} of core instance {}, {} pages: ",
            memory.index,
            memory.core_instance,
            bytes.len() / 65536
        )?;
        let Some(&first) = places.first() else {
            writeln!(out, "no {text:?}")?;
            continue;
        };
        found += 1;
        writeln!(out, "{text:?} at {}", addresses.join(", "))?;
        let message = first..first + MESSAGE.len();
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
        writeln!(out, "    *: the bytes the client passed to write(2, ...)")?;
    }
    Ok((found, memories.len()))
}

/// `line` with its control characters escaped (`\u{1b}`, `\r`, ...): what
/// a command prints is untrusted, and a terminal would obey them.
fn without_controls(line: &str) -> String {
    line.chars()
        .map(|c| match c.is_control() {
            true => c.escape_debug().to_string(),
            false => c.to_string(),
        })
        .collect()
}

/// Every address where `needle` starts in `haystack`.
fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, window)| *window == needle)
        .map(|(at, _)| at)
        .collect()
}
