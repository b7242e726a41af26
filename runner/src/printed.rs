//! What a component printed during a call, shown in the lesson's output
//! where it happened: a guest that logs, or panics, is seen doing it.

use std::io::{self, Write};

use linear_memory_host::Printed;

/// The most lines shown of what one call printed to one stream: a
/// component that floods its output does not flood the lesson's.
const MOST_LINES: usize = 20;

/// Writes each line the component printed, marked with the stream it went
/// to, up to [`MOST_LINES`] a stream and then how many more there were.
/// Control characters are shown escaped, so a component's output cannot
/// move the cursor or recolour the terminal.
pub fn show(out: &mut impl Write, printed: &Printed) -> io::Result<()> {
    for (stream, bytes) in [("stdout", &printed.stdout), ("stderr", &printed.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let mut lines = text.lines();
        for line in lines.by_ref().take(MOST_LINES) {
            writeln!(
                out,
                "  [the component's {stream}] {}",
                without_controls(line)
            )?;
        }
        let more = lines.count();
        if more > 0 {
            writeln!(
                out,
                "  [the component's {stream}] ... and {more} more lines"
            )?;
        }
    }
    Ok(())
}

/// `line` with its control characters escaped (`\u{1b}`, `\r`, ...): what
/// a component prints is untrusted, and a terminal would obey them.
pub fn without_controls(line: &str) -> String {
    line.chars()
        .map(|c| match c.is_control() {
            true => c.escape_debug().to_string(),
            false => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(printed: Printed) -> String {
        let mut out = Vec::new();
        show(&mut out, &printed).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn each_line_is_marked_and_control_characters_are_escaped() {
        let printed = Printed {
            stdout: b"hello\nworld\n".to_vec(),
            stderr: b"\x1b[31mpanicked\r".to_vec(),
        };
        assert_eq!(
            shown(printed),
            "  [the component's stdout] hello\n  [the component's stdout] world\n  \
             [the component's stderr] \\u{1b}[31mpanicked\\r\n"
        );
    }

    #[test]
    fn a_flood_is_cut_to_the_first_lines_and_a_count() {
        let stdout = (0..MOST_LINES + 5)
            .map(|i| format!("line {i}\n"))
            .collect::<String>();
        let printed = Printed {
            stdout: stdout.into_bytes(),
            stderr: Vec::new(),
        };
        let text = shown(printed);
        assert_eq!(text.lines().count(), MOST_LINES + 1, "{text}");
        assert!(
            text.contains(&format!("line {}\n", MOST_LINES - 1)),
            "{text}"
        );
        assert!(!text.contains(&format!("line {}\n", MOST_LINES)), "{text}");
        assert!(
            text.ends_with("  [the component's stdout] ... and 5 more lines\n"),
            "{text}"
        );
    }
}
