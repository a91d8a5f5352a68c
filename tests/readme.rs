//! The README's examples are real output: every `console` block is run, in
//! a scratch directory that sees the bundled `data/` and `tests/` as the
//! repository does, and what it prints must be what the README shows.
//!
//! A block holds commands (`$ fieldmatch ARGS`, or `$ head -N FILE` to show
//! a file a command wrote), each followed by its output.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

/// The `console` blocks of the README: (line of the block, its lines).
fn console_blocks(readme: &str) -> Vec<(usize, Vec<&str>)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, Vec<&str>)> = None;
    for (i, line) in readme.lines().enumerate() {
        match open.as_mut() {
            None if line == "```console" => open = Some((i + 1, Vec::new())),
            None => {}
            Some(_) if line == "```" => blocks.push(open.take().unwrap()),
            Some((_, lines)) => lines.push(line),
        }
    }
    blocks
}

/// What `command` prints, run in `dir`.
fn run(dir: &Path, command: &str) -> String {
    let words: Vec<&str> = command.split_whitespace().collect();
    match words.as_slice() {
        ["fieldmatch", args @ ..] => {
            let out = cargo_bin_cmd!("fieldmatch")
                .current_dir(dir)
                .env_remove("NO_COLOR")
                .args(args)
                .output()
                .unwrap();
            String::from_utf8(out.stdout).unwrap()
        }
        ["head", n, file] => {
            let n: usize = n.trim_start_matches('-').parse().unwrap();
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            text.lines().take(n).map(|l| format!("{l}\n")).collect()
        }
        _ => panic!("the README runs `{command}`, which this test cannot"),
    }
}

#[test]
fn every_console_example_is_what_the_tool_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let blocks = console_blocks(&readme);
    assert!(blocks.len() >= 3, "the README shows its examples");
    let dir = tempfile::TempDir::new().unwrap();
    for name in ["data", "tests"] {
        link(&root.join(name), &dir.path().join(name));
    }
    for (at, lines) in blocks {
        let mut i = 0;
        while i < lines.len() {
            let command = lines[i]
                .strip_prefix("$ ")
                .unwrap_or_else(|| panic!("README line {}: not a command", at + i + 1));
            let end = (i + 1..lines.len())
                .find(|&j| lines[j].starts_with("$ "))
                .unwrap_or(lines.len());
            let shown: String = lines[i + 1..end].iter().map(|l| format!("{l}\n")).collect();
            let printed = run(dir.path(), command);
            let trim = |s: &str| s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
            assert_eq!(
                trim(&shown),
                trim(&printed),
                "README line {}: `{command}` prints otherwise",
                at + i + 1
            );
            i = end;
        }
    }
}

#[cfg(unix)]
fn link(from: &Path, to: &Path) {
    std::os::unix::fs::symlink(from, to).unwrap();
}

#[cfg(not(unix))]
fn link(from: &Path, to: &Path) {
    std::os::windows::fs::symlink_dir(from, to).unwrap();
}
