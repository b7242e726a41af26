//! The READMEs' samples: every ` ```console ` block in them is a command and
//! the output it prints, and trycmd runs each command and compares. In a
//! sample, `...` on a line of its own stands for any lines and `[..]` for
//! the rest of a line: where output varies between runs or machines
//! (timings, cargo's progress), the READMEs say so and elide it.
//!
//! The commands need what `.ci/test` builds first (the tools in
//! target/tools, every implementation and composition, the lying components
//! `cargo test -p runner` writes), so this runs there:
//!
//! ```sh
//! cargo test -p docs-checks samples -- --include-ignored
//! TRYCMD=overwrite cargo test -p docs-checks samples -- --include-ignored   # to update them
//! ```

use std::path::{Path, PathBuf};

use super::{READMES, workspace};

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
