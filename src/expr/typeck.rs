//! Typing of constraint expressions: resolves the names in a syntax tree
//! against the vocabulary, checks kinds, operators and values, and builds the
//! typed [`Expr`].
//!
//! Unlike parsing, checking goes on after a mistake, so that every unknown
//! term, kind mismatch and invalid value is reported, in the order of the text.

use super::error::ExprError;
use super::syntax::{Node, NodeKind};
use crate::diagnostic::{did_you_mean, Code};
use crate::model::{CmpOp, Expr};
use crate::model::{Span, Term, TermId, TermKind, Value, Vocabulary};

/// Type-check the syntax tree of a whole expression against `vocab`.
///
/// On failure, returns every type error.
pub(super) fn check(node: &Node, vocab: &Vocabulary) -> Result<Expr, Vec<ExprError>> {
    let mut checker = Checker {
        vocab,
        errors: Vec::new(),
    };
    match checker.cond(node) {
        Some(expr) if checker.errors.is_empty() => Ok(expr),
        _ => Err(checker.errors),
    }
}

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
    use crate::diagnostic::Code;
    use crate::expr::fixtures::{errs, ok, one, t, truth_table};
    use crate::model::{CmpOp, Expr, Span, TermId, Value};

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
    fn unicode_spans() {
        let e = one("place.naming == 'Київа'");
        assert_eq!(e.code, Code::InvalidValue);
        assert_eq!(e.span, Span::new(16, 16 + "'Київа'".len()));
        assert_eq!(e.help.as_deref(), Some("did you mean `Київ`?"));
        let e = one("'é' == а");
        assert_eq!(e.span, Span::new(8, 10));
    }
}
