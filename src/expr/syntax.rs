//! Syntax of constraint expressions: a recursive-descent parser over the
//! lexer's tokens that builds an untyped tree with byte spans.
//!
//! Precedence, loosest first: `implies` (right-associative), `or`, `and`,
//! `not`, then at most one comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`,
//! `in [..]`, `not in [..]`) between atoms. Nesting is limited to
//! [`MAX_DEPTH`]. Parsing stops at the first syntax error; names, kinds and
//! values are left to [`typeck`](super::typeck).

use super::error::ExprError;
use super::lexer::{tokenize, Token, TokenKind};
use crate::diagnostic::Code;
use crate::model::{CmpOp, Span};
use std::borrow::Cow;

/// How deeply parentheses, `not`, lists and `implies` may nest.
pub const MAX_DEPTH: usize = 64;

/// Parse `text` into a syntax tree, or return the first syntax error.
pub(super) fn parse(text: &str) -> Result<Node<'_>, ExprError> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(ExprError::new(
            Code::ExprSyntax,
            Span::new(0, text.len()),
            "empty expression",
        )
        .with_label("expected a condition")
        .with_help("write a condition, e.g. `term == 'value'`"));
    }
    let mut parser = Parser {
        text,
        tokens,
        pos: 0,
        depth: 0,
    };
    let node = parser.expr()?;
    if let Some(tok) = parser.peek() {
        let shown = parser.show(Some(tok));
        let err = ExprError::new(
            Code::ExprSyntax,
            tok.span,
            format!("unexpected {shown} after the end of the expression"),
        );
        let err = match tok.kind {
            TokenKind::RParen => err.with_label("no matching `(`"),
            TokenKind::Ident(word) => {
                let lower = word.to_lowercase();
                if ["and", "or", "not", "in", "implies"].contains(&lower.as_str()) {
                    err.with_help(format!("keywords are lowercase: write `{lower}`"))
                } else {
                    err.with_help("join conditions with `and` or `or`")
                }
            }
            TokenKind::Str(_) | TokenKind::Int(_) => {
                err.with_help("join conditions with `and` or `or`")
            }
            _ => err,
        };
        return Err(err);
    }
    Ok(node)
}

/// A node of the untyped syntax tree, with the byte span it covers.
#[derive(Debug)]
pub(super) struct Node<'a> {
    pub(super) kind: NodeKind<'a>,
    pub(super) span: Span,
}

/// What a syntax node is. Parentheses are kept (as `Paren`): a
/// parenthesised condition is not a term or a value to the type checker.
#[derive(Debug)]
pub(super) enum NodeKind<'a> {
    Ident(&'a str),
    Int(i64),
    Str(Cow<'a, str>),
    Bool(bool),
    Paren(Box<Node<'a>>),
    Not(Box<Node<'a>>),
    And(Vec<Node<'a>>),
    Or(Vec<Node<'a>>),
    Implies(Box<Node<'a>>, Box<Node<'a>>),
    Cmp {
        lhs: Box<Node<'a>>,
        op: CmpOp,
        op_span: Span,
        rhs: Box<Node<'a>>,
    },
    In {
        lhs: Box<Node<'a>>,
        negated: bool,
        items: Vec<Node<'a>>,
    },
}

fn join(a: Span, b: Span) -> Span {
    Span::new(a.start.min(b.start), a.end.max(b.end))
}

type PResult<T> = Result<T, ExprError>;

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token<'a>>,
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Token<'a>> {
        self.tokens.get(self.pos)
    }

    fn peek_kind(&self) -> Option<&TokenKind<'a>> {
        self.peek().map(|t| &t.kind)
    }

    fn next(&mut self) -> Option<Token<'a>> {
        let tok = self.tokens.get(self.pos).cloned();
        if tok.is_some() {
            self.pos += 1;
        }
        tok
    }

    fn eat(&mut self, kind: &TokenKind<'a>) -> Option<Token<'a>> {
        if self.peek_kind() == Some(kind) {
            self.next()
        } else {
            None
        }
    }

    /// The span just past the last token.
    fn end_span(&self) -> Span {
        Span::new(self.text.len(), self.text.len())
    }

    /// How to name a token (or the end) in a message.
    fn show(&self, tok: Option<&Token>) -> String {
        match tok {
            Some(t) => {
                let s = self.text.get(t.span.start..t.span.end).unwrap_or("?");
                format!("`{s}`")
            }
            None => "the end of the expression".to_owned(),
        }
    }

    /// An error about the next token (or the end), `expected ..., found ...`.
    fn expected(&self, what: &str) -> ExprError {
        let tok = self.peek();
        let span = tok.map_or(self.end_span(), |t| t.span);
        ExprError::new(
            Code::ExprSyntax,
            span,
            format!("expected {what}, found {}", self.show(tok)),
        )
    }

    /// Go one level deeper (at the token spanning `span`), or fail when that
    /// is too deep.
    fn enter(&mut self, span: Span) -> PResult<()> {
        if self.depth >= MAX_DEPTH {
            return Err(ExprError::new(
                Code::ExprTooDeep,
                span,
                format!("expression nested deeper than {MAX_DEPTH} levels"),
            )
            .with_label("too deep")
            .with_help("split the condition into simpler parts"));
        }
        self.depth += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn expr(&mut self) -> PResult<Node<'a>> {
        self.implies()
    }

    /// `or ("implies" implies)?`: right-associative.
    fn implies(&mut self) -> PResult<Node<'a>> {
        let lhs = self.or()?;
        let Some(tok) = self.eat(&TokenKind::Implies) else {
            return Ok(lhs);
        };
        self.enter(tok.span)?;
        let rhs = self.implies()?;
        self.leave();
        let span = join(lhs.span, rhs.span);
        Ok(Node {
            kind: NodeKind::Implies(Box::new(lhs), Box::new(rhs)),
            span,
        })
    }

    fn or(&mut self) -> PResult<Node<'a>> {
        let first = self.and()?;
        if self.peek_kind() != Some(&TokenKind::Or) {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat(&TokenKind::Or).is_some() {
            items.push(self.and()?);
        }
        Ok(chain(items, NodeKind::Or))
    }

    fn and(&mut self) -> PResult<Node<'a>> {
        let first = self.unary()?;
        if self.peek_kind() != Some(&TokenKind::And) {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat(&TokenKind::And).is_some() {
            items.push(self.unary()?);
        }
        Ok(chain(items, NodeKind::And))
    }

    fn unary(&mut self) -> PResult<Node<'a>> {
        let Some(tok) = self.eat(&TokenKind::Not) else {
            return self.cmp();
        };
        self.enter(tok.span)?;
        let inner = self.unary()?;
        self.leave();
        let span = join(tok.span, inner.span);
        Ok(Node {
            kind: NodeKind::Not(Box::new(inner)),
            span,
        })
    }

    fn cmp(&mut self) -> PResult<Node<'a>> {
        let lhs = self.atom()?;
        let node = match self.peek_kind() {
            Some(TokenKind::Cmp(op)) => {
                let op = *op;
                let op_span = self.next().map_or(self.end_span(), |t| t.span);
                let rhs = self.atom()?;
                let span = join(lhs.span, rhs.span);
                Node {
                    kind: NodeKind::Cmp {
                        lhs: Box::new(lhs),
                        op,
                        op_span,
                        rhs: Box::new(rhs),
                    },
                    span,
                }
            }
            Some(TokenKind::In) => {
                self.pos += 1;
                self.in_list(lhs, false)?
            }
            Some(TokenKind::Not)
                if self.tokens.get(self.pos + 1).map(|t| &t.kind) == Some(&TokenKind::In) =>
            {
                self.pos += 2;
                self.in_list(lhs, true)?
            }
            _ => return Ok(lhs),
        };
        if let Some(
            tok @ Token {
                kind: TokenKind::Cmp(_) | TokenKind::In,
                ..
            },
        ) = self.peek()
        {
            return Err(ExprError::new(
                Code::ExprSyntax,
                tok.span,
                "comparisons cannot be chained",
            )
            .with_label("a second comparison")
            .with_help("join comparisons with `and`, e.g. `a > 1 and a < 5`"));
        }
        Ok(node)
    }

    /// The list after `in` / `not in` (already consumed).
    fn in_list(&mut self, lhs: Node<'a>, negated: bool) -> PResult<Node<'a>> {
        let Some(open) = self.eat(&TokenKind::LBracket) else {
            let kw = if negated { "not in" } else { "in" };
            return Err(self
                .expected(&format!("`[` after `{kw}`"))
                .with_help(format!("list the values, e.g. `term {kw} ['a', 'b']`")));
        };
        self.enter(open.span)?;
        let mut items = Vec::new();
        let close = match self.eat(&TokenKind::RBracket) {
            Some(close) => close,
            None => loop {
                items.push(self.atom()?);
                if self.eat(&TokenKind::Comma).is_some() {
                    if self.peek_kind() == Some(&TokenKind::RBracket) {
                        return Err(self
                            .expected("a value after `,`")
                            .with_help("remove the trailing `,`"));
                    }
                    continue;
                }
                match self.eat(&TokenKind::RBracket) {
                    Some(close) => break close,
                    None => {
                        return Err(self
                            .expected("`]` or `,`")
                            .with_label("expected `]` or `,`"))
                    }
                }
            },
        };
        self.leave();
        let span = join(lhs.span, close.span);
        Ok(Node {
            kind: NodeKind::In {
                lhs: Box::new(lhs),
                negated,
                items,
            },
            span,
        })
    }

    fn atom(&mut self) -> PResult<Node<'a>> {
        let Some(tok) = self.peek().cloned() else {
            return Err(self.expected("a term, a value or `(`"));
        };
        let kind = match tok.kind {
            TokenKind::Ident(name) => NodeKind::Ident(name),
            TokenKind::Int(n) => NodeKind::Int(n),
            TokenKind::Str(s) => NodeKind::Str(s),
            TokenKind::True => NodeKind::Bool(true),
            TokenKind::False => NodeKind::Bool(false),
            TokenKind::LParen => {
                self.pos += 1;
                self.enter(tok.span)?;
                let inner = self.expr()?;
                self.leave();
                let Some(close) = self.eat(&TokenKind::RParen) else {
                    return Err(self.expected("`)`").with_label("expected `)`"));
                };
                let span = join(tok.span, close.span);
                return Ok(Node {
                    kind: NodeKind::Paren(Box::new(inner)),
                    span,
                });
            }
            _ => {
                let err = self.expected("a term, a value or `(`");
                return Err(match tok.kind {
                    TokenKind::Cmp(_) | TokenKind::In => {
                        err.with_help("a comparison needs a term or a value on each side")
                    }
                    _ => err,
                });
            }
        };
        self.pos += 1;
        Ok(Node {
            kind,
            span: tok.span,
        })
    }
}

/// An `and`/`or` node over two or more items.
fn chain<'a>(items: Vec<Node<'a>>, make: fn(Vec<Node<'a>>) -> NodeKind<'a>) -> Node<'a> {
    let start = items.first().map_or(0, |n| n.span.start);
    let end = items.last().map_or(start, |n| n.span.end);
    Node {
        kind: make(items),
        span: Span::new(start, end),
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
    use super::MAX_DEPTH;
    use crate::diagnostic::Code;
    use crate::expr::fixtures::{ok, one, t, truth_table, vocab};
    use crate::expr::parse;
    use crate::model::{Expr, Span, Vocabulary};
    use proptest::prelude::*;

    fn same_table(text: &str, f: impl Fn(bool, bool, bool) -> bool) {
        let e = ok(text);
        let want: Vec<bool> = (0..8u32)
            .map(|bits| f(bits & 1 != 0, bits & 2 != 0, bits & 4 != 0))
            .collect();
        assert_eq!(truth_table(&e), want, "{text}");
    }

    fn imp(a: bool, b: bool) -> bool {
        !a || b
    }

    #[test]
    #[allow(clippy::nonminimal_bool)] // the oracles are written as the text reads
    fn precedence_and_associativity() {
        same_table("a or b and c", |a, b, c| a || (b && c));
        same_table("a and b or c", |a, b, c| (a && b) || c);
        same_table("not a and b", |a, b, _| !a && b);
        same_table("not (a and b)", |a, b, _| !(a && b));
        same_table("a implies b implies c", |a, b, c| !a || (!b || c));
        same_table("(a implies b) implies c", |a, b, c| imp(imp(a, b), c));
        same_table("a or b implies c", |a, b, c| !(a || b) || c);
        same_table("a implies b or c", |a, b, c| !a || b || c);
        same_table("not not a", |a, _, _| a);
        same_table("a and b and c or not a", |a, b, c| (a && b && c) || !a);
        same_table("a == b", |a, b, _| a == b);
    }

    #[test]
    fn syntax_errors() {
        let cases: &[(&str, &str, Span)] = &[
            ("", "empty expression", Span::new(0, 0)),
            ("   ", "empty expression", Span::new(0, 3)),
            (
                "a and )",
                "expected a term, a value or `(`, found `)`",
                Span::new(6, 7),
            ),
            (
                "a and",
                "expected a term, a value or `(`, found the end of the expression",
                Span::new(5, 5),
            ),
            (
                "(a",
                "expected `)`, found the end of the expression",
                Span::new(2, 2),
            ),
            ("(a b)", "expected `)`, found `b`", Span::new(3, 4)),
            (
                "a in ['x' 'y']",
                "expected `]` or `,`, found `'y'`",
                Span::new(10, 13),
            ),
            (
                "a in ['x',]",
                "expected a value after `,`, found `]`",
                Span::new(10, 11),
            ),
            (
                "a in 'x'",
                "expected `[` after `in`, found `'x'`",
                Span::new(5, 8),
            ),
            (
                "a not in",
                "expected `[` after `not in`, found the end of the expression",
                Span::new(8, 8),
            ),
            (
                "a foo",
                "unexpected `foo` after the end of the expression",
                Span::new(2, 5),
            ),
            (
                "a)",
                "unexpected `)` after the end of the expression",
                Span::new(1, 2),
            ),
            (
                "a not b",
                "unexpected `not` after the end of the expression",
                Span::new(2, 5),
            ),
            (
                "army.cap < 5 < 6",
                "comparisons cannot be chained",
                Span::new(13, 14),
            ),
            (
                "== a",
                "expected a term, a value or `(`, found `==`",
                Span::new(0, 2),
            ),
            ("a = b", "unexpected `=`", Span::new(2, 3)),
        ];
        for (text, message, span) in cases {
            let e = one(text);
            assert_eq!(e.code, Code::ExprSyntax, "{text}");
            assert_eq!(&e.message, message, "{text}");
            assert_eq!(&e.span, span, "{text}");
        }
        // A syntax error wins over type errors elsewhere: only one is reported.
        assert_eq!(one("unknown_term and (").code, Code::ExprSyntax);
    }

    #[test]
    fn depth_limit() {
        let nested = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(ok(&nested(MAX_DEPTH)), Expr::Var(t(0)));
        let e = one(&nested(MAX_DEPTH + 1));
        assert_eq!(e.code, Code::ExprTooDeep);
        assert_eq!(e.message, "expression nested deeper than 64 levels");
        assert_eq!(e.span, Span::new(MAX_DEPTH, MAX_DEPTH + 1));
        let nots = |n: usize| format!("{}a", "not ".repeat(n));
        assert_eq!(
            truth_table(&ok(&nots(MAX_DEPTH))),
            truth_table(&Expr::Var(t(0)))
        );
        assert_eq!(one(&nots(MAX_DEPTH + 1)).code, Code::ExprTooDeep);
    }

    #[test]
    fn very_deep_input_is_rejected_quickly() {
        let start = std::time::Instant::now();
        let e = one(&format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000)));
        assert_eq!(e.code, Code::ExprTooDeep);
        let e = one(&"(".repeat(100_000));
        assert_eq!(e.code, Code::ExprTooDeep);
        let e = one(&format!("{}a", "not ".repeat(100_000)));
        assert_eq!(e.code, Code::ExprTooDeep);
        let e = one(&format!("army.cap in {}", "[".repeat(100_000)));
        assert_eq!(e.code, Code::ExprSyntax);
        let e = one(&vec!["a"; 100_000].join(" implies "));
        assert_eq!(e.code, Code::ExprTooDeep);
        let e = one(&format!("{}a", "not (".repeat(50_000)));
        assert_eq!(e.code, Code::ExprTooDeep);
        assert!(start.elapsed().as_secs() < 10);
    }

    fn token_text() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "a",
            "b",
            "peace.signed",
            "troops.western_presence",
            "army.cap",
            "nato.accession",
            "zz",
            "and",
            "or",
            "not",
            "in",
            "implies",
            "true",
            "false",
            "(",
            ")",
            "[",
            "]",
            ",",
            "==",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            "'none'",
            "\"reactive\"",
            "'Київ'",
            "5",
            "-3",
            "600_000",
            "99999999999999999999",
            "=",
            "&&",
            "!",
            "'",
            "\\",
            "é",
            "1__2",
            "-",
        ])
        .prop_map(str::to_owned)
    }

    fn check_any(text: &str, vocab: &Vocabulary) -> Result<(), TestCaseError> {
        if let Err(es) = parse(text, vocab) {
            prop_assert!(!es.is_empty());
            for e in es {
                prop_assert!(
                    e.span.start <= e.span.end && e.span.end <= text.len(),
                    "{:?} in {:?}",
                    e,
                    text
                );
                prop_assert!(
                    text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end)
                );
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,60}") {
            check_any(&text, &vocab())?;
        }

        #[test]
        fn arbitrary_tokens_never_panic(toks in prop::collection::vec(token_text(), 0..24), sep in prop::sample::select(vec![" ", ""])) {
            let text = toks.join(sep);
            check_any(&text, &vocab())?;
        }
    }
}
