//! Recursive-descent parser and type checker for constraint expressions.
//!
//! Parsing builds an untyped syntax tree with spans (stopping at the first
//! syntax error); type checking then turns it into an [`Expr`] against the
//! vocabulary, collecting every type error.

use super::error::ExprError;
use super::lexer::{tokenize, Token, TokenKind};
use crate::diagnostic::{did_you_mean, Code};
use crate::model::{CmpOp, Expr};
use crate::model::{Span, Term, TermId, TermKind, Value, Vocabulary};
use std::borrow::Cow;

/// How deeply parentheses, `not`, lists and `implies` may nest.
pub const MAX_DEPTH: usize = 64;

/// Parse and type-check `text` against `vocab`.
///
/// On failure, returns the first syntax error alone, or every type error.
pub fn parse(text: &str, vocab: &Vocabulary) -> Result<Expr, Vec<ExprError>> {
    let tokens = tokenize(text).map_err(|e| vec![e])?;
    if tokens.is_empty() {
        return Err(vec![ExprError::new(
            Code::ExprSyntax,
            Span::new(0, text.len()),
            "empty expression",
        )
        .with_label("expected a condition")
        .with_help("write a condition, e.g. `term == 'value'`")]);
    }
    let mut parser = Parser {
        text,
        tokens,
        pos: 0,
        depth: 0,
    };
    let node = parser.expr().map_err(|e| vec![e])?;
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
        return Err(vec![err]);
    }
    let mut checker = Checker {
        vocab,
        errors: Vec::new(),
    };
    match checker.cond(&node) {
        Some(expr) if checker.errors.is_empty() => Ok(expr),
        _ => Err(checker.errors),
    }
}

// ---------------------------------------------------------------------------
// Syntax

#[derive(Debug)]
struct Node<'a> {
    kind: NodeKind<'a>,
    span: Span,
}

#[derive(Debug)]
enum NodeKind<'a> {
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

// ---------------------------------------------------------------------------
// Types

struct Checker<'v> {
    vocab: &'v Vocabulary,
    errors: Vec<ExprError>,
}

/// One side of a comparison or an element of a list.
enum Operand<'v> {
    Term(TermId, &'v Term),
    Lit(Lit),
    /// Already reported.
    Bad,
}

#[derive(Clone, Copy)]
enum Lit {
    Int(i64),
    Str,
    Bool(bool),
}

/// The node inside any parentheses.
fn strip<'n, 'a>(mut node: &'n Node<'a>) -> &'n Node<'a> {
    while let NodeKind::Paren(inner) = &node.kind {
        node = inner;
    }
    node
}

/// `` `a`, `b`, `c` ``
fn list_values(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Build a balanced tree of `and`/`or` (so that long chains stay shallow);
/// three items give `(a op b) op c` as left association would.
fn balanced(items: Vec<Expr>, make: fn(Box<Expr>, Box<Expr>) -> Expr) -> Option<Expr> {
    fn build(
        it: &mut std::vec::IntoIter<Expr>,
        n: usize,
        make: fn(Box<Expr>, Box<Expr>) -> Expr,
    ) -> Option<Expr> {
        if n <= 1 {
            return it.next();
        }
        let left = n.div_ceil(2);
        let l = build(it, left, make)?;
        let r = build(it, n - left, make)?;
        Some(make(Box::new(l), Box::new(r)))
    }
    let n = items.len();
    build(&mut items.into_iter(), n, make)
}

impl<'v> Checker<'v> {
    fn push(&mut self, err: ExprError) {
        self.errors.push(err);
    }

    fn term(&self, name: &str) -> Option<(TermId, &'v Term)> {
        let id = self.vocab.lookup(name)?;
        let term = self.vocab.terms.get(id.index())?;
        Some((id, term))
    }

    /// Report an unknown term, with a hint from the `context` term if the
    /// word is one of its values.
    fn unknown(&mut self, name: &str, span: Span, context: Option<&Term>) {
        let keywords = ["and", "or", "not", "in", "implies", "true", "false"];
        let lower = name.to_lowercase();
        let help = if let Some(TermKind::Enum(values)) = context.map(|t| &t.kind) {
            values
                .iter()
                .any(|v| v == name)
                .then(|| format!("to use the value `{name}`, quote it: `'{name}'`"))
        } else {
            None
        };
        let help = help
            .or_else(|| {
                (lower != name && keywords.contains(&lower.as_str()))
                    .then(|| format!("keywords are lowercase: write `{lower}`"))
            })
            .or_else(|| did_you_mean(name, self.vocab.by_id.keys().map(String::as_str)));
        self.push(
            ExprError::new(Code::UnknownTerm, span, format!("unknown term `{name}`"))
                .with_label("not in the vocabulary")
                .maybe_help(help),
        );
    }

    /// Check a node used as a condition.
    fn cond(&mut self, node: &Node) -> Option<Expr> {
        let span = node.span;
        match &node.kind {
            NodeKind::Bool(b) => Some(Expr::Const(*b)),
            NodeKind::Ident(name) => {
                let Some((id, term)) = self.term(name) else {
                    self.unknown(name, span, None);
                    return None;
                };
                match &term.kind {
                    TermKind::Bool => return Some(Expr::Var(id)),
                    TermKind::Enum(values) => {
                        let help = values
                            .first()
                            .map(|v| format!("compare it, e.g. `{name} == '{v}'`"));
                        self.push(
                            ExprError::new(
                                Code::ExprType,
                                span,
                                format!("`{name}` is an enum term, not a condition"),
                            )
                            .with_label("not a condition")
                            .maybe_help(help),
                        );
                    }
                    TermKind::Int { lo, .. } => {
                        self.push(
                            ExprError::new(
                                Code::ExprType,
                                span,
                                format!("`{name}` is an integer term, not a condition"),
                            )
                            .with_label("not a condition")
                            .with_help(format!("compare it, e.g. `{name} > {lo}`")),
                        );
                    }
                }
                None
            }
            NodeKind::Int(_) | NodeKind::Str(_) => {
                let (what, example) = match node.kind {
                    NodeKind::Int(_) => ("a number", "`term >= 5`"),
                    _ => ("a string", "`term == 'value'`"),
                };
                self.push(
                    ExprError::new(Code::ExprType, span, format!("{what} is not a condition"))
                        .with_label("not a condition")
                        .with_help(format!("compare a term with it, e.g. {example}")),
                );
                None
            }
            NodeKind::Paren(inner) => self.cond(inner),
            NodeKind::Not(inner) => Some(Expr::Not(Box::new(self.cond(inner)?))),
            NodeKind::And(items) | NodeKind::Or(items) => {
                // Every item is checked, so that each mistake is reported.
                let mut parts = Some(Vec::with_capacity(items.len()));
                for i in items {
                    match (self.cond(i), parts.as_mut()) {
                        (Some(e), Some(ps)) => ps.push(e),
                        _ => parts = None,
                    }
                }
                let make = if matches!(node.kind, NodeKind::And(_)) {
                    Expr::And
                } else {
                    Expr::Or
                };
                balanced(parts?, make)
            }
            NodeKind::Implies(a, b) => {
                let a = self.cond(a);
                let b = self.cond(b);
                Some(Expr::Implies(Box::new(a?), Box::new(b?)))
            }
            NodeKind::Cmp {
                lhs,
                op,
                op_span,
                rhs,
            } => self.cmp(lhs, *op, *op_span, rhs, span),
            NodeKind::In {
                lhs,
                negated,
                items,
            } => {
                let e = self.in_list(lhs, items)?;
                Some(if *negated { Expr::Not(Box::new(e)) } else { e })
            }
        }
    }

    /// The term a node names, if it is a known term (without reporting).
    fn known_term(&self, node: &Node) -> Option<&'v Term> {
        match &strip(node).kind {
            NodeKind::Ident(name) => self.term(name).map(|(_, t)| t),
            _ => None,
        }
    }

    /// Resolve one side of a comparison; `other` is the opposite side.
    fn operand(&mut self, node: &Node, other: &Node) -> Operand<'v> {
        let whole = node.span;
        let node = strip(node);
        match &node.kind {
            NodeKind::Ident(name) => match self.term(name) {
                Some((id, term)) => Operand::Term(id, term),
                None => {
                    let context = self.known_term(other);
                    self.unknown(name, node.span, context);
                    Operand::Bad
                }
            },
            NodeKind::Int(n) => Operand::Lit(Lit::Int(*n)),
            NodeKind::Str(_) => Operand::Lit(Lit::Str),
            NodeKind::Bool(b) => Operand::Lit(Lit::Bool(*b)),
            _ => {
                self.push(
                    ExprError::new(
                        Code::ExprType,
                        whole,
                        "a comparison needs a term or a value on each side",
                    )
                    .with_label("a condition, not a term or a value")
                    .with_help(
                        "compare terms with values, and join comparisons with `and` or `or`",
                    ),
                );
                Operand::Bad
            }
        }
    }

    fn cmp(
        &mut self,
        lhs: &Node,
        op: CmpOp,
        op_span: Span,
        rhs: &Node,
        span: Span,
    ) -> Option<Expr> {
        let l = self.operand(lhs, rhs);
        let r = self.operand(rhs, lhs);
        match (l, r) {
            (Operand::Bad, _) | (_, Operand::Bad) => None,
            (Operand::Term(a, ta), Operand::Term(b, tb)) => {
                self.term_term((a, ta), op, op_span, (b, tb), span)
            }
            (Operand::Term(id, term), Operand::Lit(lit)) => {
                self.term_lit(id, term, op, op, op_span, lit, strip(rhs))
            }
            (Operand::Lit(lit), Operand::Term(id, term)) => {
                self.term_lit(id, term, op.flip(), op, op_span, lit, strip(lhs))
            }
            (Operand::Lit(_), Operand::Lit(_)) => {
                self.push(
                    ExprError::new(
                        Code::ExprType,
                        span,
                        "a comparison needs a term on one side",
                    )
                    .with_label("no term here")
                    .with_help("compare a term with a value, e.g. `term == 'value'`"),
                );
                None
            }
        }
    }

    /// `term op literal` (op already normalised; `written` is as in the text).
    #[allow(clippy::too_many_arguments)]
    fn term_lit(
        &mut self,
        id: TermId,
        term: &Term,
        op: CmpOp,
        written: CmpOp,
        op_span: Span,
        lit: Lit,
        lit_node: &Node,
    ) -> Option<Expr> {
        let op_ok = self.check_op(term, written, op_span);
        let value = self.value_for(term, lit, lit_node);
        if !op_ok {
            return None;
        }
        Some(Expr::Cmp {
            term: id,
            op,
            value: value?,
        })
    }

    /// Whether `op` applies to `term`'s kind (ordering does not apply to bools).
    fn check_op(&mut self, term: &Term, op: CmpOp, op_span: Span) -> bool {
        if term.kind == TermKind::Bool && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            self.push(
                ExprError::new(
                    Code::ExprType,
                    op_span,
                    format!(
                        "`{}` does not apply to bool term `{}`",
                        op.as_str(),
                        term.id
                    ),
                )
                .with_label("not defined on true/false")
                .with_help("use `==` or `!=`"),
            );
            return false;
        }
        true
    }

    /// The value a literal denotes for `term`, or an error.
    fn value_for(&mut self, term: &Term, lit: Lit, node: &Node) -> Option<Value> {
        let id = &term.id;
        let span = node.span;
        let text = match &node.kind {
            NodeKind::Str(s) => s,
            _ => "",
        };
        // Words for a message, made only when there is one to write.
        let mismatch = |help: Option<String>| {
            let lit_word = match lit {
                Lit::Int(_) => "a number".to_owned(),
                Lit::Str => "a string".to_owned(),
                Lit::Bool(b) => format!("`{b}`"),
            };
            let kind = term.kind.describe();
            ExprError::new(
                Code::ExprType,
                span,
                format!("cannot compare {kind} term `{id}` with {lit_word}"),
            )
            .with_label(format!("expected a value of `{id}`"))
            .maybe_help(help)
        };
        let err = match (&term.kind, lit) {
            (TermKind::Enum(values), Lit::Str) => {
                if let Some(pos) = values.iter().position(|v| v == text) {
                    return u32::try_from(pos).ok().map(Value::Enum);
                }
                let help = did_you_mean(text, values.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("the values of `{id}` are {}", list_values(values)));
                ExprError::new(
                    Code::InvalidValue,
                    span,
                    format!("`{text}` is not a value of `{id}`"),
                )
                .with_label(format!("not a value of `{id}`"))
                .with_help(help)
            }
            (TermKind::Enum(values), _) => {
                let example = values
                    .first()
                    .map_or(String::new(), |v| format!(", e.g. `'{v}'`"));
                mismatch(Some(format!(
                    "the values of `{id}` are {}: write one in quotes{example}",
                    list_values(values)
                )))
            }
            (TermKind::Int { .. }, Lit::Int(n)) => return Some(Value::Int(n)),
            (TermKind::Int { lo, .. }, _) => {
                let unquoted: String = text.chars().filter(|&c| c != '_').collect();
                let help = if matches!(lit, Lit::Str)
                    && !unquoted.is_empty()
                    && unquoted.parse::<i64>().is_ok()
                {
                    format!("write the number without quotes: `{text}`")
                } else {
                    format!("compare it with a number, e.g. `{id} > {lo}`")
                };
                mismatch(Some(help))
            }
            (TermKind::Bool, Lit::Bool(b)) => return Some(Value::Bool(b)),
            (TermKind::Bool, _) => {
                let help = if text == "true" || text == "false" {
                    format!("write `{text}` without quotes")
                } else {
                    format!("compare it with `true` or `false`, or use `{id}` alone as a condition")
                };
                mismatch(Some(help))
            }
        };
        self.push(err);
        None
    }

    fn term_term(
        &mut self,
        (a, ta): (TermId, &Term),
        op: CmpOp,
        op_span: Span,
        (b, tb): (TermId, &Term),
        span: Span,
    ) -> Option<Expr> {
        let ok = match (&ta.kind, &tb.kind) {
            (TermKind::Bool, TermKind::Bool) => self.check_op(ta, op, op_span),
            (TermKind::Enum(va), TermKind::Enum(vb)) if va == vb => true,
            (TermKind::Enum(_), TermKind::Enum(_)) => {
                self.push(
                    ExprError::new(
                        Code::ExprType,
                        span,
                        format!(
                            "cannot compare `{}` with `{}`: their values differ",
                            ta.id, tb.id
                        ),
                    )
                    .with_label("terms with different values")
                    .with_help(
                        "two enum terms can be compared only when they have the same `values`",
                    ),
                );
                false
            }
            (TermKind::Int { .. }, TermKind::Int { .. }) => {
                self.push(
                    ExprError::new(
                        Code::ExprType,
                        span,
                        "an integer term can only be compared with a number",
                    )
                    .with_label("two integer terms")
                    .with_help(format!(
                        "compare `{}` and `{}` each with a number",
                        ta.id, tb.id
                    )),
                );
                false
            }
            (ka, kb) => {
                self.push(
                    ExprError::new(
                        Code::ExprType,
                        span,
                        format!(
                            "cannot compare {} term `{}` with {} term `{}`",
                            ka.describe(),
                            ta.id,
                            kb.describe(),
                            tb.id
                        ),
                    )
                    .with_label("terms of different kinds"),
                );
                false
            }
        };
        ok.then_some(Expr::CmpTerms { lhs: a, op, rhs: b })
    }

    /// `lhs in [items]`.
    fn in_list(&mut self, lhs: &Node, items: &[Node]) -> Option<Expr> {
        let l = strip(lhs);
        let term = match &l.kind {
            NodeKind::Ident(name) => match self.term(name) {
                Some(found) => Some(found),
                None => {
                    self.unknown(name, l.span, None);
                    None
                }
            },
            _ => {
                self.push(
                    ExprError::new(
                        Code::ExprType,
                        l.span,
                        "the left side of `in` must be a term",
                    )
                    .with_label("not a term")
                    .with_help("write the term first, e.g. `term in ['a', 'b']`"),
                );
                None
            }
        };
        let mut values = Vec::new();
        let mut ok = term.is_some();
        for item in items {
            let item = strip(item);
            let lit = match &item.kind {
                NodeKind::Int(n) => Lit::Int(*n),
                NodeKind::Str(_) => Lit::Str,
                NodeKind::Bool(b) => Lit::Bool(*b),
                NodeKind::Ident(name) if self.term(name).is_none() => {
                    self.unknown(name, item.span, term.map(|(_, t)| t));
                    ok = false;
                    continue;
                }
                _ => {
                    let what = if matches!(item.kind, NodeKind::Ident(_)) {
                        "terms"
                    } else {
                        "conditions"
                    };
                    self.push(
                        ExprError::new(
                            Code::ExprType,
                            item.span,
                            format!("a list after `in` holds values, not {what}"),
                        )
                        .with_label("not a value")
                        .with_help("write values in quotes, e.g. `['a', 'b']`, or numbers"),
                    );
                    ok = false;
                    continue;
                }
            };
            if let Some((_, t)) = term {
                match self.value_for(t, lit, item) {
                    Some(v) => values.push(v),
                    None => ok = false,
                }
            }
        }
        let (id, _) = term?;
        ok.then_some(Expr::In { term: id, values })
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
    use crate::model::Loc;
    use proptest::prelude::*;

    const ENUM: &[&str] = &["none", "reactive", "training_only", "brigades"];

    fn vocab() -> Vocabulary {
        let mut v = Vocabulary::default();
        let mut add = |id: &str, kind: TermKind| {
            let tid = TermId::from_index(v.terms.len());
            v.terms.push(Term {
                id: id.into(),
                about: String::new(),
                kind,
                default: None,
                owners: Vec::new(),
                signed_by: None,
                loc: Loc::default(),
            });
            v.by_id.insert(id.into(), tid);
        };
        let e = |vals: &[&str]| TermKind::Enum(vals.iter().map(|s| s.to_string()).collect());
        add("a", TermKind::Bool); // 0
        add("b", TermKind::Bool); // 1
        add("c", TermKind::Bool); // 2
        add("troops.western_presence", e(ENUM)); // 3
        add("troops.russian_presence", e(ENUM)); // 4
        add(
            "nato.accession",
            e(&["open", "paused", "barred_by_statute"]),
        ); // 5
        add(
            "army.cap",
            TermKind::Int {
                lo: 0,
                hi: 1_000_000,
            },
        ); // 6
        add("army.reserve", TermKind::Int { lo: -10, hi: 10 }); // 7
        add("peace.signed", TermKind::Bool); // 8
        add("place.naming", e(&["Київ", "Kyiv"])); // 9
        v
    }

    fn ok(text: &str) -> Expr {
        parse(text, &vocab()).unwrap_or_else(|e| panic!("{text}: {e:#?}"))
    }

    fn errs(text: &str) -> Vec<ExprError> {
        match parse(text, &vocab()) {
            Ok(e) => panic!("{text} parsed as {e:?}"),
            Err(es) => {
                assert!(!es.is_empty());
                for e in &es {
                    assert!(
                        e.span.start <= e.span.end && e.span.end <= text.len(),
                        "{e:?}"
                    );
                }
                es
            }
        }
    }

    fn one(text: &str) -> ExprError {
        let mut es = errs(text);
        assert_eq!(es.len(), 1, "{text}: {es:#?}");
        es.remove(0)
    }

    fn t(i: u32) -> TermId {
        TermId::from_index(i as usize)
    }

    /// Evaluate under every assignment of the bools a, b, c.
    fn truth_table(e: &Expr) -> Vec<bool> {
        (0..8u32)
            .map(|bits| {
                let f = |id: TermId| Value::Bool(id.index() < 3 && bits & (1 << id.index()) != 0);
                e.eval(&f)
            })
            .collect()
    }

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
    fn shapes() {
        assert_eq!(ok("a"), Expr::Var(t(0)));
        assert_eq!(ok("true"), Expr::Const(true));
        assert_eq!(ok("(false)"), Expr::Const(false));
        assert_eq!(
            ok("a and b and c"),
            Expr::And(
                Box::new(Expr::And(
                    Box::new(Expr::Var(t(0))),
                    Box::new(Expr::Var(t(1)))
                )),
                Box::new(Expr::Var(t(2)))
            )
        );
        assert_eq!(
            ok("a implies b implies c"),
            Expr::Implies(
                Box::new(Expr::Var(t(0))),
                Box::new(Expr::Implies(
                    Box::new(Expr::Var(t(1))),
                    Box::new(Expr::Var(t(2)))
                ))
            )
        );
        assert_eq!(
            ok("not troops.western_presence == 'none'"),
            Expr::Not(Box::new(Expr::Cmp {
                term: t(3),
                op: CmpOp::Eq,
                value: Value::Enum(0)
            }))
        );
    }

    #[test]
    fn long_chains_stay_shallow() {
        fn depth(e: &Expr) -> usize {
            match e {
                Expr::Not(x) => 1 + depth(x),
                Expr::And(x, y) | Expr::Or(x, y) | Expr::Implies(x, y) => {
                    1 + depth(x).max(depth(y))
                }
                _ => 1,
            }
        }
        let text = vec!["a"; 10_000].join(" and ");
        let e = ok(&text);
        assert!(depth(&e) <= 20);
        assert_eq!(
            truth_table(&e),
            vec![false, true, false, true, false, true, false, true]
        );
        let text = vec!["a"; 10_000].join(" or ");
        assert!(depth(&ok(&text)) <= 20);
    }

    #[test]
    fn comparisons() {
        assert_eq!(
            ok("troops.western_presence >= 'training_only'"),
            Expr::Cmp {
                term: t(3),
                op: CmpOp::Ge,
                value: Value::Enum(2)
            }
        );
        // Term on the right is flipped to the left.
        assert_eq!(
            ok("\"reactive\" < troops.western_presence"),
            Expr::Cmp {
                term: t(3),
                op: CmpOp::Gt,
                value: Value::Enum(1)
            }
        );
        assert_eq!(
            ok("army.cap > 600_000"),
            Expr::Cmp {
                term: t(6),
                op: CmpOp::Gt,
                value: Value::Int(600_000)
            }
        );
        assert_eq!(
            ok("-5 <= army.reserve"),
            Expr::Cmp {
                term: t(7),
                op: CmpOp::Ge,
                value: Value::Int(-5)
            }
        );
        // Out of range is fine.
        assert_eq!(
            ok("army.reserve != -1_000"),
            Expr::Cmp {
                term: t(7),
                op: CmpOp::Ne,
                value: Value::Int(-1000)
            }
        );
        assert_eq!(
            ok("peace.signed == false"),
            Expr::Cmp {
                term: t(8),
                op: CmpOp::Eq,
                value: Value::Bool(false)
            }
        );
        assert_eq!(
            ok("true != (peace.signed)"),
            Expr::Cmp {
                term: t(8),
                op: CmpOp::Ne,
                value: Value::Bool(true)
            }
        );
        assert_eq!(
            ok("a == b"),
            Expr::CmpTerms {
                lhs: t(0),
                op: CmpOp::Eq,
                rhs: t(1)
            }
        );
        assert_eq!(
            ok("troops.western_presence < troops.russian_presence"),
            Expr::CmpTerms {
                lhs: t(3),
                op: CmpOp::Lt,
                rhs: t(4)
            }
        );
        assert_eq!(
            ok("place.naming == 'Київ'"),
            Expr::Cmp {
                term: t(9),
                op: CmpOp::Eq,
                value: Value::Enum(0)
            }
        );
    }

    #[test]
    fn comparison_semantics() {
        let e = ok("troops.western_presence >= 'training_only' and army.cap < 600_000");
        let assign = |w: u32, cap: i64| {
            move |id: TermId| match id.index() {
                3 => Value::Enum(w),
                6 => Value::Int(cap),
                _ => Value::Bool(false),
            }
        };
        assert!(e.eval(&assign(2, 10)));
        assert!(e.eval(&assign(3, 599_999)));
        assert!(!e.eval(&assign(1, 10)));
        assert!(!e.eval(&assign(3, 600_000)));
        let e = ok("'reactive' >= troops.western_presence");
        assert!(e.eval(&assign(0, 0)) && e.eval(&assign(1, 0)) && !e.eval(&assign(2, 0)));
    }

    #[test]
    fn in_lists() {
        assert_eq!(
            ok("troops.western_presence in ['none', \"reactive\"]"),
            Expr::In {
                term: t(3),
                values: vec![Value::Enum(0), Value::Enum(1)]
            }
        );
        assert_eq!(
            ok("army.cap not in [1, -2, 3_000]"),
            Expr::Not(Box::new(Expr::In {
                term: t(6),
                values: vec![Value::Int(1), Value::Int(-2), Value::Int(3000)]
            }))
        );
        assert_eq!(
            ok("a in [true]"),
            Expr::In {
                term: t(0),
                values: vec![Value::Bool(true)]
            }
        );
        assert_eq!(
            ok("(a) in []"),
            Expr::In {
                term: t(0),
                values: vec![]
            }
        );
        let e = ok("not nato.accession not in ['open']");
        let f = |v: u32| move |_: TermId| Value::Enum(v);
        assert!(e.eval(&f(0)) && !e.eval(&f(1)));
    }

    #[test]
    fn unknown_terms() {
        let e = one("troops.westrn_presence == 'none'");
        assert_eq!(e.code, Code::UnknownTerm);
        assert_eq!(e.message, "unknown term `troops.westrn_presence`");
        assert_eq!(e.span, Span::new(0, 22));
        assert_eq!(
            e.help.as_deref(),
            Some("did you mean `troops.western_presence`?")
        );
        let e = one("troops.western_presence == none");
        assert_eq!(
            e.help.as_deref(),
            Some("to use the value `none`, quote it: `'none'`")
        );
        assert_eq!(e.span, Span::new(27, 31));
        let e = one("troops.western_presence in ['none', reactive]");
        assert_eq!(
            e.help.as_deref(),
            Some("to use the value `reactive`, quote it: `'reactive'`")
        );
        let e = one("a AND b");
        assert_eq!(
            e.message,
            "unexpected `AND` after the end of the expression"
        );
        assert_eq!(
            e.help.as_deref(),
            Some("keywords are lowercase: write `and`")
        );
        let e = one("True");
        assert_eq!(
            e.help.as_deref(),
            Some("keywords are lowercase: write `true`")
        );
        let e = one("zzz");
        assert_eq!(e.help, None);
    }

    #[test]
    fn all_type_errors_are_collected() {
        let es = errs("x1 and troops.western_presence == 'nope' or (army.cap < 'a' implies a < b) and zz in [1]");
        let codes: Vec<Code> = es.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            vec![
                Code::UnknownTerm,
                Code::InvalidValue,
                Code::ExprType,
                Code::ExprType,
                Code::UnknownTerm
            ]
        );
        let es = errs("army.cap and peace.signed < true");
        assert_eq!(es.len(), 2);
    }

    #[test]
    fn lone_atoms() {
        let e = one("troops.western_presence");
        assert_eq!(e.code, Code::ExprType);
        assert_eq!(
            e.message,
            "`troops.western_presence` is an enum term, not a condition"
        );
        assert_eq!(
            e.help.as_deref(),
            Some("compare it, e.g. `troops.western_presence == 'none'`")
        );
        let e = one("a and army.cap");
        assert_eq!(e.message, "`army.cap` is an integer term, not a condition");
        assert_eq!(e.span, Span::new(6, 14));
        assert_eq!(one("5").message, "a number is not a condition");
        assert_eq!(one("not 'x'").message, "a string is not a condition");
    }

    #[test]
    fn value_errors() {
        let e = one("troops.western_presence == 'brigade'");
        assert_eq!(e.code, Code::InvalidValue);
        assert_eq!(
            e.message,
            "`brigade` is not a value of `troops.western_presence`"
        );
        assert_eq!(e.help.as_deref(), Some("did you mean `brigades`?"));
        assert_eq!(e.span, Span::new(27, 36));
        let e = one("nato.accession == 'zzz'");
        assert_eq!(
            e.help.as_deref(),
            Some("the values of `nato.accession` are `open`, `paused`, `barred_by_statute`")
        );
        let e = one("army.cap == '600000'");
        assert_eq!(
            e.message,
            "cannot compare integer term `army.cap` with a string"
        );
        assert_eq!(
            e.help.as_deref(),
            Some("write the number without quotes: `600000`")
        );
        let e = one("5 != troops.western_presence");
        assert_eq!(
            e.message,
            "cannot compare enum term `troops.western_presence` with a number"
        );
        assert_eq!(e.span, Span::new(0, 1));
        assert_eq!(
            one("army.cap == true").message,
            "cannot compare integer term `army.cap` with `true`"
        );
        let e = one("a == 'true'");
        assert_eq!(e.message, "cannot compare bool term `a` with a string");
        assert_eq!(e.help.as_deref(), Some("write `true` without quotes"));
        assert_eq!(
            one("a == 1").message,
            "cannot compare bool term `a` with a number"
        );
        assert_eq!(one("nato.accession == false").code, Code::ExprType);
    }

    #[test]
    fn operator_errors() {
        let e = one("peace.signed < true");
        assert_eq!(e.message, "`<` does not apply to bool term `peace.signed`");
        assert_eq!(e.span, Span::new(13, 14));
        let e = one("true >= a");
        assert_eq!(e.message, "`>=` does not apply to bool term `a`");
        assert_eq!(one("a > b").message, "`>` does not apply to bool term `a`");
        let e = one("army.cap < army.reserve");
        assert_eq!(
            e.message,
            "an integer term can only be compared with a number"
        );
        assert_eq!(e.span, Span::new(0, 23));
        assert_eq!(
            one("troops.western_presence == nato.accession").message,
            "cannot compare `troops.western_presence` with `nato.accession`: their values differ"
        );
        assert_eq!(
            one("a == army.cap").message,
            "cannot compare bool term `a` with integer term `army.cap`"
        );
        let e = one("'a' == 'b'");
        assert_eq!(e.message, "a comparison needs a term on one side");
        assert_eq!(e.span, Span::new(0, 10));
        assert_eq!(
            one("1 < 2").message,
            "a comparison needs a term on one side"
        );
        let e = one("(a and b) == true");
        assert_eq!(
            e.message,
            "a comparison needs a term or a value on each side"
        );
        assert_eq!(e.span, Span::new(0, 9));
        let e = one("'none' in ['none']");
        assert_eq!(e.message, "the left side of `in` must be a term");
        assert_eq!(
            one("troops.western_presence in [troops.russian_presence]").message,
            "a list after `in` holds values, not terms"
        );
        assert_eq!(
            one("army.cap in [(a and b)]").message,
            "a list after `in` holds values, not conditions"
        );
        assert_eq!(one("army.cap in [1, 'x']").span, Span::new(16, 19));
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
    fn unicode_spans() {
        let e = one("place.naming == 'Київа'");
        assert_eq!(e.code, Code::InvalidValue);
        assert_eq!(e.span, Span::new(16, 16 + "'Київа'".len()));
        assert_eq!(e.help.as_deref(), Some("did you mean `Київ`?"));
        let e = one("'é' == а");
        assert_eq!(e.span, Span::new(8, 10));
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
