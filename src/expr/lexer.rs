//! Tokens of the expression language, with their byte spans in the text.

use super::error::ExprError;
use crate::diagnostic::Code;
use crate::model::CmpOp;
use crate::model::Span;
use std::borrow::Cow;

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TokenKind<'a> {
    /// A term id (or any other word that is not a keyword).
    Ident(&'a str),
    Int(i64),
    /// A quoted string, with its escapes decoded (borrowed when it has none).
    Str(Cow<'a, str>),
    True,
    False,
    And,
    Or,
    Not,
    In,
    Implies,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Cmp(CmpOp),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token<'a> {
    pub kind: TokenKind<'a>,
    pub span: Span,
}

/// Split `text` into tokens, or report the first thing that is not one.
pub(super) fn tokenize(text: &str) -> Result<Vec<Token<'_>>, ExprError> {
    let mut lx = Lexer { text, pos: 0 };
    // About one token per four bytes (`a.b == 'c'` is three in ten): one
    // allocation for most expressions instead of one per doubling.
    let mut out = Vec::with_capacity(text.len() / 4 + 4);
    while let Some(c) = lx.peek() {
        if c.is_whitespace() {
            lx.pos += c.len_utf8();
            continue;
        }
        let start = lx.pos;
        let kind = match c {
            '(' | ')' | '[' | ']' | ',' => {
                lx.pos += 1;
                match c {
                    '(' => TokenKind::LParen,
                    ')' => TokenKind::RParen,
                    '[' => TokenKind::LBracket,
                    ']' => TokenKind::RBracket,
                    _ => TokenKind::Comma,
                }
            }
            '\'' | '"' => lx.string(c)?,
            '0'..='9' => lx.number()?,
            '-' if lx.peek_at(1).is_some_and(|d| d.is_ascii_digit()) => lx.number()?,
            c if c.is_alphabetic() || c == '_' => lx.word(),
            _ => lx.operator()?,
        };
        out.push(Token {
            kind,
            span: Span::new(start, lx.pos),
        });
    }
    Ok(out)
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        // Nearly every expression is ASCII: a byte is its own character.
        match self.text.as_bytes().get(self.pos) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            _ => self.rest().chars().next(),
        }
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    /// Advance over the longest run of characters matching `f`.
    fn eat_while(&mut self, f: impl Fn(char) -> bool) {
        // A byte at a time while the text is ASCII, then by characters.
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if !b.is_ascii() {
                let len: usize = self
                    .rest()
                    .chars()
                    .take_while(|&c| f(c))
                    .map(char::len_utf8)
                    .sum();
                self.pos += len;
                return;
            }
            if !f(char::from(b)) {
                return;
            }
            self.pos += 1;
        }
    }

    fn slice(&self, start: usize) -> &'a str {
        self.text.get(start..self.pos).unwrap_or("")
    }

    /// A term id or a keyword.
    fn word(&mut self) -> TokenKind<'a> {
        let start = self.pos;
        self.eat_while(|c| c.is_alphanumeric() || c == '_' || c == '.');
        match self.slice(start) {
            "and" => TokenKind::And,
            "or" => TokenKind::Or,
            "not" => TokenKind::Not,
            "in" => TokenKind::In,
            "implies" => TokenKind::Implies,
            "true" => TokenKind::True,
            "false" => TokenKind::False,
            w => TokenKind::Ident(w),
        }
    }

    /// An integer, optionally negative, with `_` allowed between digits.
    fn number(&mut self) -> Result<TokenKind<'a>, ExprError> {
        let start = self.pos;
        let negative = self.peek() == Some('-');
        if negative {
            self.pos += 1;
        }
        self.eat_while(|c| c.is_alphanumeric() || c == '_' || c == '.');
        let span = Span::new(start, self.pos);
        let text = self.slice(start);
        let digits = text.trim_start_matches('-');
        let well_formed = digits.chars().all(|c| c.is_ascii_digit() || c == '_')
            && !digits.ends_with('_')
            && !digits.contains("__");
        if !well_formed {
            let help = if digits.contains('.') {
                "numbers must be whole, e.g. `600_000`"
            } else {
                "a number is digits with optional `_` between them, e.g. `600_000`"
            };
            return Err(
                ExprError::new(Code::ExprSyntax, span, format!("invalid number `{text}`"))
                    .with_label("not a number")
                    .with_help(help),
            );
        }
        let mut magnitude: i128 = 0;
        for d in digits.bytes().filter(u8::is_ascii_digit) {
            magnitude = magnitude
                .saturating_mul(10)
                .saturating_add(i128::from(d - b'0'));
        }
        let value = if negative { -magnitude } else { magnitude };
        match i64::try_from(value) {
            Ok(n) => Ok(TokenKind::Int(n)),
            Err(_) => Err(ExprError::new(
                Code::ExprSyntax,
                span,
                format!("number `{text}` is too large"),
            )
            .with_label("out of range")
            .with_help(format!(
                "numbers must lie between {} and {}",
                i64::MIN,
                i64::MAX
            ))),
        }
    }

    /// A string in `quote`s; `\'`, `\"` and `\\` are its only escapes.
    fn string(&mut self, quote: char) -> Result<TokenKind<'a>, ExprError> {
        let start = self.pos;
        self.pos += quote.len_utf8();
        let (text, body) = (self.text, self.pos);
        // Most strings hold no escape: the closing quote is the first quote
        // or backslash after the opening one (both ASCII, so the cut is on a
        // character boundary).
        let rest = text.as_bytes().get(body..).unwrap_or(&[]);
        let q = quote as u8;
        if let Some(k) = rest.iter().position(|&c| c == q || c == b'\\') {
            if rest.get(k) == Some(&q) {
                if let Some(s) = text.get(body..body + k) {
                    self.pos = body + k + 1;
                    return Ok(TokenKind::Str(Cow::Borrowed(s)));
                }
            }
        }
        // The text between the quotes, copied only once an escape differs from it.
        let mut value: Option<String> = None;
        loop {
            let at = self.pos;
            let c = self.peek();
            // A `\` at the very end leaves the string open too.
            let open = c.is_none() || (c == Some('\\') && self.peek_at(1).is_none());
            let Some(c) = c.filter(|_| !open) else {
                self.pos = self.text.len();
                return Err(ExprError::new(
                    Code::ExprSyntax,
                    Span::new(start, self.pos),
                    "unterminated string",
                )
                .with_label("this string is not closed")
                .with_help(format!("close it with `{quote}`")));
            };
            self.pos += c.len_utf8();
            if c == quote {
                return Ok(TokenKind::Str(match value {
                    Some(v) => Cow::Owned(v),
                    None => Cow::Borrowed(text.get(body..at).unwrap_or("")),
                }));
            }
            if c == '\\' {
                match self.peek() {
                    Some(e @ ('\'' | '"' | '\\')) => {
                        self.pos += 1;
                        value
                            .get_or_insert_with(|| text.get(body..at).unwrap_or("").to_owned())
                            .push(e);
                    }
                    next => {
                        self.pos += next.map_or(0, char::len_utf8);
                        let shown = self.slice(at).to_owned();
                        return Err(ExprError::new(
                            Code::ExprSyntax,
                            Span::new(at, self.pos),
                            format!("unknown escape `{shown}` in a string"),
                        )
                        .with_help("the only escapes are `\\'`, `\\\"` and `\\\\`"));
                    }
                }
            } else if let Some(v) = value.as_mut() {
                v.push(c);
            }
        }
    }

    /// A comparison operator, or an error for anything else.
    fn operator(&mut self) -> Result<TokenKind<'a>, ExprError> {
        let start = self.pos;
        let c = self.peek().unwrap_or(' ');
        let next = self.peek_at(1);
        let two = |op| (2, Ok(op));
        let (len, result): (usize, Result<CmpOp, (&str, &str)>) = match (c, next) {
            ('=', Some('=')) => two(CmpOp::Eq),
            ('!', Some('=')) => two(CmpOp::Ne),
            ('<', Some('=')) => two(CmpOp::Le),
            ('>', Some('=')) => two(CmpOp::Ge),
            ('<', Some('>')) => (2, Err(("unexpected `<>`", "use `!=` for \"not equal\""))),
            ('<', _) => (1, Ok(CmpOp::Lt)),
            ('>', _) => (1, Ok(CmpOp::Gt)),
            ('=', Some('>')) => (2, Err(("unexpected `=>`", "use `implies`"))),
            ('-', Some('>')) => (2, Err(("unexpected `->`", "use `implies`"))),
            ('=', _) => (1, Err(("unexpected `=`", "use `==` to compare"))),
            ('!', _) => (1, Err(("unexpected `!`", "use `not`"))),
            ('&', Some('&')) => (2, Err(("unexpected `&&`", "use `and`"))),
            ('&', _) => (1, Err(("unexpected `&`", "use `and`"))),
            ('|', Some('|')) => (2, Err(("unexpected `||`", "use `or`"))),
            ('|', _) => (1, Err(("unexpected `|`", "use `or`"))),
            ('-', Some(n)) if n.is_alphabetic() && self.after_word() => (
                1,
                Err(("unexpected `-`", "term ids join words with `_`, not `-`")),
            ),
            ('-', _) => (
                1,
                Err(("unexpected `-`", "a negative number is written `-5`")),
            ),
            ('\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}', _) => (
                1,
                Err((
                    "unexpected curly quote",
                    "write strings in straight quotes: `'value'`",
                )),
            ),
            _ => (1, Err(("", ""))),
        };
        // `len` counts characters; all of them here are one char each.
        let mut end = start;
        for ch in self.rest().chars().take(len) {
            end += ch.len_utf8();
        }
        self.pos = end;
        match result {
            Ok(op) => Ok(TokenKind::Cmp(op)),
            Err(("", _)) => Err(ExprError::new(
                Code::ExprSyntax,
                Span::new(start, end),
                format!("unexpected character `{c}`"),
            )
            .with_label("not part of the expression language")),
            Err((message, help)) => {
                Err(
                    ExprError::new(Code::ExprSyntax, Span::new(start, end), message)
                        .with_label("not an operator")
                        .with_help(help),
                )
            }
        }
    }

    /// Whether the character before the current position belongs to a word.
    fn after_word(&self) -> bool {
        self.text
            .get(..self.pos)
            .and_then(|s| s.chars().next_back())
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
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

    fn kinds(text: &str) -> Vec<TokenKind<'_>> {
        tokenize(text)
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    fn err(text: &str) -> ExprError {
        tokenize(text).unwrap_err()
    }

    #[test]
    fn words_and_keywords() {
        use TokenKind::*;
        assert_eq!(
            kinds("troops.western_presence and not x or y implies z in true false"),
            vec![
                Ident("troops.western_presence"),
                And,
                Not,
                Ident("x"),
                Or,
                Ident("y"),
                Implies,
                Ident("z"),
                In,
                True,
                False
            ]
        );
        assert_eq!(
            kinds("AND Troops.X2"),
            vec![Ident("AND"), Ident("Troops.X2")]
        );
    }

    #[test]
    fn numbers() {
        use TokenKind::*;
        assert_eq!(
            kinds("600_000 -5 0 -0"),
            vec![Int(600_000), Int(-5), Int(0), Int(0)]
        );
        assert_eq!(
            kinds("9223372036854775807 -9223372036854775808"),
            vec![Int(i64::MAX), Int(i64::MIN)]
        );
        let e = err("9223372036854775808");
        assert_eq!(e.span, Span::new(0, 19));
        assert!(e.message.contains("too large"));
        assert!(err("99999999999999999999999999999999999999999999999")
            .message
            .contains("too large"));
        assert_eq!(err("x == 1__0").message, "invalid number `1__0`");
        assert_eq!(err("x == 10_").span, Span::new(5, 8));
        assert!(err("1.5").help.unwrap().contains("whole"));
        assert_eq!(err("12abc").message, "invalid number `12abc`");
    }

    #[test]
    fn strings() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#"'a' "b" 'it\'s' "q\"" '\\' "Київ""#),
            vec![
                Str("a".into()),
                Str("b".into()),
                Str("it's".into()),
                Str("q\"".into()),
                Str("\\".into()),
                Str("Київ".into())
            ]
        );
        let e = err("x == 'abc");
        assert_eq!(
            (e.message.as_str(), e.span),
            ("unterminated string", Span::new(5, 9))
        );
        let e = err(r"'a\nb'");
        assert_eq!(e.span, Span::new(2, 4));
        assert_eq!(e.message, "unknown escape `\\n` in a string");
        let e = err("'a\\");
        assert_eq!(
            (e.message.as_str(), e.span),
            ("unterminated string", Span::new(0, 3))
        );
    }

    #[test]
    fn ascii_runs_and_other_characters_mix() {
        use TokenKind::*;
        // A word that turns non-ASCII part way, a string holding the other
        // quote and a non-ASCII character before an escape, a string whose
        // first backslash comes after a quote of the other kind.
        assert_eq!(
            kinds(r#"aé_b.ü9 == 'x"y' "Ки\"ї" 'p"\'q'"#),
            vec![
                Ident("aé_b.ü9"),
                Cmp(CmpOp::Eq),
                Str("x\"y".into()),
                Str("Ки\"ї".into()),
                Str("p\"'q".into())
            ]
        );
        let spans: Vec<Span> = tokenize("é 'ü'")
            .unwrap()
            .into_iter()
            .map(|t| t.span)
            .collect();
        assert_eq!(spans, [Span::new(0, 2), Span::new(3, 7)]);
        let e = err("'ü\\");
        assert_eq!(
            (e.message.as_str(), e.span),
            ("unterminated string", Span::new(0, 4))
        );
    }

    #[test]
    fn punctuation_and_operators() {
        use TokenKind::*;
        assert_eq!(
            kinds("([,]) == != < <= > >="),
            vec![
                LParen,
                LBracket,
                Comma,
                RBracket,
                RParen,
                Cmp(CmpOp::Eq),
                Cmp(CmpOp::Ne),
                Cmp(CmpOp::Lt),
                Cmp(CmpOp::Le),
                Cmp(CmpOp::Gt),
                Cmp(CmpOp::Ge)
            ]
        );
        let spans: Vec<Span> = tokenize("a<=b")
            .unwrap()
            .into_iter()
            .map(|t| t.span)
            .collect();
        assert_eq!(
            spans,
            vec![Span::new(0, 1), Span::new(1, 3), Span::new(3, 4)]
        );
    }

    #[test]
    fn helpful_errors() {
        let cases = [
            ("a = b", "use `==` to compare", Span::new(2, 3)),
            ("a && b", "use `and`", Span::new(2, 4)),
            ("a || b", "use `or`", Span::new(2, 4)),
            ("!a", "use `not`", Span::new(0, 1)),
            ("a => b", "use `implies`", Span::new(2, 4)),
            ("a -> b", "use `implies`", Span::new(2, 4)),
            ("a <> b", "use `!=` for \"not equal\"", Span::new(2, 4)),
            (
                "troops.western-presence",
                "term ids join words with `_`, not `-`",
                Span::new(14, 15),
            ),
        ];
        for (text, help, span) in cases {
            let e = err(text);
            assert_eq!(e.code, Code::ExprSyntax);
            assert_eq!(e.help.as_deref(), Some(help), "{text}");
            assert_eq!(e.span, span, "{text}");
        }
        let e = err("a £ b");
        assert_eq!(e.message, "unexpected character `£`");
        assert_eq!(e.span, Span::new(2, 4));
        let e = err("x == ‘none’");
        assert_eq!(e.span, Span::new(5, 8));
    }
}
