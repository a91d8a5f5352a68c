//! The `fieldmatch` binary: parse the flags into a config, check where the
//! results go, analyze, render, write, and exit 0 (a field is suggested),
//! 1 (none qualifies) or 2 (error).

mod cli;
mod output;

use std::io::{ErrorKind, IsTerminal};
use std::process::ExitCode;

use std::path::PathBuf;

use clap::Parser;
use cli::Cli;
use fieldmatch::error::{EXIT_ERROR, EXIT_NO_SUGGESTION, EXIT_SUGGESTED};
use fieldmatch::report::Outcome;
use fieldmatch::{Config, Error, Format};
use output::Target;

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
    let targets = check_outputs(&config, &outputs)?;
    output::clean_up_on_signals();
    let analysis = fieldmatch::analyze(&config)?;
    let mut report = analysis.report;
    if let (Some(path), Some(target), Some(list)) =
        (&outputs.mapping, &targets.mapping, &analysis.worklist)
    {
        write_csv(target, path, |out| list.write_csv(out))?;
        report.mapping = Some(list.summary(&path.display().to_string()));
    }
    if let (Some(path), Some(target), Some(update), Some(list)) = (
        &outputs.update,
        &targets.update,
        &analysis.update,
        &analysis.worklist,
    ) {
        write_csv(target, path, |out| update.write_csv(out))?;
        report.update = Some(update.summary(&path.display().to_string(), list));
    }
    if let (Some(path), Some(target)) = (&outputs.attributes, &targets.attributes) {
        write_csv(target, path, |out| report.write_attributes_csv(out))?;
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
            || report.bridge.is_some()
            || (report.attributes.iter().any(|a| a.field.is_some())
                && outputs.attributes.is_none()))
    {
        eprintln!(
            "fieldmatch: note: the csv format holds the table of fields only; the setup checklist, --explain, the bridge, the data mapping (or --emit-attribute-mapping FILE) and the summaries of the work list and the update file are in the table, markdown, html and json formats"
        );
    }
    // Colour only for a person at a terminal, and never with NO_COLOR set.
    let to_terminal = targets.report == Target::Stdout && std::io::stdout().is_terminal();
    let color = to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // A person at a terminal gets the table fitted to its width.
    let width = (to_terminal && !outputs.wide)
        .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .flatten();
    let text = report.render_fitted(outputs.format, color, width);
    match (&targets.report, &outputs.report) {
        (Target::Stdout, _) | (_, None) => match output::write_stdout(text.as_bytes()) {
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
        (target, Some(path)) => output::write(target, path, text.as_bytes())?,
    }
    let code = if report.suggestion.is_some() {
        EXIT_SUGGESTED
    } else {
        EXIT_NO_SUGGESTION
    };
    // The process ends here, and its memory goes back whole: freeing the
    // report and the work list of a million companies piece by piece would
    // take a quarter of a second more.
    std::mem::forget((report, analysis.worklist, analysis.update));
    Ok(code)
}

/// Writes the CSV that `write` makes to `target`, whole or not at all.
fn write_csv(
    target: &Target,
    shown: &std::path::Path,
    write: impl FnOnce(&mut Vec<u8>) -> csv::Result<()>,
) -> Result<(), Error> {
    let mut bytes = Vec::new();
    write(&mut bytes).map_err(|e| Error::Output {
        path: shown.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    output::write(target, shown, &bytes)
}

/// Where each output goes.
struct Targets {
    report: Target,
    mapping: Option<Target>,
    update: Option<Target>,
    attributes: Option<Target>,
}

/// Decides where each output goes, and refuses, before anything is read,
/// one that cannot be written, would overwrite an input or another output,
/// or would share standard output with the report.
fn check_outputs(config: &Config, outputs: &cli::Outputs) -> Result<Targets, Error> {
    let resolve = |flag: &str, path: &Option<PathBuf>| -> Result<Option<Target>, Error> {
        let Some(path) = path else { return Ok(None) };
        let target = output::resolve(flag, path)?;
        if let Target::File { path: real, .. } | Target::InPlace(real) = &target
            && config.is_input(real)
        {
            return Err(Error::Usage(format!(
                "{flag} {} would overwrite an input; choose another file",
                path.display()
            )));
        }
        Ok(Some(target))
    };
    let report = resolve("--output", &outputs.report)?.unwrap_or(Target::Stdout);
    let mapping = resolve("--emit-mapping", &outputs.mapping)?;
    let update = resolve("--emit-update", &outputs.update)?;
    let attributes = resolve("--emit-attribute-mapping", &outputs.attributes)?;
    let named = [
        ("--output", Some(&report)),
        ("--emit-mapping", mapping.as_ref()),
        ("--emit-update", update.as_ref()),
        ("--emit-attribute-mapping", attributes.as_ref()),
    ];
    for (i, (flag, target)) in named.iter().enumerate() {
        let Some(target) = target else { continue };
        for (other, earlier) in &named[..i] {
            let Some(earlier) = earlier else { continue };
            let same = match (target, earlier) {
                (Target::Stdout, Target::Stdout) => true,
                (Target::File { path: a, .. }, Target::File { path: b, .. }) => {
                    fieldmatch::config::same_file(a, b)
                }
                _ => false,
            };
            if same {
                return Err(Error::Usage(if **target == Target::Stdout {
                    format!("{other} and {flag} both go to standard output; write one to a file")
                } else {
                    format!("{other} and {flag} name the same file; choose two")
                }));
            }
        }
    }
    Ok(Targets {
        report,
        mapping,
        update,
        attributes,
    })
}
