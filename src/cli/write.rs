//! Writing a plan file safely: the only place redline writes a user's file.
//!
//! - Atomic: the text goes to a temporary file in the target's folder,
//!   which is flushed to disk, renamed over the target, and the folder
//!   flushed, so the plan is always the old one or the new one.
//! - The target's mode (and, where the process may, its owner) is kept.
//! - A symbolic link is written through: its target is replaced and the
//!   link stays a link.
//! - A read-only file, or one with other hard links (which a rename would
//!   split from it), is refused unless `--force`; with `--force` a
//!   hard-linked file is rewritten in place, so every link sees the change.
//! - `--out` writes only a new path, or with `--force` over a regular file;
//!   never over a FIFO, a device, a socket or a symbolic link.
//! - Temporary files are named `.NAME.redline-tmp-PID`; one left by a
//!   killed run is removed by the next write to that folder (when its
//!   process is gone), and `lint` reports any it finds.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a plan was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The target exists and `--out` does not overwrite without `--force`.
    Exists,
    /// The target exists and is not a regular file.
    NotRegular,
    /// The target is read-only.
    ReadOnly,
    /// The target has other hard links.
    HardLinked(u64),
    /// The system refused.
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists => f.write_str("the file exists"),
            WriteError::NotRegular => f.write_str("it is not a regular file"),
            WriteError::ReadOnly => f.write_str("the file is read-only"),
            WriteError::HardLinked(n) => write!(f, "the file has {n} hard links"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl WriteError {
    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            WriteError::Exists => "nothing was written; pass --force to overwrite it, or choose a new path",
            WriteError::NotRegular => "nothing was written; --out writes a new file or, with --force, over a regular file",
            WriteError::ReadOnly => "nothing was written; pass --force to write it all the same",
            WriteError::HardLinked(_) => "nothing was written: replacing it would split it from its other names; pass --force to rewrite it in place",
            WriteError::Io(_) => "nothing was written",
        }
    }
}

const TEMP_MARK: &str = ".redline-tmp-";

/// The temporary file for `target` in this process.
fn temp_for(target: &Path) -> PathBuf {
    let dir = folder(target);
    let name = target.file_name().map_or_else(
        || "plan.toml".to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    dir.join(format!(".{name}{TEMP_MARK}{}", std::process::id()))
}

fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether the process `pid` is still running (Linux: `/proc/PID`).
fn alive(pid: u32) -> bool {
    pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
}

/// Temporary files left in `dir` by redline runs that are gone.
pub fn stale_temps(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let pid: u32 = name.rsplit_once(TEMP_MARK)?.1.parse().ok()?;
            (name.starts_with('.') && !alive(pid)).then(|| e.path())
        })
        .collect();
    out.sort();
    out
}

/// Write `text` to `target`; `new_only` for `--out`.
pub fn write_plan(
    target: &Path,
    text: &str,
    new_only: bool,
    force: bool,
) -> Result<(), WriteError> {
    // What the path is now, without following a link.
    let link = std::fs::symlink_metadata(target).ok();
    let real = match &link {
        Some(m) if m.file_type().is_symlink() => {
            if new_only {
                return Err(WriteError::NotRegular);
            }
            std::fs::canonicalize(target).map_err(WriteError::Io)?
        }
        _ => target.to_path_buf(),
    };
    let existing = std::fs::metadata(&real).ok();
    if let Some(m) = &existing {
        if !m.is_file() {
            return Err(WriteError::NotRegular);
        }
        if new_only && !force {
            return Err(WriteError::Exists);
        }
        if m.permissions().readonly() && !force {
            return Err(WriteError::ReadOnly);
        }
    }
    #[cfg(unix)]
    if let Some(m) = &existing {
        use std::os::unix::fs::MetadataExt as _;
        if m.nlink() > 1 {
            if !force {
                return Err(WriteError::HardLinked(m.nlink()));
            }
            return in_place(&real, text).map_err(WriteError::Io);
        }
    }
    for stale in stale_temps(&folder(&real)) {
        let _ = std::fs::remove_file(stale);
    }
    let tmp = temp_for(&real);
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        if let Some(m) = &existing {
            f.set_permissions(m.permissions())?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt as _;
                // Keep the owner where the process may (as root, say).
                let _ = std::os::unix::fs::fchown(&f, Some(m.uid()), Some(m.gid()));
            }
        }
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, &real)?;
        // The rename itself reaches the disk with the folder.
        if let Ok(d) = std::fs::File::open(folder(&real)) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(WriteError::Io)
}

/// Rewrite `path` in place (for a file with other hard links).
fn in_place(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}
