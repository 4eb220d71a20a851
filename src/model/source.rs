//! Source files and locations inside them.

use std::path::PathBuf;
use std::sync::Arc;

/// A byte range in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// The offset of its first byte.
    pub start: usize,
    /// The offset just past its last byte.
    pub end: usize,
}

impl Span {
    /// The bytes from `start` up to (not including) `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    /// Its length in bytes (0 when `end` is not after `start`).
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    /// Whether it covers no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A place in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Loc {
    /// The file, in the workspace's [`SourceMap`].
    pub file: FileId,
    /// The byte range in that file.
    pub span: Span,
}

/// One file read while loading: its names, its text and where its lines start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to users (relative to the workspace where possible).
    pub name: String,
    /// The path it was read from.
    pub path: PathBuf,
    /// Shared, so that renderers can hold it without copying.
    pub text: Arc<str>,
    /// Where each line starts, found when a location is first shown
    /// (loading a clean workspace never needs them).
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// The text as shown to people, made once, when first drawn.
    shown: std::sync::OnceLock<Arc<Shown>>,
}

/// Whether `s` is printable ASCII, newlines and tabs only: a text that is
/// shown as it is (checked a byte at a time, which the compiler does many
/// at once). Most texts are; the others need a look at each character.
pub fn is_plain(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' '..=b'~' | b'\n' | b'\t'))
}

/// Whether `c` reorders or hides text: a bidirectional control (U+202A–E,
/// U+2066–9, the marks U+200E, U+200F, U+061C), a zero-width space or
/// joiner, or a BOM.
pub fn is_invisible_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'..='\u{200F}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// A file's text as shown to people: every character that could act on a
/// terminal or reorder text (a control character but newline, tab and the
/// CR of a CRLF; a bidi override) written as its code point, `[U+001B]`,
/// with the lines indexed and a map from offsets of the file's text.
#[derive(Debug)]
pub struct Shown {
    /// The text.
    pub text: Arc<str>,
    /// Where each line of `text` starts.
    pub line_starts: Vec<usize>,
    /// For each replaced character: its offset in the file's text, and the
    /// total growth up to and including it.
    shifts: Vec<(usize, usize)>,
}

/// Where each line of `text` starts.
fn line_starts_of(text: &str) -> Vec<usize> {
    let mut starts = Vec::with_capacity(text.len() / 32 + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    starts
}

impl Shown {
    /// `file` as shown; `line_starts` gives a copy of the file's own line
    /// index, which the shown text uses when nothing in it is replaced.
    fn of(file: &Arc<str>, line_starts: impl FnOnce() -> Vec<usize>) -> Shown {
        let text: &str = file;
        let bytes = text.as_bytes();
        let mut out = String::new();
        let mut shifts: Vec<(usize, usize)> = Vec::new();
        // Copied run by run: most text has nothing to show differently, and
        // only a byte outside printable ASCII needs a look at its character.
        let mut copied = 0;
        let mut at = 0;
        while let Some(skip) = bytes.get(at..).and_then(|rest| {
            rest.iter()
                .position(|b| !matches!(b, b' '..=b'~' | b'\n' | b'\t'))
        }) {
            let i = at + skip;
            let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            at = i + c.len_utf8();
            let hidden = (c.is_control()
                && !(c == '\r' && text.get(i + 1..).is_some_and(|r| r.starts_with('\n'))))
                || is_invisible_control(c);
            if hidden {
                if shifts.is_empty() {
                    out.reserve(text.len() + 16);
                }
                out.push_str(text.get(copied..i).unwrap_or(""));
                copied = at;
                let shown = format!("[U+{:04X}]", c as u32);
                let total = shifts.last().map_or(0, |(_, t)| *t) + shown.len() - c.len_utf8();
                out.push_str(&shown);
                shifts.push((i, total));
            }
        }
        // Shown as it is: the file's own text, and its line index.
        if shifts.is_empty() {
            return Shown {
                text: Arc::clone(file),
                line_starts: line_starts(),
                shifts,
            };
        }
        out.push_str(text.get(copied..).unwrap_or(""));
        Shown {
            line_starts: line_starts_of(&out),
            text: Arc::from(out),
            shifts,
        }
    }

    /// Where the file's byte `offset` is in the shown text.
    pub fn at(&self, offset: usize) -> usize {
        let k = self.shifts.partition_point(|(i, _)| *i < offset);
        offset
            + k.checked_sub(1)
                .and_then(|j| self.shifts.get(j))
                .map_or(0, |(_, t)| *t)
    }

    /// The 0-based line of a byte offset of the shown text.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

impl SourceFile {
    /// A file with its text, ready for line and column lookups.
    pub fn new(name: String, path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            name,
            path,
            text: Arc::from(text),
            line_starts: std::sync::OnceLock::new(),
            shown: std::sync::OnceLock::new(),
        }
    }

    /// The text as shown to people (control characters and bidi overrides
    /// as visible code points), made on first use.
    pub fn shown(&self) -> Arc<Shown> {
        Arc::clone(
            self.shown
                .get_or_init(|| Arc::new(Shown::of(&self.text, || self.line_starts().to_vec()))),
        )
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| line_starts_of(&self.text))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = line_starts.get(line).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text(&self, line: usize) -> &str {
        let line_starts = self.line_starts();
        let Some(&start) = line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Every file read while loading, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Add a file (`name` as users see it, read from `path`); its new id.
    pub fn add(&mut self, name: String, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile::new(name, path, text));
        FileId(self.files.len() as u32 - 1)
    }
    /// The file an id names; the id must come from this map.
    pub fn get(&self, id: FileId) -> &SourceFile {
        super::ids::item(&self.files, id.0 as usize)
    }
    /// Every file with its id, in the order they were added.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The shown text and its shifts, a character at a time.
    fn reference(text: &str) -> (String, Vec<(usize, usize)>) {
        let mut out = String::new();
        let mut shifts = Vec::new();
        let mut total = 0;
        for (i, c) in text.char_indices() {
            let crlf = c == '\r' && text[i + 1..].starts_with('\n');
            if (c.is_control() && !matches!(c, '\n' | '\t') && !crlf) || is_invisible_control(c) {
                let shown = format!("[U+{:04X}]", c as u32);
                total += shown.len() - c.len_utf8();
                out.push_str(&shown);
                shifts.push((i, total));
            } else {
                out.push(c);
            }
        }
        (out, shifts)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn shown_replaces_what_a_character_scan_replaces(
            text in "[a \n\r\t\u{e9}\u{201c}\u{1b}\u{7f}\u{85}\u{202e}\u{200b}\u{feff}]{0,40}",
        ) {
            let file: Arc<str> = Arc::from(text.as_str());
            let shown = Shown::of(&file, || line_starts_of(&text));
            let (want, shifts) = reference(&text);
            prop_assert_eq!(&*shown.text, want.as_str());
            prop_assert_eq!(&shown.shifts, &shifts);
            let starts: Vec<usize> = std::iter::once(0)
                .chain(want.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            prop_assert_eq!(&shown.line_starts, &starts);
            if shifts.is_empty() {
                prop_assert!(Arc::ptr_eq(&shown.text, &file));
            }
        }
    }
}
