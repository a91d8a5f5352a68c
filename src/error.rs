//! The one error type of the library, and the exit codes the binary maps it to.
//!
//! Every error a user can cause names the file it concerns and, where there is
//! one, the line, and says what to do about it. Exit codes live here so that
//! the binary, the README and the tests agree on them.

use std::path::PathBuf;

/// A field reached `--min-rate` and is suggested.
pub const EXIT_SUGGESTED: i32 = 0;
/// The run worked, but no field reached `--min-rate`.
pub const EXIT_NO_SUGGESTION: i32 = 1;
/// A usage error, or input that cannot be read.
pub const EXIT_ERROR: i32 = 2;

/// Everything that stops a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A flag value or combination the run cannot use.
    #[error("{0}")]
    Usage(String),

    /// A file that cannot be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The input.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },

    /// A file that was read but cannot be used, with the line where that is known.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Input {
        /// The input.
        path: PathBuf,
        /// The line, where there is one.
        line: Option<u64>,
        /// What is wrong and what to do.
        message: String,
    },

    /// The report could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Output {
        /// The file being written.
        path: PathBuf,
        /// Why it could not be.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// An input error about `path` as a whole.
    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }

    /// An input error at one line of `path`.
    pub fn at_line(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            line: Some(line),
            message: message.into(),
        }
    }

    /// An I/O error while reading `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// A result whose error is the library's.
pub type Result<T, E = Error> = std::result::Result<T, E>;
