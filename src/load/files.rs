//! Where a workspace's files come from: a folder on disk ([`Dir`]) or a map
//! in memory ([`Memory`]), behind one trait ([`Files`]), so that an editor,
//! a server or a test can load a workspace it never wrote to disk.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// The largest file redline reads: 64 MiB. A workspace file larger than
/// this is a mistake (or a device such as `/dev/zero`), not a plan.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// There is no such file.
    NotFound,
    /// The path is not a regular file (a folder, a FIFO, a device, a socket):
    /// reading it could block for ever or never end.
    NotRegular,
    /// The file is larger than the cap on input files (64 MiB).
    TooLarge(u64),
    /// A symbolic link that leads nowhere: its target is missing, or the
    /// links form a loop. Holds the link's own target, as written.
    Dangling(String),
    /// A path inside the workspace that resolves, through symbolic links,
    /// to somewhere outside it. Nothing there is read.
    Outside,
    /// The file exists but could not be read (the system's reason, lowercase).
    Other(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file"),
            ReadError::NotRegular => f.write_str("not a regular file"),
            ReadError::TooLarge(n) => write!(
                f,
                "the file has {n} bytes, more than the {} MiB redline reads",
                MAX_FILE_BYTES / 1024 / 1024
            ),
            ReadError::Dangling(to) => write!(
                f,
                "it is a symbolic link to `{to}`, which leads nowhere (the file is missing, or the links loop)"
            ),
            ReadError::Outside => f.write_str(
                "it resolves, through a symbolic link, to a file outside the workspace, and redline reads nothing there",
            ),
            ReadError::Other(e) => f.write_str(e),
        }
    }
}

/// A source of workspace files. Paths are relative to the workspace root
/// (`rules/terms.toml`); a path from outside the workspace, such as a plan
/// named on the command line, may be absolute.
pub trait Files {
    /// The text of the file at `path`.
    fn read(&self, path: &Path) -> Result<String, ReadError>;
    /// Whether `path` names a file.
    fn is_file(&self, path: &Path) -> bool;
    /// Whether `path` names a folder.
    fn is_dir(&self, path: &Path) -> bool;
    /// The `.toml` entries directly inside the folder `dir`, sorted, each as
    /// `dir` joined with its name; none when there is no such folder. Every
    /// entry named `*.toml` is listed, whatever it is (a dangling symbolic
    /// link, a folder): reading it then says why it cannot be used, so that
    /// no file of the workspace is skipped without a word.
    fn toml_files(&self, dir: &Path) -> Vec<PathBuf>;
    /// How users see `path`: relative to the workspace root where it lies
    /// inside it, with forward slashes and no leading `./`.
    fn display(&self, path: &Path) -> String;
    /// One name for one file, whichever path named it, to tell whether two
    /// paths are the same file.
    fn identity(&self, path: &Path) -> PathBuf;
    /// Whether `path` lies inside the workspace (or corpus) once `..` and,
    /// on disk, symbolic links are followed. Paths written inside files (a
    /// scenario's `plan`, a source's `file`) must.
    fn contains(&self, path: &Path) -> bool;
}

/// `path` with `.` dropped and `a/..` folded, without asking the file
/// system (so `tests/scenarios/../../proposals/x.toml` is `proposals/x.toml`).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

fn forward_slashes(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// A workspace in a folder on disk.
#[derive(Debug, Clone)]
pub struct Dir {
    root: PathBuf,
    /// The root with symbolic links followed, found once (every read asks).
    real_root: std::sync::OnceLock<Option<PathBuf>>,
}

impl PartialEq for Dir {
    fn eq(&self, other: &Dir) -> bool {
        self.root == other.root
    }
}

impl Eq for Dir {}

impl Dir {
    /// The workspace whose root is `root`.
    pub fn new(root: impl Into<PathBuf>) -> Dir {
        Dir {
            root: root.into(),
            real_root: std::sync::OnceLock::new(),
        }
    }

    /// The root, symbolic links followed (the error when it cannot be).
    fn real_root(&self) -> Result<&Path, std::io::Error> {
        self.real_root
            .get_or_init(|| std::fs::canonicalize(&self.root).ok())
            .as_deref()
            .ok_or_else(|| {
                std::fs::canonicalize(&self.root).err().unwrap_or_else(|| {
                    std::io::Error::other("the workspace folder cannot be resolved")
                })
            })
    }

    /// The workspace's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `path` is on disk.
    pub fn full(&self, path: &Path) -> PathBuf {
        self.root.join(path)
    }
}

impl Dir {
    /// Whether `path`, as written, names something inside the workspace
    /// (before symbolic links are followed).
    fn lexically_inside(&self, path: &Path) -> bool {
        if path.is_absolute() {
            let root = self
                .real_root()
                .map_or_else(|_| normalize(&self.root), Path::to_path_buf);
            normalize(path).starts_with(root)
        } else {
            !normalize(path).starts_with("..")
        }
    }

    /// Whether `path`, relative and without `..`, reaches its last
    /// component through folders below the root none of which is a
    /// symbolic link. Then the path resolves to the root's own resolution
    /// joined with it, inside the workspace, and `canonicalize` (which
    /// asks the system about every component from `/` down, five calls or
    /// more for `rules/x.toml` in `/tmp/a/ws`) need not be asked: one
    /// `symlink_metadata` per folder (one for `rules/x.toml`) answers.
    fn no_link_below_root(&self, path: &Path) -> bool {
        let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
        for c in path.components() {
            match c {
                Component::Normal(n) => parts.push(n),
                Component::CurDir => {}
                _ => return false,
            }
        }
        let Some((_, folders)) = parts.split_last() else {
            return false;
        };
        let mut at = self.root.clone();
        folders.iter().all(|f| {
            at.push(f);
            std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir())
        })
    }

    /// The one policy for reading inside the workspace: a path that lies in
    /// it as written must also resolve in it once symbolic links are
    /// followed, and a link must lead somewhere. (A path named outside the
    /// workspace, such as a plan the user passes by absolute path, is read
    /// where it is.)
    ///
    /// The file's own metadata, links not followed, when it was looked at.
    fn resolve_inside(&self, path: &Path) -> Result<Option<std::fs::Metadata>, ReadError> {
        if !self.lexically_inside(path) {
            return Ok(None);
        }
        let full = self.full(path);
        let link = match std::fs::symlink_metadata(&full) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A missing file, or one under a folder that is a dangling link.
                return match full.ancestors().skip(1).find(|a| {
                    std::fs::symlink_metadata(a).is_ok_and(|m| m.file_type().is_symlink())
                        && std::fs::metadata(a).is_err()
                }) {
                    Some(a) => Err(ReadError::Dangling(link_target(a))),
                    None => Err(ReadError::NotFound),
                };
            }
            Err(e) => return Err(ReadError::Other(e.to_string().to_lowercase())),
        };
        if !link.file_type().is_symlink() && self.no_link_below_root(path) {
            return Ok(Some(link));
        }
        match std::fs::canonicalize(&full) {
            Ok(real) => {
                let root = self
                    .real_root()
                    .map_err(|e| ReadError::Other(e.to_string().to_lowercase()))?;
                if real.starts_with(root) {
                    Ok(Some(link))
                } else {
                    Err(ReadError::Outside)
                }
            }
            Err(_) if link.file_type().is_symlink() => Err(ReadError::Dangling(link_target(&full))),
            Err(e) => Err(ReadError::Other(e.to_string().to_lowercase())),
        }
    }
}

/// What a symbolic link points to, as written in it.
fn link_target(link: &Path) -> String {
    std::fs::read_link(link).map_or_else(|_| "?".to_string(), |t| t.display().to_string())
}

impl Files for Dir {
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        use std::io::Read as _;
        let io = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Other(e.to_string().to_lowercase()),
        };
        let seen = self.resolve_inside(path)?;
        let full = self.full(path);
        // Only regular files, and not too large: a FIFO would block, a
        // device could be endless. (A file that is no link was looked at
        // already.)
        let meta = match seen {
            Some(m) if !m.file_type().is_symlink() => m,
            _ => std::fs::metadata(&full).map_err(io)?,
        };
        if !meta.is_file() {
            return Err(ReadError::NotRegular);
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge(meta.len()));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
        std::fs::File::open(&full)
            .map_err(io)?
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge(bytes.len() as u64));
        }
        String::from_utf8(bytes)
            .map_err(|_| ReadError::Other("stream did not contain valid UTF-8".to_string()))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.full(path).is_file()
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.full(path).is_dir()
    }

    fn toml_files(&self, dir: &Path) -> Vec<PathBuf> {
        // Every `*.toml` entry, files or not: a dangling link, a loop or a
        // folder is read (and refused with its reason), never skipped.
        let mut out: Vec<PathBuf> = std::fs::read_dir(self.full(dir))
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .map(|e| dir.join(e.file_name()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        out.sort();
        out
    }

    fn display(&self, path: &Path) -> String {
        let full = self.full(path);
        let rel = match full.strip_prefix(&self.root) {
            Ok(r) => normalize(r),
            Err(_) => match (self.real_root(), std::fs::canonicalize(&full)) {
                (Ok(r), Ok(p)) => p
                    .strip_prefix(r)
                    .map_or_else(|_| normalize(path), Path::to_path_buf),
                _ => normalize(path),
            },
        };
        forward_slashes(&rel)
    }

    fn identity(&self, path: &Path) -> PathBuf {
        let full = self.full(path);
        std::fs::canonicalize(&full).unwrap_or_else(|_| normalize(&full))
    }

    fn contains(&self, path: &Path) -> bool {
        let Ok(root) = self.real_root() else {
            return false;
        };
        let full = self.full(path);
        match std::fs::canonicalize(&full) {
            Ok(p) => p.starts_with(root),
            // A file that does not exist: judge the path as written.
            Err(_) => normalize(&root.join(path)).starts_with(root),
        }
    }
}

/// A workspace in memory: file paths (relative to an imagined root) and
/// their texts.
///
/// ```
/// use redline::{load, Memory};
///
/// let files = Memory::new()
///     .with("rules/terms.toml", "[[term]]\nid = \"troops.present\"\ndefault = false\n")
///     .with("rules/parties.toml", "[[party]]\nid = \"north\"\n");
/// let loaded = load(&files);
/// assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
/// assert_eq!(loaded.workspace.rules.vocab.terms.len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl Memory {
    /// No files at all.
    pub fn new() -> Memory {
        Memory::default()
    }

    /// These files, then the file at `path` with `contents` (text, or any
    /// bytes: a file that is not UTF-8 fails to read, as on disk).
    pub fn with(mut self, path: impl AsRef<Path>, contents: impl Into<Vec<u8>>) -> Memory {
        self.insert(path, contents);
        self
    }

    /// Add (or replace) the file at `path`.
    pub fn insert(&mut self, path: impl AsRef<Path>, contents: impl Into<Vec<u8>>) {
        self.files.insert(normalize(path.as_ref()), contents.into());
    }
}

impl<P: AsRef<Path>, T: Into<Vec<u8>>> FromIterator<(P, T)> for Memory {
    fn from_iter<I: IntoIterator<Item = (P, T)>>(iter: I) -> Memory {
        let mut m = Memory::new();
        for (p, t) in iter {
            m.insert(p, t);
        }
        m
    }
}

impl Files for Memory {
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        let bytes = self
            .files
            .get(&normalize(path))
            .ok_or(ReadError::NotFound)?;
        String::from_utf8(bytes.clone())
            .map_err(|_| ReadError::Other("stream did not contain valid UTF-8".to_string()))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(&normalize(path))
    }

    fn is_dir(&self, path: &Path) -> bool {
        let dir = normalize(path);
        self.files.keys().any(|k| k.starts_with(&dir) && *k != dir)
    }

    fn toml_files(&self, dir: &Path) -> Vec<PathBuf> {
        let want = normalize(dir);
        self.files
            .keys()
            .filter(|k| k.parent() == Some(want.as_path()))
            .filter(|k| k.extension().is_some_and(|e| e == "toml"))
            .filter_map(|k| k.file_name().map(|n| dir.join(n)))
            .collect()
    }

    fn display(&self, path: &Path) -> String {
        forward_slashes(&normalize(path))
    }

    fn identity(&self, path: &Path) -> PathBuf {
        normalize(path)
    }

    fn contains(&self, path: &Path) -> bool {
        let p = normalize(path);
        !p.is_absolute() && !p.starts_with("..")
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_lexically() {
        let cases = [
            ("tests/scenarios/../../proposals/x.toml", "proposals/x.toml"),
            ("./rules/terms.toml", "rules/terms.toml"),
            ("../outside.toml", "../outside.toml"),
            ("/abs/../etc", "/etc"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(Path::new(input)), PathBuf::from(want), "{input}");
        }
    }

    #[test]
    fn memory_lists_and_reads() {
        let m = Memory::new()
            .with("proposals/b.toml", "b")
            .with("proposals/a.toml", "a")
            .with("proposals/notes.md", "n")
            .with("proposals/deep/c.toml", "c");
        assert_eq!(
            m.toml_files(Path::new("proposals")),
            [
                PathBuf::from("proposals/a.toml"),
                PathBuf::from("proposals/b.toml")
            ]
        );
        assert!(m.is_dir(Path::new("proposals")));
        assert!(!m.is_dir(Path::new("rules")));
        assert_eq!(
            m.read(Path::new("tests/../proposals/a.toml")),
            Ok("a".to_string())
        );
        assert_eq!(m.read(Path::new("x.toml")), Err(ReadError::NotFound));
    }

    /// Reading skips `canonicalize` only on paths with no link below the
    /// root: a folder or file that is a link, or a `..`, is still resolved.
    #[cfg(unix)]
    #[test]
    fn links_below_the_root_are_resolved() {
        use std::os::unix::fs::symlink;
        let base = std::env::temp_dir().join(format!("redline-links-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let (ws, out) = (base.join("ws"), base.join("out"));
        std::fs::create_dir_all(ws.join("rules/deep")).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(ws.join("rules/a.toml"), "a").unwrap();
        std::fs::write(ws.join("rules/deep/b.toml"), "b").unwrap();
        std::fs::write(out.join("x.toml"), "x").unwrap();
        symlink(&out, ws.join("away")).unwrap();
        symlink(ws.join("rules"), ws.join("alias")).unwrap();
        symlink(out.join("x.toml"), ws.join("rules/x.toml")).unwrap();
        // `rules/up/..` is `base` on disk, though `rules` as written.
        symlink(&out, ws.join("rules/up")).unwrap();
        let dir = Dir::new(&ws);
        let read = |p: &str| dir.read(Path::new(p));
        assert_eq!(read("rules/a.toml"), Ok("a".to_string()));
        assert_eq!(read("./rules/deep/b.toml"), Ok("b".to_string()));
        assert_eq!(read("alias/deep/b.toml"), Ok("b".to_string()));
        assert_eq!(read("rules/deep/../a.toml"), Ok("a".to_string()));
        assert_eq!(read("away/x.toml"), Err(ReadError::Outside));
        assert_eq!(read("rules/x.toml"), Err(ReadError::Outside));
        assert_eq!(read("rules/up/x.toml"), Err(ReadError::Outside));
        assert_eq!(read("rules/up/../out/x.toml"), Err(ReadError::Outside));
        assert_eq!(read("rules/up/../ws/rules/a.toml"), Ok("a".to_string()));
        let _ = std::fs::remove_dir_all(&base);
    }
}
