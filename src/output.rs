//! Where the results go, decided and checked before any input is read, and
//! how they are written without harming what is there:
//!
//! - a regular file (new, or replaced) is written atomically, through a
//!   temporary file beside it that is renamed over it, so an interrupted run
//!   leaves the old file or the new one, never half; a replaced file keeps
//!   its permission bits, and a read-only one is refused;
//! - a symbolic link is followed, and its target written so;
//! - anything else (a device such as `/dev/null`, a FIFO, a socket,
//!   `/dev/stdout`) is written in place, as any tool writes to it, never
//!   replaced;
//! - `-` is standard output.
//!
//! A temporary file is removed if the run is interrupted (SIGINT, SIGTERM,
//! SIGHUP) while it is written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use fieldmatch::error::{Error, Result};

/// Where one output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output.
    Stdout,
    /// A regular file, new or to be replaced, written through a temporary
    /// file; `mode` is the permission bits an existing file keeps.
    File { path: PathBuf, mode: Option<u32> },
    /// A device, FIFO or socket, written in place.
    InPlace(PathBuf),
}

/// Decides where the output `path` of `flag` goes, and refuses, before any
/// work, one that cannot be written: a missing folder, a folder, a
/// read-only file, a folder that takes no files.
pub fn resolve(flag: &str, path: &Path) -> Result<Target> {
    if path == Path::new("-") {
        return Ok(Target::Stdout);
    }
    let refuse = |why: String| Err(Error::Usage(format!("{flag} {}: {why}", path.display())));
    // A link is followed: its target is what gets written.
    let real = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match path.canonicalize() {
            Ok(target) => target,
            Err(_) => return refuse("is a link to nothing; name a file".into()),
        },
        _ => path.to_path_buf(),
    };
    match std::fs::metadata(&real) {
        Ok(m) if m.is_dir() => refuse("is a folder; name a file in it".into()),
        Ok(m) if !m.is_file() => Ok(Target::InPlace(real)),
        Ok(m) if m.permissions().readonly() => {
            refuse("is read-only; fieldmatch does not replace it. Name another file".into())
        }
        Ok(m) => {
            writable_folder(flag, path, folder_of(&real))?;
            Ok(Target::File {
                mode: mode_of(&m),
                path: real,
            })
        }
        Err(_) => {
            writable_folder(flag, path, folder_of(&real))?;
            Ok(Target::File {
                path: real,
                mode: None,
            })
        }
    }
}

/// Refuses a folder that does not exist or takes no files.
fn writable_folder(flag: &str, path: &Path, dir: &Path) -> Result<()> {
    let refuse = |why: String| Err(Error::Usage(format!("{flag} {}: {why}", path.display())));
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

#[cfg(unix)]
fn mode_of(m: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn mode_of(_: &std::fs::Metadata) -> Option<u32> {
    None
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

/// The temporary files being written, removed if the run is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the temporary files being written and ends the run, on SIGINT,
/// SIGTERM or SIGHUP; a run killed outright (SIGKILL) still leaves no
/// partial output, only possibly a temporary file.
pub fn clean_up_on_signals() {
    let _ = ctrlc::set_handler(|| {
        if let Ok(pending) = PENDING.lock() {
            for path in pending.iter() {
                let _ = std::fs::remove_file(path);
            }
        }
        std::process::exit(130);
    });
}

/// Writes `bytes` where `target` says; `shown` is the path as the user
/// gave it, for messages.
pub fn write(target: &Target, shown: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |source: std::io::Error| Error::Output {
        path: shown.to_path_buf(),
        source: plain(&source),
    };
    match target {
        Target::Stdout => write_stdout(bytes).map_err(fail),
        Target::InPlace(path) => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(fail)?;
            file.write_all(bytes).map_err(fail)?;
            file.flush().map_err(fail)
        }
        Target::File { path, mode } => {
            let mut builder = tempfile::Builder::new();
            builder.prefix(".fieldmatch-");
            // A new file is an ordinary one, readable as the umask allows,
            // not 0600; a replaced one keeps its bits.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                builder.permissions(std::fs::Permissions::from_mode(mode.unwrap_or(0o666)));
            }
            let mut tmp = builder.tempfile_in(folder_of(path)).map_err(fail)?;
            let tmp_path = tmp.path().to_path_buf();
            if let Ok(mut pending) = PENDING.lock() {
                pending.push(tmp_path.clone());
            }
            let written = (|| {
                tmp.write_all(bytes)?;
                tmp.as_file().sync_all()?;
                // The umask applied to a replaced file's bits: set them again.
                #[cfg(unix)]
                if let Some(mode) = mode {
                    use std::os::unix::fs::PermissionsExt;
                    tmp.as_file()
                        .set_permissions(std::fs::Permissions::from_mode(*mode))?;
                }
                tmp.persist(path).map(|_| ()).map_err(|e| e.error)
            })();
            if let Ok(mut pending) = PENDING.lock() {
                pending.retain(|p| *p != tmp_path);
            }
            written.map_err(fail)
        }
    }
}

/// Writes `bytes` to standard output.
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}
