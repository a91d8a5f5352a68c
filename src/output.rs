//! Writing the report: to standard output, or atomically to a file, so an
//! interrupted run leaves either the old file or the new one, never half.

use std::io::Write;
use std::path::Path;

use fieldmatch::error::{Error, Result};

/// Refuses, before any work, an output that cannot be written: a folder
/// that does not exist or cannot be written in, or a path that is a folder.
pub fn check_writable(flag: &str, path: &Path) -> Result<()> {
    let dir = folder_of(path);
    let refuse = |why: String| Err(Error::Usage(format!("{flag} {}: {why}", path.display())));
    if path.is_dir() {
        return refuse("is a folder; name a file in it".into());
    }
    if !dir.is_dir() {
        return refuse(format!(
            "the folder {} does not exist; create it, or name a file in an existing folder",
            dir.display()
        ));
    }
    // A file made and dropped at once says whether the folder takes files.
    if let Err(e) = tempfile::Builder::new()
        .prefix(".fieldmatch-")
        .tempfile_in(dir)
    {
        return refuse(format!("cannot write in {}: {}", dir.display(), plain(&e)));
    }
    Ok(())
}

/// The folder a file goes into.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// An I/O error without the temporary file's name, which means nothing to
/// the user: the message names their path instead.
fn plain(e: &std::io::Error) -> std::io::Error {
    std::io::Error::from(e.kind())
}

/// Writes `bytes` to `path` through a temporary file in the same directory.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |source: std::io::Error| Error::Output {
        path: path.to_path_buf(),
        source: plain(&source),
    };
    let dir = folder_of(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".fieldmatch-");
    // A report is an ordinary file: readable as the umask allows, not 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Writes `text` to standard output.
pub fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
