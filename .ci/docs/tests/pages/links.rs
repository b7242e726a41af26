//! Every relative link in the READMEs (and the design page) leads to a
//! file, or to a heading of the page it names.

use std::path::Path;

use super::{DESIGN, READMES, workspace};

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
