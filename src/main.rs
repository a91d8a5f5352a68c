//! The `fieldmatch` binary: parse flags, run, print the report or one error,
//! and exit 0 (a field is suggested), 1 (none qualifies) or 2 (error).

use std::io::{ErrorKind, IsTerminal};
use std::process::ExitCode;

use clap::Parser;
use fieldmatch::cli::Cli;
use fieldmatch::error::{EXIT_ERROR, EXIT_NO_SUGGESTION, EXIT_SUGGESTED};
use fieldmatch::progress::Progress;
use fieldmatch::{Config, Error, output};

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
    let config = Config::from_cli(Cli::parse())?;
    let report = fieldmatch::analyze(&config, Progress::new(config.progress))?;
    // Colour only for a person at a terminal, and never with NO_COLOR set.
    let color = config.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = report.render(config.format, color);
    match &config.output {
        Some(path) => output::write_file(path, &text)?,
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
