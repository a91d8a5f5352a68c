//! Writing the report: to standard output, or atomically to a file, so an
//! interrupted run leaves either the old file or the new one, never half.

use std::io::Write;
use std::path::Path;

use fieldmatch::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file in the same directory.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |source| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
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
