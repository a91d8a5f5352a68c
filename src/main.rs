//! The `fieldmatch` binary: parse the flags into a config, check where the
//! results go, analyze, render, write, and exit 0 (a field is suggested),
//! 1 (none qualifies) or 2 (error).

mod cli;
mod output;

use std::io::{ErrorKind, IsTerminal};
use std::process::ExitCode;

use clap::Parser;
use cli::Cli;
use fieldmatch::error::{EXIT_ERROR, EXIT_NO_SUGGESTION, EXIT_SUGGESTED};
use fieldmatch::report::Outcome;
use fieldmatch::{Config, Error, Format};

fn main() -> ExitCode {
    let code = match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fieldmatch: {e}");
            EXIT_ERROR
        }
    };
    ExitCode::from(code as u8)
}

fn run() -> Result<i32, Error> {
    let (config, outputs) = Cli::parse().into_config()?;
    check_outputs(&config, &outputs)?;
    let analysis = fieldmatch::analyze(&config)?;
    let mut report = analysis.report;
    if let (Some(path), Some(list)) = (&outputs.mapping, &analysis.worklist) {
        write_csv(path, |out| list.write_csv(out))?;
        report.mapping = Some(list.summary(&path.display().to_string()));
    }
    if let (Some(path), Some(update), Some(list)) =
        (&outputs.update, &analysis.update, &analysis.worklist)
    {
        write_csv(path, |out| update.write_csv(out))?;
        report.update = Some(update.summary(&path.display().to_string(), list));
    }
    let unmet = report
        .checks
        .iter()
        .any(|c| matches!(c.outcome, Outcome::Fail | Outcome::Warn));
    if outputs.format == Format::Csv
        && (unmet
            || report.explain.is_some()
            || report.mapping.is_some()
            || report.update.is_some()
            || report.bridge.is_some())
    {
        eprintln!(
            "fieldmatch: note: the csv format holds the table of fields only; the setup checklist, --explain, the bridge and the summaries of the work list and the update file are in the table, markdown, html and json formats"
        );
    }
    // Colour only for a person at a terminal, and never with NO_COLOR set.
    let color = outputs.report.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // A person at a terminal gets the table fitted to its width.
    let width = (outputs.report.is_none() && std::io::stdout().is_terminal() && !outputs.wide)
        .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .flatten();
    let text = report.render_fitted(outputs.format, color, width);
    match &outputs.report {
        Some(path) => output::write_file(path, text.as_bytes())?,
        None => match output::write_stdout(&text) {
            // A reader that stopped early (`| head`) is not an error.
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {}
            Err(e) => {
                return Err(Error::Output {
                    path: "<stdout>".into(),
                    source: e,
                });
            }
            Ok(()) => {}
        },
    }
    Ok(if report.suggestion.is_some() {
        EXIT_SUGGESTED
    } else {
        EXIT_NO_SUGGESTION
    })
}

/// Writes the CSV that `write` makes to `path`, whole or not at all.
fn write_csv(
    path: &std::path::Path,
    write: impl FnOnce(&mut Vec<u8>) -> csv::Result<()>,
) -> Result<(), Error> {
    let mut bytes = Vec::new();
    write(&mut bytes).map_err(|e| Error::Output {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    output::write_file(path, &bytes)
}

/// Refuses outputs that cannot be written, or would overwrite an input or
/// each other, before anything is read.
fn check_outputs(config: &Config, outputs: &cli::Outputs) -> Result<(), Error> {
    let named = [
        ("--output", &outputs.report),
        ("--emit-mapping", &outputs.mapping),
        ("--emit-update", &outputs.update),
    ];
    let named: Vec<_> = named
        .into_iter()
        .filter_map(|(flag, out)| out.as_ref().map(|o| (flag, o)))
        .collect();
    for (i, (flag, out)) in named.iter().enumerate() {
        output::check_writable(flag, out)?;
        if config.is_input(out) {
            return Err(Error::Usage(format!(
                "{flag} {} would overwrite an input; choose another file",
                out.display()
            )));
        }
        for (other, path) in &named[..i] {
            if fieldmatch::config::same_file(out, path) {
                return Err(Error::Usage(format!(
                    "{other} and {flag} name the same file; choose two"
                )));
            }
        }
    }
    Ok(())
}
