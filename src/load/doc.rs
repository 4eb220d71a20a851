//! The spanned TOML tree the loader reads, and the two parsers that fill it.
//!
//! Workspace files are plain TOML: `[[term]]` and `[[red_line]]` tables of
//! short strings, string arrays, booleans and inline tables. [`parse_plain`]
//! reads exactly that subset in one pass over the bytes, with borrowed
//! strings and no token list, about five times faster than the `toml`
//! crate's spanned parser. It gives up (returns `None`) on anything it was
//! not written for — a syntax error of any kind, multi-line strings, floats,
//! times, hexadecimal integers, newlines inside inline tables, a table
//! header that reopens or passes through a table in an unusual way — and
//! the loader then parses the file with `toml`, which reports every syntax
//! error with its own messages, and converts its tree with [`from_toml`].
//! A file is therefore never read differently for being read fast.
//!
//! That claim is checked, not trusted: where [`parse_plain`] accepts a
//! text, its tree, every span included, equals the converted `toml` tree
//! and `toml` reports no error. The tests below check it on each construct;
//! `tests/prop_toml.rs` on every TOML file of the shipped workspace and the
//! fixtures, on those files mutated at random and on documents glued from
//! fragments chosen to hit each rule; `fuzz/fuzz_targets/toml.rs` on
//! arbitrary bytes.

use smallvec::SmallVec;
use std::borrow::Cow;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// A value with the byte range it was written at.
///
/// The range is kept in 32 bits: no file is read past
/// [`super::files::MAX_FILE_BYTES`] (64 MiB), and a tree of a large plan
/// is mostly spans (a fifth less memory to touch).
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    value: T,
    start: u32,
    end: u32,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        Spanned {
            value,
            start: at(span.start),
            end: at(span.end),
        }
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A TOML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'i> {
    String(Cow<'i, str>),
    /// An integer; `None` when it does not fit in 64 bits.
    Integer(Option<i64>),
    /// A float (no part of a workspace reads one, so its value is not kept).
    Float,
    Boolean(bool),
    /// A date or date-time, in TOML's normal form (`2025-11-20`).
    Datetime(Cow<'i, str>),
    Array(Array<'i>),
    Table(Table<'i>),
}

impl<'i> Value<'i> {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// The integer, when it is one that fits in 64 bits.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Value::Integer(n) => *n,
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Array<'i>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_table(&self) -> Option<&Table<'i>> {
        match self {
            Value::Table(t) => Some(t),
            _ => None,
        }
    }
}

/// An array: `[1, 2]` or the tables of `[[name]]` headers.
#[derive(Debug, Clone, Default)]
pub struct Array<'i> {
    items: Vec<Spanned<Value<'i>>>,
    /// Made by `[[name]]` headers, so a later header may add to it.
    of_tables: bool,
}

impl PartialEq for Array<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<'i> Array<'i> {
    pub fn iter(&self) -> std::slice::Iter<'_, Spanned<Value<'i>>> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }
}

/// How a table came to be, which decides what may later add to it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Kind {
    /// The document itself.
    #[default]
    Root,
    /// Named on the way to a header's table (`a` of `[a.b]`).
    Implicit,
    /// A header's own table, `[a]` or one `[[a]]`.
    Header,
    /// Made by a dotted key (`a` of `a.b = 1`).
    Dotted,
    /// `{ ... }`: complete as written.
    Inline,
}

type Entry<'i> = (Spanned<Cow<'i, str>>, Spanned<Value<'i>>);

/// A table: its entries sorted by key, as `toml`'s map keeps them.
#[derive(Debug, Clone, Default)]
pub struct Table<'i> {
    entries: Vec<Entry<'i>>,
    kind: Kind,
}

impl PartialEq for Table<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl<'i> Table<'i> {
    /// The value at `key`.
    pub fn get(&self, key: &str) -> Option<&Spanned<Value<'i>>> {
        if self.entries.len() <= 8 {
            // Most tables hold a handful of keys: a scan beats a search.
            return self
                .entries
                .iter()
                .find(|(k, _)| k.value.len() == key.len() && k.value == key)
                .map(|(_, v)| v);
        }
        self.entries
            .binary_search_by(|(k, _)| k.value.as_ref().cmp(key))
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, v)| v)
    }

    /// Every key and value, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&Spanned<Cow<'i, str>>, &Spanned<Value<'i>>)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

/// `toml`'s tree, converted.
pub fn from_toml(table: DeTable<'_>) -> Table<'_> {
    let mut entries: Vec<Entry<'_>> = table
        .into_iter()
        .map(|(k, v)| {
            let ks = k.span();
            let vs = v.span();
            (
                Spanned::new(k.into_inner(), ks),
                Spanned::new(value_from_toml(v.into_inner()), vs),
            )
        })
        .collect();
    // `toml`'s map is already in key order; sorting again costs nothing
    // and keeps `get` right whatever map it is built on.
    entries.sort_by(|a, b| a.0.value.cmp(&b.0.value));
    Table {
        entries,
        kind: Kind::Root,
    }
}

fn value_from_toml(v: DeValue<'_>) -> Value<'_> {
    match v {
        DeValue::String(s) => Value::String(s),
        DeValue::Integer(n) => Value::Integer(i64::from_str_radix(n.as_str(), n.radix()).ok()),
        DeValue::Float(_) => Value::Float,
        DeValue::Boolean(b) => Value::Boolean(b),
        DeValue::Datetime(d) => Value::Datetime(Cow::Owned(d.to_string())),
        DeValue::Array(a) => Value::Array(Array {
            items: a
                .into_iter()
                .map(|item| {
                    let s = item.span();
                    Spanned::new(value_from_toml(item.into_inner()), s)
                })
                .collect(),
            of_tables: false,
        }),
        DeValue::Table(t) => Value::Table(from_toml(t)),
    }
}

/// The plain parser gave up; `toml` reads the file instead.
struct GiveUp;

type Res<T> = Result<T, GiveUp>;

/// Tables with more entries than this are searched by `toml` instead, so
/// that finding a key never costs more than a short scan.
const SCAN: usize = 64;

/// Deeper nesting of arrays and inline tables, or longer dotted keys, is
/// left to `toml` (which has limits of its own, at 80).
const DEPTH: usize = 16;

/// Parse `text` if it is plain TOML (see the module docs); `None` if the
/// `toml` crate must read it.
pub fn parse_plain(text: &str) -> Option<Table<'_>> {
    let mut p = Plain {
        s: text,
        b: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    let mut root = Table::default();
    p.document(&mut root).ok()?;
    finish(&mut root).ok()?;
    Some(root)
}

/// Sort every table's entries by key; give up on a key written twice.
fn finish(t: &mut Table<'_>) -> Res<()> {
    t.entries.sort_by(|a, b| a.0.value.cmp(&b.0.value));
    if t.entries.windows(2).any(|w| match w {
        [a, b] => a.0.value == b.0.value,
        _ => false,
    }) {
        return Err(GiveUp);
    }
    for (_, v) in &mut t.entries {
        finish_value(&mut v.value)?;
    }
    Ok(())
}

fn finish_value(v: &mut Value<'_>) -> Res<()> {
    match v {
        Value::Table(t) => finish(t),
        Value::Array(a) => a
            .items
            .iter_mut()
            .try_for_each(|i| finish_value(&mut i.value)),
        _ => Ok(()),
    }
}

/// Where the entry for `key` is in a table being built (entries are in
/// the order written until [`finish`]).
fn find(t: &Table<'_>, key: &str) -> Res<Option<usize>> {
    if t.entries.len() > SCAN {
        return Err(GiveUp);
    }
    Ok(t.entries.iter().position(|(k, _)| k.value == key))
}

/// `key = value` into a table being built. Small tables are checked for a
/// repeated key here, large ones when sorted ([`finish`]).
fn put<'i>(t: &mut Table<'i>, (name, ks): Key<'i>, value: Spanned<Value<'i>>) -> Res<()> {
    if t.entries.len() <= SCAN && find(t, &name)?.is_some() {
        return Err(GiveUp);
    }
    t.entries.push((Spanned::new(name, ks), value));
    Ok(())
}

/// The table a step of a header path leads into: a table, or the last
/// table of an array of tables.
fn step_into<'t, 'i>(v: &'t mut Value<'i>) -> Res<&'t mut Table<'i>> {
    match v {
        Value::Table(t) => Ok(t),
        Value::Array(a) if a.of_tables => match a.items.last_mut().map(|x| &mut x.value) {
            Some(Value::Table(t)) => Ok(t),
            _ => Err(GiveUp),
        },
        _ => Err(GiveUp),
    }
}

/// A new empty table of `kind` at `name` (spanned as the key) in `t`; its index.
fn push_table<'i>(t: &mut Table<'i>, (name, ks): &Key<'i>, kind: Kind) -> usize {
    t.entries.push((
        Spanned::new(name.clone(), ks.clone()),
        Spanned::new(
            Value::Table(Table {
                entries: Vec::new(),
                kind,
            }),
            ks.clone(),
        ),
    ));
    t.entries.len() - 1
}

/// Follow the entry indices of `path` from `root`.
fn walk<'t, 'i>(root: &'t mut Table<'i>, path: &[usize]) -> Res<&'t mut Table<'i>> {
    let mut t = root;
    for &i in path {
        let (_, v) = t.entries.get_mut(i).ok_or(GiveUp)?;
        t = step_into(&mut v.value)?;
    }
    Ok(t)
}

type Key<'i> = (Cow<'i, str>, Range<usize>);

struct Plain<'i> {
    s: &'i str,
    b: &'i [u8],
    i: usize,
    /// Arrays and inline tables open around the current position.
    depth: usize,
}

/// The bytes that end a run of plain string text: quotes, the backslash
/// and the control characters other than tab ([`is_control`]).
// (`c` runs below 256, and a byte indexes a 256-entry table: neither can
// go out of bounds.)
#[allow(clippy::indexing_slicing)]
static STRING_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = (c < 0x20 && c != 0x09) || c == 0x7f || c == 0x22 || c == 0x27 || c == 0x5c;
        c += 1;
    }
    t
};

#[allow(clippy::indexing_slicing)]
fn stops_string(c: u8) -> bool {
    STRING_STOP[usize::from(c)]
}

fn is_bare(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// A byte no comment or string may hold: a control character other than tab.
fn is_control(c: u8) -> bool {
    (c < 0x20 && c != b'\t') || c == 0x7f
}

impl<'i> Plain<'i> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn at(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    fn eat(&mut self, c: u8) -> Res<()> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn slice(&self, r: Range<usize>) -> Res<&'i str> {
        self.s.get(r).ok_or(GiveUp)
    }

    fn document(&mut self, root: &mut Table<'i>) -> Res<()> {
        if self.s.starts_with('\u{feff}') {
            return Err(GiveUp);
        }
        // The current table, as entry indices from the root.
        let mut path: Vec<usize> = Vec::new();
        loop {
            self.ws();
            match self.peek() {
                None => return Ok(()),
                Some(b'\n' | b'\r' | b'#') => self.line_end()?,
                Some(b'[') => {
                    path = self.header(root)?;
                    self.line_end()?;
                }
                Some(_) => {
                    let t = walk(root, &path)?;
                    self.key_value(t)?;
                    self.line_end()?;
                }
            }
        }
    }

    /// Move up to the next `a` or `b` (or the end), giving up on a control
    /// character on the way.
    fn scan_to(&mut self, a: u8, b: u8) -> Res<()> {
        while let Some(c) = self.peek() {
            if c == a || c == b {
                break;
            }
            if is_control(c) {
                return Err(GiveUp);
            }
            self.i += 1;
        }
        Ok(())
    }

    /// Spaces, a comment, then the end of the line or of the text.
    fn line_end(&mut self) -> Res<()> {
        self.ws();
        if self.peek() == Some(b'#') {
            self.scan_to(b'\n', b'\r')?;
        }
        match self.peek() {
            None => Ok(()),
            Some(b'\n') => {
                self.i += 1;
                Ok(())
            }
            Some(b'\r') if self.at(1) == Some(b'\n') => {
                self.i += 2;
                Ok(())
            }
            _ => Err(GiveUp),
        }
    }

    /// `[a.b]` or `[[a.b]]`: make its table and return the path to it.
    fn header(&mut self, root: &mut Table<'i>) -> Res<Vec<usize>> {
        let start = self.i;
        self.eat(b'[')?;
        let array = self.peek() == Some(b'[');
        if array {
            self.i += 1;
        }
        self.ws();
        let keys = self.key_path()?;
        self.eat(b']')?;
        if array {
            self.eat(b']')?;
        }
        let span = start..self.i;
        let (last, prefix) = keys.split_last().ok_or(GiveUp)?;
        let mut path = Vec::with_capacity(keys.len());
        let mut t = root;
        for key in prefix {
            let (name, _) = key;
            let i = match find(t, name)? {
                Some(i) => {
                    // Through tables named by headers only; anything else
                    // (dotted, inline, a value) is left to `toml`.
                    let v = &t.entries.get(i).ok_or(GiveUp)?.1.value;
                    match v {
                        Value::Table(x) if matches!(x.kind, Kind::Implicit | Kind::Header) => {}
                        Value::Array(a) if a.of_tables => {}
                        _ => return Err(GiveUp),
                    }
                    i
                }
                None => push_table(t, key, Kind::Implicit),
            };
            path.push(i);
            let (_, v) = t.entries.get_mut(i).ok_or(GiveUp)?;
            t = step_into(&mut v.value)?;
        }
        let (name, ks) = last;
        let fresh = || Table {
            entries: Vec::new(),
            kind: Kind::Header,
        };
        let i = match (find(t, name)?, array) {
            (None, false) => {
                t.entries.push((
                    Spanned::new(name.clone(), ks.clone()),
                    Spanned::new(Value::Table(fresh()), span),
                ));
                t.entries.len() - 1
            }
            (None, true) => {
                t.entries.push((
                    Spanned::new(name.clone(), ks.clone()),
                    Spanned::new(
                        Value::Array(Array {
                            items: vec![Spanned::new(Value::Table(fresh()), span.clone())],
                            of_tables: true,
                        }),
                        span,
                    ),
                ));
                t.entries.len() - 1
            }
            (Some(i), true) => {
                match t.entries.get_mut(i).map(|e| &mut e.1.value) {
                    Some(Value::Array(a)) if a.of_tables => {
                        a.items.push(Spanned::new(Value::Table(fresh()), span));
                    }
                    _ => return Err(GiveUp),
                }
                i
            }
            // A table named twice, or made implicitly first: `toml` decides.
            (Some(_), false) => return Err(GiveUp),
        };
        path.push(i);
        Ok(path)
    }

    /// `a.b."c"` up to (not including) the next `=` or `]`, spaces around
    /// dots: a header's path (a line `key = value` reads its first key
    /// alone, and the path only when a dot follows).
    fn key_path(&mut self) -> Res<SmallVec<[Key<'i>; 2]>> {
        let first = self.key()?;
        self.ws();
        self.key_path_after(first)
    }

    /// The rest of a key path whose first key (and the spaces after it)
    /// has been read.
    fn key_path_after(&mut self, first: Key<'i>) -> Res<SmallVec<[Key<'i>; 2]>> {
        let mut keys = SmallVec::new();
        keys.push(first);
        while self.peek() == Some(b'.') {
            self.i += 1;
            self.ws();
            if keys.len() == DEPTH {
                return Err(GiveUp);
            }
            keys.push(self.key()?);
            self.ws();
        }
        Ok(keys)
    }

    fn key(&mut self) -> Res<Key<'i>> {
        let start = self.i;
        match self.peek() {
            Some(b'"') => {
                let s = self.basic_string()?;
                Ok((s, start..self.i))
            }
            Some(b'\'') => {
                let s = self.literal_string()?;
                Ok((s, start..self.i))
            }
            _ => {
                while self.peek().is_some_and(is_bare) {
                    self.i += 1;
                }
                if self.i == start {
                    return Err(GiveUp);
                }
                Ok((Cow::Borrowed(self.slice(start..self.i)?), start..self.i))
            }
        }
    }

    /// `a.b = value` into table `t` (dotted keys make tables in it).
    fn key_value(&mut self, t: &mut Table<'i>) -> Res<()> {
        let first = self.key()?;
        self.ws();
        if self.peek() != Some(b'.') {
            // One key, as on nearly every line: no path to follow.
            self.eat(b'=')?;
            self.ws();
            let value = self.value()?;
            return put(t, first, value);
        }
        let keys = self.key_path_after(first)?;
        self.eat(b'=')?;
        self.ws();
        let value = self.value()?;
        let (last, prefix) = keys.split_last().ok_or(GiveUp)?;
        let mut t = t;
        for key in prefix {
            let (name, _) = key;
            let i = match find(t, name)? {
                Some(i) => i,
                None => push_table(t, key, Kind::Dotted),
            };
            t = match t.entries.get_mut(i).map(|e| &mut e.1.value) {
                Some(Value::Table(x)) if x.kind == Kind::Dotted => x,
                _ => return Err(GiveUp),
            };
        }
        put(t, last.clone(), value)
    }

    fn value(&mut self) -> Res<Spanned<Value<'i>>> {
        let start = self.i;
        let v = match self.peek().ok_or(GiveUp)? {
            b'"' => Value::String(self.basic_string()?),
            b'\'' => Value::String(self.literal_string()?),
            b'[' | b'{' if self.depth == DEPTH => return Err(GiveUp),
            b'[' => {
                self.depth += 1;
                let a = self.array()?;
                self.depth -= 1;
                Value::Array(a)
            }
            b'{' => {
                self.depth += 1;
                let t = self.inline_table()?;
                self.depth -= 1;
                Value::Table(t)
            }
            b't' | b'f' => {
                let b = if self.b.get(self.i..self.i + 4) == Some(b"true") {
                    self.i += 4;
                    true
                } else if self.b.get(self.i..self.i + 5) == Some(b"false") {
                    self.i += 5;
                    false
                } else {
                    return Err(GiveUp);
                };
                if self.peek().is_some_and(is_bare) {
                    return Err(GiveUp);
                }
                Value::Boolean(b)
            }
            b'0'..=b'9' | b'+' | b'-' => self.number_or_date()?,
            _ => return Err(GiveUp),
        };
        Ok(Spanned::new(v, start..self.i))
    }

    /// A decimal integer or a local date; anything else number-like
    /// (floats, other bases, times) is left to `toml`.
    fn number_or_date(&mut self) -> Res<Value<'i>> {
        let start = self.i;
        while self.peek().is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, b'_' | b'+' | b'-' | b'.' | b':')
        }) {
            self.i += 1;
        }
        let tok = self.b.get(start..self.i).ok_or(GiveUp)?;
        if is_local_date(tok) {
            // `2025-11-20 10:00` is a date-time.
            if self.peek() == Some(b' ') && self.at(1).is_some_and(|c| c.is_ascii_digit()) {
                return Err(GiveUp);
            }
            return Ok(Value::Datetime(Cow::Borrowed(self.slice(start..self.i)?)));
        }
        decimal(tok).map(|n| Value::Integer(Some(n)))
    }

    fn array(&mut self) -> Res<Array<'i>> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        loop {
            self.blank()?;
            if self.peek() == Some(b']') {
                self.i += 1;
                break;
            }
            items.push(self.value()?);
            self.blank()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    break;
                }
                _ => return Err(GiveUp),
            }
        }
        Ok(Array {
            items,
            of_tables: false,
        })
    }

    /// Spaces, newlines and comments between the items of an array.
    fn blank(&mut self) -> Res<()> {
        loop {
            self.ws();
            match self.peek() {
                Some(b'\n' | b'\r' | b'#') => self.line_end()?,
                _ => return Ok(()),
            }
        }
    }

    /// `{ a = 1, b.c = 2 }` on one line, without a trailing comma.
    fn inline_table(&mut self) -> Res<Table<'i>> {
        self.eat(b'{')?;
        // Most inline tables hold one setting (`set = { "a.b" = true }`).
        let mut t = Table {
            entries: Vec::with_capacity(1),
            kind: Kind::Inline,
        };
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(t);
        }
        loop {
            self.key_value(&mut t)?;
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b'}') => {
                    self.i += 1;
                    return Ok(t);
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// An opening quote `q` (not a triple one) and the text after it up to
    /// the closing quote, borrowed; `None` when `escapes` and a backslash
    /// comes first (the caller decodes from there). The start of the text.
    fn quoted(&mut self, q: u8, escapes: bool) -> Res<(usize, Option<&'i str>)> {
        self.eat(q)?;
        if self.peek() == Some(q) && self.at(1) == Some(q) {
            return Err(GiveUp);
        }
        let start = self.i;
        // The run of bytes that need no look: neither quote, backslash nor
        // control character (one table lookup a byte).
        let run = self
            .b
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .position(|&c| stops_string(c))
            .unwrap_or(self.b.len() - start);
        self.i = start + run;
        loop {
            match self.peek().ok_or(GiveUp)? {
                c if c == q => {
                    let s = self.slice(start..self.i)?;
                    self.i += 1;
                    return Ok((start, Some(s)));
                }
                b'\\' if escapes => return Ok((start, None)),
                c if is_control(c) => return Err(GiveUp),
                _ => self.i += 1,
            }
        }
    }

    /// `"..."` with the escapes of TOML 1.0; not `"""`.
    fn basic_string(&mut self) -> Res<Cow<'i, str>> {
        let (start, run) = self.quoted(b'"', true)?;
        if let Some(s) = run {
            return Ok(Cow::Borrowed(s));
        }
        let mut out = String::from(self.slice(start..self.i)?);
        loop {
            let run = self.i;
            self.scan_to(b'"', b'\\')?;
            out.push_str(self.slice(run..self.i)?);
            match self.peek().ok_or(GiveUp)? {
                b'"' => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                _ => {
                    self.i += 1;
                    let e = self.peek().ok_or(GiveUp)?;
                    self.i += 1;
                    match e {
                        b'b' => out.push('\u{8}'),
                        b't' => out.push('\t'),
                        b'n' => out.push('\n'),
                        b'f' => out.push('\u{c}'),
                        b'r' => out.push('\r'),
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'u' => out.push(self.hex_char(4)?),
                        b'U' => out.push(self.hex_char(8)?),
                        _ => return Err(GiveUp),
                    }
                }
            }
        }
    }

    fn hex_char(&mut self, n: usize) -> Res<char> {
        let digits = self.b.get(self.i..self.i + n).ok_or(GiveUp)?;
        let mut code: u32 = 0;
        for &d in digits {
            code = code * 16 + char::from(d).to_digit(16).ok_or(GiveUp)?;
        }
        self.i += n;
        char::from_u32(code).ok_or(GiveUp)
    }

    /// `'...'`; not `'''`.
    fn literal_string(&mut self) -> Res<Cow<'i, str>> {
        let (_, run) = self.quoted(b'\'', false)?;
        run.map(Cow::Borrowed).ok_or(GiveUp)
    }
}

/// Whether `tok` is `YYYY-MM-DD`, a real calendar date.
fn is_local_date(tok: &[u8]) -> bool {
    std::str::from_utf8(tok).is_ok_and(|t| crate::model::Date::parse(t).is_some())
}

/// `[+-]?(0|[1-9](_?[0-9])*)` that fits in 64 bits.
fn decimal(tok: &[u8]) -> Res<i64> {
    let (neg, digits) = match tok {
        [b'+', rest @ ..] => (false, rest),
        [b'-', rest @ ..] => (true, rest),
        _ => (false, tok),
    };
    match digits {
        [b'0'] => return Ok(0),
        [b'1'..=b'9', ..] => {}
        _ => return Err(GiveUp),
    }
    let mut n: i64 = 0;
    let mut prev_digit = false;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                let d = i64::from(c - b'0');
                n = n.checked_mul(10).ok_or(GiveUp)?;
                n = if neg {
                    n.checked_sub(d)
                } else {
                    n.checked_add(d)
                }
                .ok_or(GiveUp)?;
                prev_digit = true;
            }
            b'_' if prev_digit => prev_digit = false,
            _ => return Err(GiveUp),
        }
    }
    if prev_digit {
        Ok(n)
    } else {
        Err(GiveUp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the plain parser read `text` (panicking when it read it
    /// differently from `toml`).
    fn agree(text: &str) -> bool {
        match crate::load::plain_toml_agrees(text) {
            Ok(read) => read,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn spans_match_toml_on_every_construct() {
        let text = concat!(
            "# c\n",
            "id = \"x\" # y\n",
            "\"q.k\" = 'lit'\n",
            "a.b.c = 1\n",
            "a.d = -12_345\n",
            "arr = [ 1, 2, # two\n  3, ]\n",
            "it = { x = 1, y.z = \"s\\u00e9\\n\", 'w' = [] }\n",
            "d = 2024-02-29\n",
            "e = {}\r\n",
            "\n",
            "[tab]\n",
            "k = true\n",
            "[tab.sub]\n",
            "z = false\n",
            "[ t . \"u\" ]\n",
            "s.u = 1\n",
            "[[aot]]\n",
            "m = 1\n",
            "[[aot]]\n",
            "m = 2\n",
            "[aot.inner]\n",
            "p = \"\\t\\\"\\\\\"\n",
            "[[aot.list]]\n",
            "w = 1\n",
            "[x.y]\n",
            "[x.z]\n",
        );
        assert!(agree(text));
    }

    #[test]
    fn what_it_was_not_written_for_falls_back() {
        for text in [
            "a = 1\na = 2\n",
            "a = \"\"\"x\"\"\"\n",
            "a = '''x'''\n",
            "a = 1.5\n",
            "a = 0x1F\n",
            "a = 07\n",
            "a = 1979-05-27T07:32:00Z\n",
            "a = 1979-05-27 07:32:00\n",
            "a = 2023-02-29\n",
            "a = { b = 1,\n c = 2 }\n",
            "a = { b = 1, }\n",
            "a = \"\\e\"\n",
            "[a.b]\n[a]\n",
            "[a]\n[a]\n",
            "a.b = 1\n[a.c]\n",
            "a = { b = 1 }\n[a.c]\n",
            "a = [1]\n[[a]]\n",
            "a = \"x\" b = 1\n",
            "a = \"\x01\"\n",
            "# \x7f\n",
            "a = 1\rb = 2\n",
            "\u{feff}a = 1\n",
            "a = 9223372036854775808\n",
            "a = tru\n",
            "a = truex\n",
            &format!("{}k = 1\n", "k.".repeat(90)),
            &format!("a = {}{}\n", "[".repeat(20), "]".repeat(20)),
            &format!(
                "a = {}{}\n",
                "{ b = ".repeat(20),
                "1".to_string() + &" }".repeat(20)
            ),
        ] {
            assert!(parse_plain(text).is_none(), "accepted {text:?}");
        }
    }

    #[test]
    fn a_large_table_is_still_checked_for_a_repeated_key() {
        let mut text = String::from("t = {");
        for i in 0..100 {
            text.push_str(&format!(" k{i} = {i},"));
        }
        text.push_str(" k7 = 0 }\n");
        assert!(parse_plain(&text).is_none());
        let ok = text.replace(" k7 = 0 }", " z = 0 }");
        assert!(agree(&ok));
    }
}
