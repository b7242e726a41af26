//! Bytes of a linear memory as a hex grid, 16 to a row, with marks: where
//! the buffer starts (`P`), bytes to point out (`*`, what the caller says
//! they are). Marks are written under each row; on a terminal the bytes are
//! coloured too.

use std::fmt::Write;

/// What to mark in a grid.
pub struct Marks {
    /// Where the buffer starts: marked `P`.
    pub pointer: Option<usize>,
    /// The buffer's bytes: coloured on a terminal.
    pub buffer: std::ops::Range<usize>,
    /// Addresses to point out: marked `*`.
    pub highlighted: Vec<usize>,
}

const CYAN: &str = "\x1b[36m";
const BOLD_YELLOW: &str = "\x1b[1;33m";
const UNDERLINE: &str = "\x1b[4m";
const RESET: &str = "\x1b[0m";

/// `rows` rows of 16 bytes of `memory`, the first starting at `start`
/// (rounded down to a multiple of 16), each line indented by `indent`.
pub fn render(
    memory: &[u8],
    start: usize,
    rows: usize,
    marks: &Marks,
    colour: bool,
    indent: &str,
) -> String {
    let first = start - start % 16;
    let mut grid = String::new();
    for row in (first..first + 16 * rows).step_by(16) {
        let end = (row + 16).min(memory.len());
        if row >= end {
            break;
        }
        let bytes = &memory[row..end];
        let cells: Vec<String> = (row..end)
            .map(|address| cell(memory[address], address, marks, colour))
            .collect();
        let text: String = bytes.iter().map(|&b| printable(b)).collect();
        writeln!(grid, "{indent}{row:#010x}  {}  |{text}|", cells.join(" ")).unwrap();
        let under: String = (row..end)
            .map(|address| mark(address, marks))
            .collect::<Vec<_>>()
            .join(" ");
        if !under.trim().is_empty() {
            writeln!(grid, "{indent}{:12}{}", "", under.trim_end()).unwrap();
        }
    }
    grid
}

/// One byte in hex, coloured on a terminal.
fn cell(byte: u8, address: usize, marks: &Marks, colour: bool) -> String {
    if !colour {
        return format!("{byte:02x}");
    }
    let mut style = String::new();
    if marks.buffer.contains(&address) {
        style += CYAN;
    }
    if marks.highlighted.contains(&address) {
        style += BOLD_YELLOW;
    }
    if marks.pointer == Some(address) {
        style += UNDERLINE;
    }
    match style.is_empty() {
        true => format!("{byte:02x}"),
        false => format!("{style}{byte:02x}{RESET}"),
    }
}

/// The two characters under a byte: `P`, `*`, both, or spaces.
fn mark(address: usize, marks: &Marks) -> String {
    let pointer = if marks.pointer == Some(address) {
        'P'
    } else {
        ' '
    };
    let changed = if marks.highlighted.contains(&address) {
        '*'
    } else {
        ' '
    };
    format!("{pointer}{changed}")
}

fn printable(byte: u8) -> char {
    match byte {
        0x20..=0x7e => byte as char,
        _ => '.',
    }
}
