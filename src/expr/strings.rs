//! Map positions in a decoded TOML string back to its raw token.
//!
//! An expression is parsed from the *decoded* value of a TOML string, so its
//! error spans are byte offsets in that value. [`string_offsets`] tells where
//! each decoded byte came from in the raw token, so that a diagnostic can point
//! at the right column of the file even when the string contains escapes or
//! spans several lines.

/// For the raw text of one TOML string token (quotes included), the byte offset
/// in `raw` of the source of every decoded byte, plus one entry for the end.
///
/// The result `m` has `decoded.len() + 1` entries: `m[i]` is where decoded byte
/// `i` comes from (every byte of a character written as an escape maps to the
/// escape's `\`), and the last entry is the offset of the closing delimiter.
/// The offsets never decrease. Returns `None` when `raw` is not one
/// well-formed TOML string (basic, literal, multi-line basic or multi-line
/// literal, with the escapes of TOML 1.1).
pub fn string_offsets(raw: &str) -> Option<Vec<usize>> {
    if raw.starts_with("\"\"\"") {
        let (start, end) = multi_line_body(raw)?;
        basic_body(raw, start, end, true)
    } else if raw.starts_with("'''") {
        let (start, end) = multi_line_body(raw)?;
        literal_body(raw, start, end, true)
    } else if raw.starts_with('"') {
        let end = single_line_end(raw, b'"')?;
        basic_body(raw, 1, end, false)
    } else if raw.starts_with('\'') {
        let end = single_line_end(raw, b'\'')?;
        literal_body(raw, 1, end, false)
    } else {
        None
    }
}

/// The offset of the closing quote of a one-line string.
fn single_line_end(raw: &str, quote: u8) -> Option<usize> {
    let end = raw.len().checked_sub(1)?;
    (end >= 1 && raw.as_bytes().get(end) == Some(&quote)).then_some(end)
}

/// The body of a multi-line string: after the opening delimiter and the
/// newline that may follow it, up to the closing delimiter.
fn multi_line_body(raw: &str) -> Option<(usize, usize)> {
    let b = raw.as_bytes();
    let delim = b.first()?;
    let end = raw.len().checked_sub(3)?;
    if end < 3 || b.get(end..)?.iter().any(|c| c != delim) {
        return None;
    }
    let start = match b.get(3..5) {
        Some([b'\r', b'\n']) => 5,
        _ if b.get(3) == Some(&b'\n') => 4,
        _ => 3,
    };
    // The closing delimiter is quotes, so a trimmed newline ends before it.
    (start <= end).then_some((start, end))
}

/// Decode the body `raw[start..end]` of a basic string.
fn basic_body(raw: &str, start: usize, end: usize, multi: bool) -> Option<Vec<usize>> {
    let b = raw.as_bytes();
    let mut m = Vec::with_capacity(end.saturating_sub(start) + 1);
    let mut quotes = 0usize; // run of unescaped `"` (multi-line only)
    let mut i = start;
    while i < end {
        let c = *b.get(i)?;
        if c != b'"' {
            quotes = 0;
        }
        match c {
            b'\\' => {
                let e = *b.get(i + 1).filter(|_| i + 1 < end)?;
                let ch = match e {
                    b'b' => '\u{8}',
                    b'e' => '\u{1b}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'\\' => '\\',
                    b'"' => '"',
                    b'x' => hex_escape(b, i + 2, 2, end)?,
                    b'u' => hex_escape(b, i + 2, 4, end)?,
                    b'U' => hex_escape(b, i + 2, 8, end)?,
                    b' ' | b'\t' | b'\r' | b'\n' if multi => {
                        i = skip_escaped_newline(b, i + 1, end)?;
                        continue;
                    }
                    _ => return None,
                };
                let len = match e {
                    b'x' => 4,
                    b'u' => 6,
                    b'U' => 10,
                    _ => 2,
                };
                m.extend(std::iter::repeat_n(i, ch.len_utf8()));
                i += len;
            }
            b'"' if multi => {
                quotes += 1;
                if quotes >= 3 {
                    return None;
                }
                m.push(i);
                i += 1;
            }
            b'\n' if multi => {
                m.push(i);
                i += 1;
            }
            b'\r' if multi => {
                if b.get(i + 1) != Some(&b'\n') || i + 1 >= end {
                    return None;
                }
                m.extend([i, i + 1]);
                i += 2;
            }
            b'"' => return None,
            b'\t' => {
                m.push(i);
                i += 1;
            }
            0x00..=0x1f | 0x7f => return None,
            _ => {
                m.push(i);
                i += 1;
            }
        }
    }
    m.push(end);
    Some(m)
}

/// The character of a `\x`, `\u` or `\U` escape whose `digits` hex digits
/// start at `at`.
fn hex_escape(b: &[u8], at: usize, digits: usize, end: usize) -> Option<char> {
    if at + digits > end {
        return None;
    }
    let hex = b.get(at..at + digits)?;
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let text = std::str::from_utf8(hex).ok()?;
    char::from_u32(u32::from_str_radix(text, 16).ok()?)
}

/// After a `\` at the end of a line (`at` is just past the `\`): skip spaces,
/// the newline, and all whitespace and newlines after it. Returns the offset
/// of the next content byte.
fn skip_escaped_newline(b: &[u8], at: usize, end: usize) -> Option<usize> {
    let mut i = at;
    while i < end && matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i = skip_newline(b, i, end)?;
    loop {
        while i < end && matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        if i >= end {
            return Some(i);
        }
        match skip_newline(b, i, end) {
            Some(next) => i = next,
            None if b.get(i) == Some(&b'\r') => return None,
            None => return Some(i),
        }
    }
}

/// Skip one `\n` or `\r\n` at `i`.
fn skip_newline(b: &[u8], i: usize, end: usize) -> Option<usize> {
    match b.get(i..) {
        Some([b'\n', ..]) if i < end => Some(i + 1),
        Some([b'\r', b'\n', ..]) if i + 1 < end => Some(i + 2),
        _ => None,
    }
}

/// Decode the body `raw[start..end]` of a literal string (no escapes).
fn literal_body(raw: &str, start: usize, end: usize, multi: bool) -> Option<Vec<usize>> {
    let b = raw.as_bytes();
    let mut m = Vec::with_capacity(end.saturating_sub(start) + 1);
    let mut quotes = 0usize;
    let mut i = start;
    while i < end {
        let c = *b.get(i)?;
        if c != b'\'' {
            quotes = 0;
        }
        match c {
            b'\'' if multi => {
                quotes += 1;
                if quotes >= 3 {
                    return None;
                }
            }
            b'\n' if multi => {}
            b'\r' if multi => {
                if b.get(i + 1) != Some(&b'\n') || i + 1 >= end {
                    return None;
                }
            }
            b'\t' | 0x20..=0x26 | 0x28..=0x7e | 0x80..=0xff => {}
            _ => return None,
        }
        m.push(i);
        i += 1;
    }
    m.push(end);
    Some(m)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::string_offsets;
    use proptest::prelude::*;

    /// Decode `raw` with the `toml` crate.
    fn toml_decode(raw: &str) -> Option<String> {
        let doc: toml::Table = toml::from_str(&format!("k = {raw}\n")).ok()?;
        doc.get("k")?.as_str().map(str::to_owned)
    }

    /// Check `m` against the decoded value: one entry per byte plus one, and
    /// each byte either copied from its offset or produced by an escape there.
    fn check(raw: &str) -> Vec<usize> {
        let m = string_offsets(raw).unwrap_or_else(|| panic!("not accepted: {raw:?}"));
        let decoded = toml_decode(raw).unwrap_or_else(|| panic!("toml rejects {raw:?}"));
        assert_eq!(m.len(), decoded.len() + 1, "{raw:?}");
        assert!(m.windows(2).all(|w| w[0] <= w[1]), "{raw:?}: {m:?}");
        for (i, &d) in decoded.as_bytes().iter().enumerate() {
            let r = raw.as_bytes()[m[i]];
            assert!(r == d || r == b'\\', "{raw:?}: byte {i} from {}", m[i]);
        }
        m
    }

    #[test]
    fn basic_plain() {
        assert_eq!(check(r#""ab""#), vec![1, 2, 3]);
        assert_eq!(check(r#""""#), vec![1]);
    }

    #[test]
    fn basic_escapes() {
        // "a\nb"
        assert_eq!(check(r#""a\nb""#), vec![1, 2, 4, 5]);
        assert_eq!(check(r#""\"x\\""#), vec![1, 3, 4, 6]);
        assert_eq!(check(r#""\t\r\b\f\e""#), vec![1, 3, 5, 7, 9, 11]);
        // é is two bytes, both from the escape
        assert_eq!(check(r#""\u00e9!""#), vec![1, 1, 7, 8]);
        assert_eq!(check(r#""\U0001F600""#), vec![1, 1, 1, 1, 11]);
        assert_eq!(string_offsets(r#""\xe9""#), Some(vec![1, 1, 5]));
    }

    #[test]
    fn basic_non_ascii() {
        // "né" — é is 2 bytes copied verbatim
        assert_eq!(check("\"né\""), vec![1, 2, 3, 4]);
        assert_eq!(check("\"Україна\"").len(), "Україна".len() + 1);
    }

    #[test]
    fn basic_rejects() {
        for raw in [
            "",
            "\"",
            "\"abc",
            "abc\"",
            "\"a\"b\"",
            "\"a\nb\"",
            r#""\q""#,
            r#""\u12""#,
            r#""\uD800""#,
            r#""\U00110000""#,
            "\"a\\\"",
            "\"\u{1}\"",
            "\"\u{7f}\"",
            "x",
        ] {
            assert_eq!(string_offsets(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn literal_strings() {
        assert_eq!(check("'a\\n'"), vec![1, 2, 3, 4]);
        assert_eq!(check("''"), vec![1]);
        assert_eq!(check("'Київ'").len(), "Київ".len() + 1);
        assert_eq!(string_offsets("'a'b'"), None);
        assert_eq!(string_offsets("'a\nb'"), None);
        assert_eq!(string_offsets("'"), None);
    }

    #[test]
    fn multi_line_basic() {
        // Leading newline trimmed.
        assert_eq!(check("\"\"\"\nab\"\"\""), vec![4, 5, 6]);
        assert_eq!(check("\"\"\"\r\nab\"\"\""), vec![5, 6, 7]);
        assert_eq!(check("\"\"\"\"\"\""), vec![3]);
        // Inner newlines kept, CRLF kept as two bytes.
        assert_eq!(check("\"\"\"a\nb\"\"\""), vec![3, 4, 5, 6]);
        assert_eq!(check("\"\"\"a\r\nb\"\"\""), vec![3, 4, 5, 6, 7]);
        // Line-ending backslash trims the newline and following whitespace.
        assert_eq!(check("\"\"\"a \\\n   \n  b\"\"\""), vec![3, 4, 13, 14]);
        assert_eq!(check("\"\"\"a\\  \r\n b\"\"\""), vec![3, 10, 11]);
        // Quotes inside, and up to two before the closing delimiter.
        assert_eq!(check("\"\"\"a\"\"b\"\"\"\"\""), vec![3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(check("\"\"\"\\\"\"\"\"\"\""), vec![3, 5, 6, 7]);
        assert_eq!(check("\"\"\"x\\u00e9\"\"\""), vec![3, 4, 4, 10]);
    }

    #[test]
    fn multi_line_basic_rejects() {
        for raw in [
            "\"\"\"",
            "\"\"\"\"\"",
            "\"\"\"a\"\"\"b\"\"\"",
            "\"\"\"a\\ b\"\"\"",
            "\"\"\"a\rb\"\"\"",
            "\"\"\"a\"\"\"\"\"\"",
            "\"\"\"\\q\"\"\"",
        ] {
            assert_eq!(string_offsets(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn multi_line_literal() {
        assert_eq!(check("'''\nab'''"), vec![4, 5, 6]);
        assert_eq!(check("'''a\\n'''"), vec![3, 4, 5, 6]);
        assert_eq!(check("'''a''b'''''"), vec![3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(check("'''é\r\n'''"), vec![3, 4, 5, 6, 7]);
        assert_eq!(check("''''''"), vec![3]);
        assert_eq!(string_offsets("'''a'''b'''"), None);
        assert_eq!(string_offsets("'''a\rb'''"), None);
        assert_eq!(string_offsets("'''"), None);
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("\\n".to_owned()),
            Just("\\\\".to_owned()),
            Just("\\\"".to_owned()),
            Just("\\u00e9".to_owned()),
            Just("\\U0001F600".to_owned()),
            Just("\\x41".to_owned()),
            Just("\\\n  ".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("\"".to_owned()),
            Just("'".to_owned()),
            Just("é".to_owned()),
            Just("\\".to_owned()),
            Just("\t".to_owned()),
            "[a-z ]{0,3}",
        ]
    }

    fn token() -> impl Strategy<Value = String> {
        (
            prop::sample::select(vec!["\"", "'", "\"\"\"", "'''"]),
            prop::collection::vec(piece(), 0..8),
        )
            .prop_map(|(q, ps)| format!("{q}{}{q}", ps.concat()))
    }

    proptest! {
        #[test]
        fn never_panics_on_anything(raw in ".{0,40}") {
            if let Some(m) = string_offsets(&raw) {
                prop_assert!(m.windows(2).all(|w| w[0] <= w[1]));
                prop_assert!(m.iter().all(|&o| o <= raw.len()));
            }
        }

        #[test]
        fn agrees_with_toml(raw in token()) {
            let ours = string_offsets(&raw);
            let theirs = toml_decode(&raw);
            if let Some(m) = &ours {
                prop_assert!(m.windows(2).all(|w| w[0] <= w[1]));
                prop_assert!(m.iter().all(|&o| o <= raw.len()));
                let decoded = theirs.clone();
                prop_assert!(decoded.is_some(), "we accept {:?}, toml does not", raw);
                let decoded = decoded.unwrap_or_default();
                prop_assert_eq!(m.len(), decoded.len() + 1);
                for (i, &d) in decoded.as_bytes().iter().enumerate() {
                    let r = raw.as_bytes()[m[i]];
                    prop_assert!(r == d || r == b'\\');
                }
            } else if theirs.is_some() {
                // toml read the whole line as this one string; we must too.
                prop_assert!(false, "toml accepts {:?}, we do not", raw);
            }
        }
    }
}
