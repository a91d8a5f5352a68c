//! Opening an input: a file or standard input, as a byte stream with its size
//! when known (for progress), and errors that name the file.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::config::is_stdin;
use crate::error::{Error, Result};

/// An opened input.
pub struct Source {
    /// The path as the user gave it; `-` is standard input.
    pub path: PathBuf,
    /// Bytes on disk, when the input is a regular file.
    pub len: Option<u64>,
    pub reader: Box<dyn Read + Send>,
}

impl Source {
    /// Opens `path`, or standard input for `-`.
    pub fn open(path: &Path) -> Result<Source> {
        if is_stdin(path) {
            return Ok(Source {
                path: path.to_path_buf(),
                len: None,
                reader: Box::new(io::stdin()),
            });
        }
        let meta = std::fs::metadata(path).map_err(|e| not_readable(path, e))?;
        if meta.is_dir() {
            return Err(Error::input(
                path,
                "is a directory; give the path of a CSV export file",
            ));
        }
        let file = File::open(path).map_err(|e| not_readable(path, e))?;
        Ok(Source {
            path: path.to_path_buf(),
            len: Some(meta.len()),
            reader: Box::new(file),
        })
    }

    /// The name used in messages and reports.
    pub fn name(&self) -> String {
        if is_stdin(&self.path) {
            "<stdin>".to_string()
        } else {
            self.path.display().to_string()
        }
    }
}

fn not_readable(path: &Path, e: io::Error) -> Error {
    let what = match e.kind() {
        io::ErrorKind::NotFound => "no such file; check the path".to_string(),
        io::ErrorKind::PermissionDenied => {
            "permission denied; check that you may read this file".to_string()
        }
        _ => return Error::io(path, e),
    };
    Error::Input {
        path: PathBuf::from(path),
        line: None,
        message: what,
    }
}
