//! The READMEs' lists of implementations and hosts are the real ones: the
//! implementations `interop/build` makes (its `implementations=(...)`, the
//! manifest every host's tests read), and the hosts that exist (the Rust
//! runner, Node and Chromium through jco, each directory of
//! `interop/hosts/`).
//!
//! Where a paragraph of a README lists them all, it carries a marker,
//! `<!-- every implementation -->` or `<!-- every host -->` (invisible on
//! the rendered page), and must then name each one. A paragraph that names
//! three or more of them, and says it is about implementations or hosts,
//! without the marker fails too: a list that is not checked goes stale. The
//! interop matrix is checked cell by cell: a column per implementation, a
//! row per host.

use super::{READMES, page, workspace};

const EVERY_IMPLEMENTATION: &str = "<!-- every implementation -->";
const EVERY_HOST: &str = "<!-- every host -->";

/// How the READMEs name each implementation of the manifest.
fn implementation_name(manifest_name: &str) -> &'static str {
    match manifest_name {
        "rust" => "Rust",
        "rust-cargo-component" => "cargo-component",
        "go" => "Go",
        "c" => "C",
        other => panic!("interop/build makes {other}: give the READMEs' name for it here"),
    }
}

/// The implementations `interop/build` makes, in its order.
fn implementations() -> Vec<String> {
    let build = page("interop/build");
    let line = build
        .lines()
        .find_map(|line| line.strip_prefix("implementations=("))
        .expect("interop/build lists its implementations");
    let names = line.strip_suffix(')').expect("on one line");
    names.split_whitespace().map(String::from).collect()
}

/// The hosts that exist, by the name the READMEs give each, and where its
/// tests are: the runner, jco's two, and one per `interop/hosts/` directory.
fn hosts() -> Vec<(&'static str, String)> {
    let mut hosts = vec![
        ("Rust", "runner/tests".to_string()),
        ("Node", "jco-demo/test".to_string()),
        ("Chromium", "jco-demo/test/browser.test.js".to_string()),
    ];
    let dir = workspace().join("interop/hosts");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .expect("interop/hosts/")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    for host in found {
        let name = match host.as_str() {
            "c" => "C",
            "python" => "Python",
            "wasmtime-cli" => "wasmtime CLI",
            other => panic!("interop/hosts/{other}: give the READMEs' name for it here"),
        };
        hosts.push((name, format!("interop/hosts/{host}")));
    }
    hosts
}

/// Whether `line` names `name`: as a word ("C" inside "CLI" is not "C").
fn names(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + name.len()..].chars().next();
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
        !letter(before) && !letter(after)
    })
}

#[test]
fn every_list_of_implementations_is_the_manifests() {
    let all: Vec<&str> = implementations()
        .iter()
        .map(|name| implementation_name(name))
        .collect();
    check_lists(EVERY_IMPLEMENTATION, "implement", &all);
}

#[test]
fn every_list_of_hosts_is_the_hosts_that_exist() {
    let all: Vec<&str> = hosts().iter().map(|(name, _)| *name).collect();
    check_lists(EVERY_HOST, "host", &all);
}

/// The paragraphs of a page's prose, by the line each starts on, with its
/// lines joined: code blocks and tables left out (the matrix is checked on
/// its own).
fn paragraphs(text: &str) -> Vec<(usize, String)> {
    let mut found: Vec<(usize, String)> = Vec::new();
    let (mut in_code, mut current) = (false, None::<(usize, String)>);
    for (number, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if in_code || line.trim().is_empty() || line.starts_with('|') || line.starts_with("```") {
            found.extend(current.take());
            continue;
        }
        let (_, text) = current.get_or_insert((number + 1, String::new()));
        text.push(' ');
        text.push_str(line);
    }
    found.extend(current);
    found
}

/// In every README: each paragraph marked `marker` names every one of
/// `all`; a paragraph about `topic` that names three or more of them
/// carries the marker.
fn check_lists(marker: &str, topic: &str, all: &[&str]) {
    let mut wrong = Vec::new();
    let mut marked = 0;
    for readme in READMES {
        for (number, paragraph) in paragraphs(&page(readme)) {
            let named: Vec<&str> = all
                .iter()
                .copied()
                .filter(|n| names(&paragraph, n))
                .collect();
            let place = format!("{readme}:{number}");
            if paragraph.contains(marker) {
                marked += 1;
                let missing: Vec<&&str> = all.iter().filter(|n| !named.contains(n)).collect();
                if !missing.is_empty() {
                    wrong.push(format!("{place} leaves out {missing:?}"));
                }
            } else if named.len() >= 3 && paragraph.to_lowercase().contains(topic) {
                wrong.push(format!("{place} lists {named:?} without {marker}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "lists that are not the real one:\n{}",
        wrong.join("\n")
    );
    assert!(
        marked > 0,
        "no README line is marked {marker}: is the marker spelled as here?"
    );
}

/// The interop matrix: its columns are the manifest's implementations, in
/// order, and its rows the hosts that exist, each tested where it says.
#[test]
fn the_interop_matrix_has_a_column_per_implementation_and_a_row_per_host() {
    let readme = page("interop/README.md");
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|line| !line.starts_with("## 2. The matrix"))
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .collect();
    let cells = |line: &str| -> Vec<String> {
        let inner = line.trim().trim_matches('|');
        inner
            .split('|')
            .map(|cell| cell.trim().to_string())
            .collect()
    };
    let header = cells(table[0]);
    let columns: Vec<String> = header[1..header.len() - 1]
        .iter()
        .map(|cell| cell.split('`').nth(1).unwrap_or(cell).to_string())
        .collect();
    assert_eq!(columns, implementations(), "the matrix's columns");
    let rows: Vec<Vec<String>> = table[2..].iter().map(|line| cells(line)).collect();
    for (name, tests) in hosts() {
        let row = rows.iter().find(|row| {
            let tested_by = row.last().unwrap();
            names(&row[0], name) && tested_by.contains(tests.trim_start_matches("interop/"))
        });
        assert!(
            row.is_some(),
            "the matrix has no row for {name} tested in {tests}"
        );
    }
    for row in &rows {
        assert_eq!(row.len(), header.len(), "a cell per column: {row:?}");
    }
}
