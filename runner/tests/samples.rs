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
//! of the page it names, and every table of a part's files must list each
//! of them; that needs nothing, so it always runs.

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
    "interop/clients/README.md",
];

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
        (
            "interop/guests/go/build",
            root.join("interop/guests/go/build"),
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
    for readme in READMES {
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

/// Each README with a table of its part's files, and the folders (beside
/// it) whose every source file that table must link to.
const LAYOUTS: &[(&str, &[&str])] = &[
    ("component/README.md", &["src", "streams/src"]),
    ("runner/README.md", &["src", "host", "oracle"]),
    ("runner/tests/README.md", &["all"]),
    ("runner/benches/README.md", &["costs"]),
    ("jco-demo/README.md", &["src"]),
];

/// Every layout table matches the tree: a file added, moved or renamed
/// without its README's table saying so fails here.
#[test]
fn every_layout_table_lists_every_source_file() {
    let root = workspace();
    let mut missing = Vec::new();
    for (readme, dirs) in LAYOUTS {
        let page = root.join(readme);
        let listed = links(&std::fs::read_to_string(&page).unwrap());
        let part = page.parent().unwrap();
        for dir in *dirs {
            for file in source_files(&part.join(dir)) {
                let relative = file.strip_prefix(part).unwrap().to_str().unwrap();
                if !listed.iter().any(|target| target == relative) {
                    missing.push(format!("{readme}: {relative}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "layout tables that do not list a file:\n{}",
        missing.join("\n")
    );
}

/// The `.rs` and `.js` files under `dir`, at any depth.
fn source_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(source_files(&path));
        } else if path
            .extension()
            .is_some_and(|ext| ext == "rs" || ext == "js")
        {
            found.push(path);
        }
    }
    found
}
