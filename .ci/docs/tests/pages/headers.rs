//! Every source file opens with what it is: the tree, not a table in a
//! README, is the map.

use super::workspace;

/// Every source file the project tracks opens with a comment that says what
/// it is: a newcomer reads the tree, file by file, and needs no table.
#[test]
fn every_source_file_says_what_it_is() {
    let root = workspace();
    let listed = std::process::Command::new("git")
        .args(["ls-files", "*.rs", "*.js", "*.py", "*.go", "*.c", "*.h"])
        .current_dir(&root)
        .output()
        .expect("git lists the workspace's files");
    let unexplained: Vec<&str> = std::str::from_utf8(&listed.stdout)
        .unwrap()
        .lines()
        .filter(|file| {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            !opens_with_a_header(file, &text)
        })
        .collect();
    assert!(
        unexplained.is_empty(),
        "source files that do not open with what they are:\n{}",
        unexplained.join("\n")
    );
}

/// Whether `text`, the file `name`, opens with its language's header
/// comment: `//!` in Rust, a docstring in Python, a comment in JavaScript
/// and C, and in Go before or just after the `package` clause.
fn opens_with_a_header(name: &str, text: &str) -> bool {
    let first = |n: usize| text.lines().take(n).collect::<Vec<_>>();
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("rs") => text.starts_with("//!"),
        Some("py") => text.starts_with("\"\"\""),
        Some("js") => text.starts_with("//") || text.starts_with("/**"),
        Some("c" | "h") => text.starts_with("/*"),
        Some("go") => first(3).iter().any(|line| line.starts_with("//")),
        _ => false,
    }
}
