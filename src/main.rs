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
    if outputs.format == Format::Csv && (config.explain.is_some() || outputs.mapping.is_some()) {
        eprintln!(
            "fieldmatch: note: the csv format holds the table of fields only; --explain and the mapping summary are in the table, markdown, html and json formats"
        );
    }
    let analysis = fieldmatch::analyze(&config)?;
    let mut report = analysis.report;
    if let Some(path) = &outputs.mapping {
        match &analysis.worklist {
            Some(list) => {
                let mut bytes = Vec::new();
                list.write_csv(&mut bytes).map_err(|e| Error::Output {
                    path: path.clone(),
                    source: std::io::Error::other(e),
                })?;
                output::write_file(path, &bytes)?;
                report.mapping = Some(list.summary(&path.display().to_string()));
            }
            None => report.warnings.push(format!(
                "no field is suggested, so no mapping was written to {}; name the field to map with --field.",
                path.display()
            )),
        }
    }
    // Colour only for a person at a terminal, and never with NO_COLOR set.
    let color = outputs.report.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = report.render(outputs.format, color);
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

/// Refuses outputs that would overwrite an input or each other, before
/// anything is read.
fn check_outputs(config: &Config, outputs: &cli::Outputs) -> Result<(), Error> {
    for (flag, out) in [
        ("--output", &outputs.report),
        ("--emit-mapping", &outputs.mapping),
    ] {
        if let Some(out) = out {
            if config.is_input(out) {
                return Err(Error::Usage(format!(
                    "{flag} {} would overwrite an input; choose another file",
                    out.display()
                )));
            }
        }
    }
    if let (Some(a), Some(b)) = (&outputs.report, &outputs.mapping) {
        if fieldmatch::config::same_file(a, b) {
            return Err(Error::Usage(
                "--output and --emit-mapping name the same file; choose two".into(),
            ));
        }
    }
    Ok(())
}
