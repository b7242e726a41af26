//! The first line of every run: what the component is, and what it imports.

use std::io::{self, Write};
use std::path::Path;

/// The first line: what the component is, what it imports.
pub fn header(
    out: &mut impl Write,
    path: &Path,
    size: usize,
    what: &str,
    imports: &[String],
) -> io::Result<()> {
    let name = path.file_name().unwrap_or(path.as_os_str()).display();
    let imports = match imports {
        [] => "imports nothing".to_string(),
        names => format!("imports {} (granted nothing)", names.join(", ")),
    };
    writeln!(out, "Component: {name}, {size} bytes, {what}{imports}\n")
}
