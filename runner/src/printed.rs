//! What a component printed during a call, shown in the lesson's output
//! where it happened: a guest that logs, or panics, is seen doing it.

use std::io::{self, Write};

use linear_memory_host::Printed;

/// Writes each line the component printed, marked with the stream it went
/// to. Control characters are shown escaped, so a component's output cannot
/// move the cursor or recolour the terminal.
pub fn show(out: &mut impl Write, printed: &Printed) -> io::Result<()> {
    for (stream, bytes) in [("stdout", &printed.stdout), ("stderr", &printed.stderr)] {
        for line in String::from_utf8_lossy(bytes).lines() {
            writeln!(out, "  [the component's {stream}] {}", escaped(line))?;
        }
    }
    Ok(())
}

fn escaped(line: &str) -> String {
    line.chars()
        .flat_map(|c| match c.is_control() && c != '\t' {
            true => c.escape_default().collect::<Vec<_>>(),
            false => vec![c],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_marked_and_control_characters_are_escaped() {
        let printed = Printed {
            stdout: b"hello\nworld\n".to_vec(),
            stderr: b"\x1b[31mpanicked\r".to_vec(),
        };
        let mut out = Vec::new();
        show(&mut out, &printed).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "  [the component's stdout] hello\n  [the component's stdout] world\n  \
             [the component's stderr] \\u{1b}[31mpanicked\\r\n"
        );
    }
}
