//! The READMEs' samples: every ` ```console ` block in them is a command and
//! the output it prints, and trycmd runs each command and compares. In a
//! sample, `...` on a line of its own stands for any lines and `[..]` for
//! the rest of a line: where output varies between runs or machines
//! (timings, cargo's progress), the READMEs say so and elide it.
//!
//! The commands need what `.ci/test` builds first (the tools in
//! target/tools, every implementation and composition), so this runs there:
//!
//! ```sh
//! cargo test -p runner --test samples -- --include-ignored
//! TRYCMD=overwrite cargo test -p runner --test samples -- --include-ignored   # to update them
//! ```
//!
//! Every relative link in the READMEs must lead to a file, or to a heading
//! of the page it names; every source file must open with what it is (the
//! tree, not a table in a README, is the map); and the READMEs stay short.
//! That needs nothing, so it always runs.

use std::path::{Path, PathBuf};

/// Every README of the project.
const READMES: &[&str] = &[
    "README.md",
    "wit/README.md",
    "component/README.md",
    "runner/README.md",
    "runner/tests/README.md",
    "runner/benches/README.md",
    "jco-demo/README.md",
    "interop/README.md",
    "interop/guests/go/README.md",
    "interop/guests/c/README.md",
    "interop/clients/README.md",
];

/// The page of reasons the READMEs point to: its links are checked too.
const DESIGN: &str = "wit/DESIGN.md";

/// The most lines the READMEs may hold between them: what, the command,
/// the steps, the output; the reasons are in [`DESIGN`] and the code.
const README_LINES: usize = 900;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The programs the samples run, by the name a sample calls them: cargo,
/// the tools `.ci/setup` builds, the venv's Python, npm, and the project's
/// own scripts.
fn programs(root: &Path) -> Vec<(&'static str, PathBuf)> {
    let tool = |variable: &str| {
        let path =
            std::env::var_os(variable).unwrap_or_else(|| panic!("{variable} is set by .ci/test"));
        PathBuf::from(path)
    };
    vec![
        ("cargo", PathBuf::from(env!("CARGO"))),
        ("wasmtime", tool("WASMTIME")),
        ("wac", tool("WAC")),
        ("python3", tool("VENV").join("bin/python3")),
        ("npm", on_path("npm")),
        ("wc", on_path("wc")),
        (".ci/bench", root.join(".ci/bench")),
        ("target/debug/c-host", root.join("target/debug/c-host")),
        (
            "interop/guests/go/build",
            root.join("interop/guests/go/build"),
        ),
        (
            "interop/guests/c/build",
            root.join("interop/guests/c/build"),
        ),
    ]
}

#[test]
#[ignore = "needs the tools and builds .ci/test makes first; .ci/test runs it"]
fn every_sample_is_what_its_command_prints() {
    let root = workspace();
    // The READMEs' commands run from the workspace root, as a reader runs them.
    std::env::set_current_dir(&root).unwrap();
    let programs = programs(&root);
    // trycmd skips a command whose program it does not know: make that a failure.
    let known = |command: &str| {
        let program = command.split(' ').next().unwrap();
        programs.iter().any(|(name, _)| *name == program)
    };
    let unknown: Vec<String> = READMES
        .iter()
        .flat_map(|readme| {
            commands(&root.join(readme))
                .into_iter()
                .filter(|command| !known(command))
                .map(move |command| format!("{readme}: $ {command}"))
        })
        .collect();
    assert!(
        unknown.is_empty(),
        "samples run programs this test does not know:\n{}",
        unknown.join("\n")
    );
    let cases = trycmd::TestCases::new();
    for (name, path) in programs {
        cases.register_bin(name, path);
    }
    // What the benchmark prints, measured in one short batch per row.
    cases.env("LINEAR_MEMORY_BENCH_QUICK", "1");
    for readme in READMES {
        cases.case(root.join(readme));
    }
}

/// The commands (after `$ `) of the ` ```console ` blocks of the page at `path`.
fn commands(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut in_console = false;
    let mut found = Vec::new();
    for line in text.lines() {
        match line {
            "```console" => in_console = true,
            "```" => in_console = false,
            line if in_console => found.extend(line.strip_prefix("$ ").map(String::from)),
            _ => {}
        }
    }
    found
}

/// Where `program` is on `PATH`.
fn on_path(program: &str) -> PathBuf {
    std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .unwrap_or_else(|| panic!("{program} is not on PATH"))
}

#[test]
fn every_relative_link_resolves() {
    let root = workspace();
    let mut broken = Vec::new();
    for readme in READMES.iter().chain([&DESIGN]) {
        let page = root.join(readme);
        let text = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{readme}: {e}"));
        for target in links(&text) {
            if target.starts_with("http://") || target.starts_with("https://") {
                continue;
            }
            let (file, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let linked = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            let found = linked.exists()
                && (anchor.is_empty() || anchors(&linked).contains(&anchor.to_string()));
            if !found {
                broken.push(format!("{readme}: {target}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links that lead nowhere:\n{}",
        broken.join("\n")
    );
}

/// The targets of the Markdown links `[text](target)` in `text`.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("](") {
        let after = &rest[start + 2..];
        let end = after.find(')').unwrap_or(after.len());
        found.push(after[..end].to_string());
        rest = &after[end..];
    }
    found
}

/// The anchors GitHub makes for the headings of the page at `path`:
/// lower case, spaces as hyphens, punctuation other than hyphens dropped.
fn anchors(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|line| line.starts_with('#'))
        .map(|line| {
            let heading = line.trim_start_matches('#').trim().to_lowercase();
            heading
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
                .map(|c| if c == ' ' { '-' } else { c })
                .collect()
        })
        .collect()
}

#[test]
fn the_readmes_stay_short() {
    let root = workspace();
    let lines: usize = READMES
        .iter()
        .map(|readme| {
            std::fs::read_to_string(root.join(readme))
                .unwrap()
                .lines()
                .count()
        })
        .sum();
    assert!(
        lines <= README_LINES,
        "the READMEs hold {lines} lines, more than {README_LINES}: move the reasons to {DESIGN} or the code"
    );
}

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
