//! A checked walk over a spanned TOML table: typed getters that record
//! what was read, and report wrong types, missing keys and unknown keys as
//! diagnostics instead of stopping at the first.

use super::doc::{Spanned, Table as TomlTable, Value as TomlValue};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::model::{Date, FileId, Loc, Span};
use smallvec::SmallVec;

/// A TOML value with its span.
pub type Val<'i> = Spanned<TomlValue<'i>>;

/// A value with its location in a file.
#[derive(Debug, Clone)]
pub struct At<T> {
    /// The value as read.
    pub value: T,
    /// Where the value is written.
    pub loc: Loc,
}

/// Diagnostics gathered while loading.
#[derive(Debug, Default)]
pub struct Sink {
    pub diags: Vec<Diagnostic>,
}

impl Sink {
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }
}

pub fn loc(file: FileId, span: std::ops::Range<usize>) -> Loc {
    Loc {
        file,
        span: Span::from(span),
    }
}

/// The TOML type name of a value, for messages.
pub fn type_name(v: &TomlValue<'_>) -> &'static str {
    match v {
        TomlValue::String(_) => "a string",
        TomlValue::Integer(_) => "an integer",
        TomlValue::Float => "a float",
        TomlValue::Boolean(_) => "a boolean",
        TomlValue::Datetime(_) => "a date",
        TomlValue::Array(_) => "an array",
        TomlValue::Table(_) => "a table",
    }
}

/// A table being read. Call [`Table::finish`] to report keys nobody read.
pub struct Table<'a, 'i> {
    pub file: FileId,
    pub table: &'a TomlTable<'i>,
    /// Where the table is, for "missing key" messages.
    pub loc: Loc,
    /// What the table is, for messages: "term", "red line", "clause".
    pub what: &'static str,
    /// The keys asked for (a short list, kept inline; repeats are harmless).
    read: SmallVec<[&'static str; 16]>,
}

impl<'a, 'i> Table<'a, 'i> {
    pub fn new(file: FileId, table: &'a TomlTable<'i>, loc: Loc, what: &'static str) -> Self {
        Table {
            file,
            table,
            loc,
            what,
            read: SmallVec::new(),
        }
    }

    pub fn get(&mut self, key: &'static str) -> Option<&'a Val<'i>> {
        self.read.push(key);
        self.table.get(key)
    }

    fn wrong(&self, sink: &mut Sink, key: &str, v: &Val<'_>, expected: &str) {
        sink.push(
            Diagnostic::new(
                Code::WrongType,
                format!(
                    "`{key}` of {} {} must be {expected}, found {}",
                    article(self.what),
                    self.what,
                    type_name(v.get_ref())
                ),
            )
            .at(
                loc(self.file, v.span()),
                Some(format!("expected {expected}")),
            ),
        );
    }

    pub fn missing(&self, sink: &mut Sink, key: &str, hint: &str) {
        sink.push(
            Diagnostic::new(Code::MissingKey, format!("{} has no `{key}`", self.what))
                .at(self.loc, Some(format!("this {} needs `{key}`", self.what)))
                .help(hint.to_string()),
        );
    }

    /// An optional string.
    pub fn str(&mut self, sink: &mut Sink, key: &'static str) -> Option<At<String>> {
        let v = self.get(key)?;
        match v.get_ref().as_str() {
            Some(s) => Some(At {
                value: s.to_string(),
                loc: loc(self.file, v.span()),
            }),
            None => {
                self.wrong(sink, key, v, "a string");
                None
            }
        }
    }

    /// A required string.
    pub fn req_str(
        &mut self,
        sink: &mut Sink,
        key: &'static str,
        hint: &str,
    ) -> Option<At<String>> {
        if self.table.get(key).is_none() {
            self.read.push(key);
            self.missing(sink, key, hint);
            return None;
        }
        self.str(sink, key)
    }

    /// A required bool.
    pub fn req_bool(&mut self, sink: &mut Sink, key: &'static str, hint: &str) -> Option<At<bool>> {
        if self.table.get(key).is_none() {
            self.read.push(key);
            self.missing(sink, key, hint);
            return None;
        }
        self.bool(sink, key)
    }

    /// A required date.
    pub fn req_date(&mut self, sink: &mut Sink, key: &'static str, hint: &str) -> Option<At<Date>> {
        if self.table.get(key).is_none() {
            self.read.push(key);
            self.missing(sink, key, hint);
            return None;
        }
        self.date(sink, key)
    }

    pub fn bool(&mut self, sink: &mut Sink, key: &'static str) -> Option<At<bool>> {
        let v = self.get(key)?;
        match v.get_ref().as_bool() {
            Some(b) => Some(At {
                value: b,
                loc: loc(self.file, v.span()),
            }),
            None => {
                self.wrong(sink, key, v, "true or false");
                None
            }
        }
    }

    /// A sub-table (`[name]` or an inline table).
    pub fn table(
        &mut self,
        sink: &mut Sink,
        key: &'static str,
    ) -> Option<(&'a TomlTable<'i>, Loc)> {
        let v = self.get(key)?;
        match v.get_ref().as_table() {
            Some(t) => Some((t, loc(self.file, v.span()))),
            None => {
                self.wrong(sink, key, v, &format!("a table (`[{key}]`)"));
                None
            }
        }
    }

    /// An array of strings.
    pub fn str_list(&mut self, sink: &mut Sink, key: &'static str) -> Option<Vec<At<String>>> {
        let v = self.get(key)?;
        let Some(arr) = v.get_ref().as_array() else {
            self.wrong(sink, key, v, "an array of strings");
            return None;
        };
        let mut out = Vec::with_capacity(arr.len());
        for item in arr.iter() {
            match item.get_ref().as_str() {
                Some(s) => out.push(At {
                    value: s.to_string(),
                    loc: loc(self.file, item.span()),
                }),
                None => self.wrong(sink, key, item, "a string"),
            }
        }
        Some(out)
    }

    /// One string or an array of strings (`owner = "nato"` or
    /// `owner = ["poland", "nato"]`), as a list.
    pub fn str_or_list(&mut self, sink: &mut Sink, key: &'static str) -> Option<Vec<At<String>>> {
        let v = self.table.get(key)?;
        if let Some(s) = v.get_ref().as_str() {
            self.read.push(key);
            return Some(vec![At {
                value: s.to_string(),
                loc: loc(self.file, v.span()),
            }]);
        }
        if v.get_ref().as_array().is_some() {
            return self.str_list(sink, key);
        }
        self.read.push(key);
        self.wrong(sink, key, v, "a string or an array of strings");
        None
    }

    /// A date: a TOML local date or a `YYYY-MM-DD` string.
    pub fn date(&mut self, sink: &mut Sink, key: &'static str) -> Option<At<Date>> {
        let v = self.get(key)?;
        let l = loc(self.file, v.span());
        let text: &str = match v.get_ref() {
            TomlValue::String(s) => s,
            // A date TOML itself could not read is reported as a syntax
            // error already (`toml-syntax`): once is enough.
            TomlValue::Datetime(d) if d.is_empty() => return None,
            TomlValue::Datetime(d) => d,
            _ => {
                self.wrong(sink, key, v, "a date (YYYY-MM-DD)");
                return None;
            }
        };
        match Date::parse(text) {
            Some(d) => Some(At { value: d, loc: l }),
            None => {
                sink.push(
                    Diagnostic::new(
                        Code::InvalidDate,
                        format!("`{text}` is not a calendar date"),
                    )
                    .at(l, Some("expected YYYY-MM-DD".to_string())),
                );
                None
            }
        }
    }

    /// An array of tables (`[[name]]`), each with its location.
    pub fn tables(&mut self, sink: &mut Sink, key: &'static str) -> Vec<(&'a TomlTable<'i>, Loc)> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let Some(arr) = v.get_ref().as_array() else {
            self.wrong(sink, key, v, &format!("an array of tables (`[[{key}]]`)"));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        for item in arr.iter() {
            match item.get_ref().as_table() {
                Some(t) => out.push((t, loc(self.file, item.span()))),
                None => self.wrong(sink, key, item, "a table"),
            }
        }
        out
    }

    /// Report every key that no getter asked for.
    pub fn finish(mut self, sink: &mut Sink, allowed: &[&str]) {
        let known = |name: &str| self.read.contains(&name) || allowed.contains(&name);
        if self.table.iter().all(|(k, _)| known(k.get_ref())) {
            return;
        }
        // Sorted, so that "did you mean" and the list of keys are the same
        // whatever order the getters ran in.
        self.read.sort_unstable();
        self.read.dedup();
        for (k, _) in self.table.iter() {
            let name = k.get_ref().as_ref();
            if self.read.contains(&name) || allowed.contains(&name) {
                continue;
            }
            let known: Vec<&str> = self
                .read
                .iter()
                .copied()
                .chain(allowed.iter().copied())
                .collect();
            let help = did_you_mean(name, known.iter().copied()).unwrap_or_else(|| {
                format!(
                    "a {} takes: {}",
                    self.what,
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
            sink.push(
                Diagnostic::new(
                    Code::UnknownKey,
                    format!("unknown key `{name}` in {}", self.what),
                )
                .at(
                    loc(self.file, k.span()),
                    Some("not a key of this format".to_string()),
                )
                .help(help),
            );
        }
    }
}

/// Whether `s` is a term id: words of `[a-z0-9_]`, each starting with a letter, joined by dots.
pub fn is_term_id(s: &str) -> bool {
    // Each word starts with a letter, so that a condition reads it as a
    // term, not as a number.
    !s.is_empty()
        && s.split('.').all(|seg| {
            seg.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

/// Whether `s` is a party id: `[a-z0-9_]+`.
pub fn is_party_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether `s` is a plain id (red lines, sources, clauses, plans): letters, digits, `_`, `-`, `.`.
pub fn is_plain_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
}

/// "a" or "an" before a word, by its first letter.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
