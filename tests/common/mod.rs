//! Helpers shared by the integration tests: a scratch directory, the binary, and JSON reports.

#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use tempfile::TempDir;

/// A scratch directory to write exports into and run the binary in.
pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: TempDir::new().unwrap(),
        }
    }

    pub fn write(&self, name: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    /// The binary, run inside the scratch directory, with no progress output.
    pub fn cmd(&self) -> Command {
        let mut cmd = cargo_bin_cmd!("fieldmatch");
        cmd.current_dir(self.dir.path()).arg("--quiet");
        cmd
    }

    /// Runs with `args`; returns what it printed on standard output.
    pub fn stdout(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs with `args` and `--format json`; returns the exit code and report.
    pub fn json(&self, args: &[&str]) -> (i32, Value) {
        let out = self
            .cmd()
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        let report = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"));
        (out.status.code().unwrap(), report)
    }
}

/// The names of the listed fields, best first.
pub fn field_names(report: &Value) -> Vec<String> {
    report["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect()
}

/// The listed field named `name`.
pub fn field<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {:?}", field_names(report)))
}

/// The check named `name` of a JSON report's checklist.
#[allow(dead_code)]
pub fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no check {name}: {}", report["checks"]))
}

/// Proptest's settings with `default` cases, unless `PROPTEST_CASES` asks
/// for another number (a long fuzz run).
#[allow(dead_code)]
pub fn cases(default: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    proptest::test_runner::Config {
        cases,
        ..proptest::test_runner::Config::default()
    }
}
