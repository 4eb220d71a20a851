//! Writing a plan file safely: the only place redline writes a user's file.
//!
//! - Atomic: the text goes to a temporary file in the target's folder,
//!   which is flushed to disk, renamed over the target, and the folder
//!   flushed, so the plan is always the old one or the new one.
//! - The target's mode (and, where the process may, its owner) is kept.
//! - A symbolic link is written through: its target is replaced and the
//!   link stays a link.
//! - A read-only file, or one with other hard links (which a rename would
//!   split from it), is refused unless `--force`; with `--force` it is
//!   replaced the same atomic way (a hard link's other names keep the old
//!   text, and the caller says so), never rewritten in place, which a kill
//!   would leave cut.
//! - Writers are serialised: each takes an exclusive lock on the folder,
//!   then reads the plan again, and refuses if it is no longer the text the
//!   amendment was made from (another writer's amendment is never lost).
//! - SIGINT and SIGTERM while the temporary file exists remove it before
//!   the process ends.
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
    /// The target changed after redline read it: another writer's
    /// amendment, which this one would overwrite.
    Changed,
    /// A signal (SIGINT, SIGTERM) arrived while writing; nothing was written.
    Interrupted,
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
            WriteError::Changed => {
                f.write_str("the file changed after redline read it (another writer's amendment?)")
            }
            WriteError::Interrupted => f.write_str("interrupted by a signal"),
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
            WriteError::HardLinked(_) => "nothing was written: replacing it would split it from its other names, which keep the old text; pass --force to replace it all the same",
            WriteError::Changed => "nothing was written, so the other amendment stands; run the command again to amend the plan as it is now",
            WriteError::Interrupted => "nothing was written, and the temporary file was removed",
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

/// What a write did besides writing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Other hard links of the replaced file, which keep its old text.
    pub links_kept_old: u64,
}

/// Write `text` to `target`; `new_only` for `--out`. `base` is the text the
/// amendment was made from: if the file no longer holds it, nothing is
/// written ([`WriteError::Changed`]).
pub fn write_plan(
    target: &Path,
    text: &str,
    base: Option<&str>,
    new_only: bool,
    force: bool,
) -> Result<Written, WriteError> {
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
    // One writer at a time in a folder: the lock is released when `_lock`
    // is dropped, or the process ends.
    let _lock = lock_folder(&folder(&real)).map_err(WriteError::Io)?;
    let existing = std::fs::metadata(&real).ok();
    let mut written = Written::default();
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
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            if m.nlink() > 1 {
                if !force {
                    return Err(WriteError::HardLinked(m.nlink()));
                }
                written.links_kept_old = m.nlink() - 1;
            }
        }
    }
    if let Some(base) = base {
        let now = std::fs::read_to_string(&real).map_err(WriteError::Io)?;
        if now != base {
            return Err(WriteError::Changed);
        }
    }
    for stale in stale_temps(&folder(&real)) {
        let _ = std::fs::remove_file(stale);
    }
    let tmp = temp_for(&real);
    let signals = Signals::catch();
    let result = (|| -> Result<(), WriteError> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(WriteError::Io)?;
        f.write_all(text.as_bytes()).map_err(WriteError::Io)?;
        if let Some(m) = &existing {
            f.set_permissions(m.permissions()).map_err(WriteError::Io)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt as _;
                // Keep the owner where the process may (as root, say).
                let _ = std::os::unix::fs::fchown(&f, Some(m.uid()), Some(m.gid()));
            }
        }
        f.sync_all().map_err(WriteError::Io)?;
        drop(f);
        if signals.caught() {
            return Err(WriteError::Interrupted);
        }
        std::fs::rename(&tmp, &real).map_err(WriteError::Io)?;
        // The rename itself reaches the disk with the folder.
        if let Ok(d) = std::fs::File::open(folder(&real)) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    // A signal that came during the write ends the process now, as it
    // would have, with the temporary file gone.
    signals.release();
    result.map(|()| written)
}

/// An exclusive advisory lock on a folder (`flock`), held while the
/// returned file is open.
fn lock_folder(dir: &Path) -> std::io::Result<std::fs::File> {
    let f = std::fs::File::open(dir)?;
    f.lock()?;
    Ok(f)
}

/// SIGINT and SIGTERM caught for the length of a write: they set a flag
/// instead of ending the process, so that the temporary file is removed
/// first; [`Signals::release`] restores them and, if one came, ends the
/// process as the signal would have.
struct Signals {
    flag: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ids: Vec<(i32, signal_hook::SigId)>,
    got: std::sync::Arc<std::sync::atomic::AtomicI32>,
}

impl Signals {
    fn catch() -> Signals {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let got = std::sync::Arc::new(std::sync::atomic::AtomicI32::new(0));
        let mut ids = Vec::new();
        for sig in [SIGINT, SIGTERM] {
            let (f, g) = (flag.clone(), got.clone());
            // SAFETY: the action only stores into atomics, which is
            // async-signal-safe.
            #[allow(unsafe_code)]
            let id = unsafe {
                signal_hook::low_level::register(sig, move || {
                    g.store(sig, std::sync::atomic::Ordering::SeqCst);
                    f.store(true, std::sync::atomic::Ordering::SeqCst);
                })
            };
            if let Ok(id) = id {
                ids.push((sig, id));
            }
        }
        Signals { flag, ids, got }
    }

    fn caught(&self) -> bool {
        self.flag.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn release(self) {
        for (_, id) in &self.ids {
            signal_hook::low_level::unregister(*id);
        }
        let sig = self.got.load(std::sync::atomic::Ordering::SeqCst);
        if sig != 0 {
            let _ = signal_hook::low_level::emulate_default_handler(sig);
        }
    }
}

/// Why a file of `init` or `schema` was not written.
#[derive(Debug)]
pub enum NewFileError {
    /// A symbolic link on the way to the file, or the file itself is one:
    /// writing would follow it (out of the workspace, perhaps).
    Symlink(PathBuf),
    /// The file exists, and this write never overwrites.
    Exists(PathBuf),
    /// The system refused.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for NewFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewFileError::Symlink(p) => write!(
                f,
                "`{}` is a symbolic link, and redline does not write through one",
                p.display()
            ),
            NewFileError::Exists(p) => write!(f, "`{}` already exists", p.display()),
            NewFileError::Io(p, e) => write!(f, "cannot write `{}`: {e}", p.display()),
        }
    }
}

/// The first entry on the way from `root` to `root/rel` (the target
/// included) that is a symbolic link, if any. `root` itself, named by the
/// user, may be one.
pub fn symlink_on_the_way(root: &Path, rel: &Path) -> Option<PathBuf> {
    let mut at = root.to_path_buf();
    for c in rel.components() {
        at.push(c);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(at);
        }
    }
    None
}

/// The folders of `root/rel` (not the file), created as real folders; a
/// symbolic link on the way is refused.
fn make_folders(root: &Path, rel: &Path) -> Result<(), NewFileError> {
    let Some(parent) = rel.parent() else {
        return Ok(());
    };
    let mut at = root.to_path_buf();
    for c in parent.components() {
        at.push(c);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return Err(NewFileError::Symlink(at)),
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(NewFileError::Io(at, std::io::Error::other("not a folder"))),
            Err(_) => match std::fs::create_dir(&at) {
                Ok(()) => {}
                // Made meanwhile by someone else: look again.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
                        return Err(NewFileError::Symlink(at));
                    }
                }
                Err(e) => return Err(NewFileError::Io(at, e)),
            },
        }
    }
    Ok(())
}

/// Create `root/rel` as a new file, never over anything: the name must not
/// exist (not even as a dangling link: `O_CREAT | O_EXCL` does not follow
/// one), and no folder on the way may be a symbolic link.
pub fn create_new(root: &Path, rel: &Path, text: &str) -> Result<(), NewFileError> {
    make_folders(root, rel)?;
    let path = root.join(rel);
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(NewFileError::Exists(path))
        }
        Err(e) => return Err(NewFileError::Io(path, e)),
    };
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| NewFileError::Io(path, e))
}

/// Write `root/rel`, replacing what is there atomically (a temporary file
/// beside it, then a rename, which replaces the name and never follows it);
/// a symbolic link on the way, or at the name itself, is refused.
pub fn replace(root: &Path, rel: &Path, text: &str) -> Result<(), NewFileError> {
    if let Some(link) = symlink_on_the_way(root, rel) {
        return Err(NewFileError::Symlink(link));
    }
    make_folders(root, rel)?;
    let path = root.join(rel);
    let tmp = temp_for(&path);
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| NewFileError::Io(path, e))
}
