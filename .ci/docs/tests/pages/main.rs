//! The project's pages, checked: the READMEs' samples are what their
//! commands print (`samples.rs`), their links resolve (`links.rs`), their
//! lists of implementations and hosts are the real ones (`lists.rs`), every
//! source file opens with what it is (`headers.rs`), and the READMEs stay
//! short. One test binary, as the runner's `tests/all`.
//!
//! ```sh
//! cargo test -p docs-checks                          # all but the samples
//! cargo test -p docs-checks -- --include-ignored     # and the samples, after .ci/test's builds
//! ```

mod headers;
mod links;
mod lists;
mod samples;

use std::path::{Path, PathBuf};

/// Every README of the project.
pub const READMES: &[&str] = &[
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
pub const DESIGN: &str = "wit/DESIGN.md";

/// The most lines the READMEs may hold between them: what, the command,
/// the steps, the output; the reasons are in [`DESIGN`] and the code. A
/// budget that grows only with a feature's own section (`--invoke`'s map
/// and its measured cost took it from 900), never with reasons a README
/// should not hold.
const README_LINES: usize = 960;

/// The workspace's root.
pub fn workspace() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).to_path_buf()
}

/// The text of the page at `page`, relative to the workspace.
pub fn page(page: &str) -> String {
    std::fs::read_to_string(workspace().join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

#[test]
fn the_readmes_stay_short() {
    let lines: usize = READMES
        .iter()
        .map(|readme| page(readme).lines().count())
        .sum();
    assert!(
        lines <= README_LINES,
        "the READMEs hold {lines} lines, more than {README_LINES}: move the reasons to {DESIGN} or the code"
    );
}
