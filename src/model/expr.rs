//! The typed expression tree of `forbid`, `require`, `when` and
//! constraints (produced by [`crate::expr::parse`]).

use super::{TermId, Value};
use std::collections::BTreeSet;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`: equal.
    Eq,
    /// `!=`: not equal.
    Ne,
    /// `<`: less than (for enums, earlier in the term's `values`).
    Lt,
    /// `<=`: less than or equal.
    Le,
    /// `>`: greater than.
    Gt,
    /// `>=`: greater than or equal.
    Ge,
}

impl CmpOp {
    /// Apply the operator to two ordered values.
    pub fn holds<T: Ord>(self, a: T, b: T) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }

    /// The operator with its operands swapped: `a < b` iff `b > a`.
    pub fn flip(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Eq,
            CmpOp::Ne => CmpOp::Ne,
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
        }
    }

    /// The operator as an expression writes it: `==`, `!=`, `<`, `<=`, `>` or `>=`.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// A type-checked expression. Comparisons are normalised so that a term
/// stands on the left and a constant on the right; `not in` is `Not(In)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// `true` or `false`.
    Const(bool),
    /// A bool term used as a condition.
    Var(TermId),
    /// `term op constant`; the constant is a value of the term's kind.
    Cmp {
        /// The term compared, on the left.
        term: TermId,
        /// The comparison.
        op: CmpOp,
        /// The constant on the right, a value of the term's kind.
        value: Value,
    },
    /// `term op term` between two terms of the same kind (same enum values, or both bool).
    CmpTerms {
        /// The term on the left.
        lhs: TermId,
        /// The comparison.
        op: CmpOp,
        /// The term on the right.
        rhs: TermId,
    },
    /// `term in [v, ...]`.
    In {
        /// The term tested.
        term: TermId,
        /// The values it must be one of, each of the term's kind.
        values: Vec<Value>,
    },
    /// `not e`: true when `e` is false.
    Not(Box<Expr>),
    /// `a and b`: true when both are.
    And(Box<Expr>, Box<Expr>),
    /// `a or b`: true when either is.
    Or(Box<Expr>, Box<Expr>),
    /// `a implies b`: false only when `a` holds and `b` does not.
    Implies(Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Evaluate under an assignment of every term.
    pub fn eval(&self, value_of: &dyn Fn(TermId) -> Value) -> bool {
        match self {
            Expr::Const(b) => *b,
            Expr::Var(t) => value_of(*t) == Value::Bool(true),
            Expr::Cmp { term, op, value } => op.holds(value_of(*term), *value),
            Expr::CmpTerms { lhs, op, rhs } => op.holds(value_of(*lhs), value_of(*rhs)),
            Expr::In { term, values } => values.contains(&value_of(*term)),
            Expr::Not(e) => !e.eval(value_of),
            Expr::And(a, b) => a.eval(value_of) && b.eval(value_of),
            Expr::Or(a, b) => a.eval(value_of) || b.eval(value_of),
            Expr::Implies(a, b) => !a.eval(value_of) || b.eval(value_of),
        }
    }

    /// Add every term the expression reads to `out`.
    pub fn collect_terms(&self, out: &mut BTreeSet<TermId>) {
        match self {
            Expr::Const(_) => {}
            Expr::Var(t) | Expr::Cmp { term: t, .. } | Expr::In { term: t, .. } => {
                out.insert(*t);
            }
            Expr::CmpTerms { lhs, rhs, .. } => {
                out.insert(*lhs);
                out.insert(*rhs);
            }
            Expr::Not(e) => e.collect_terms(out),
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Implies(a, b) => {
                a.collect_terms(out);
                b.collect_terms(out);
            }
        }
    }

    /// Whether `f` holds for every term the expression reads (stopping at
    /// the first for which it does not), without collecting them.
    pub fn all_terms(&self, f: &mut impl FnMut(TermId) -> bool) -> bool {
        match self {
            Expr::Const(_) => true,
            Expr::Var(t) | Expr::Cmp { term: t, .. } | Expr::In { term: t, .. } => f(*t),
            Expr::CmpTerms { lhs, rhs, .. } => f(*lhs) && f(*rhs),
            Expr::Not(e) => e.all_terms(f),
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Implies(a, b) => {
                a.all_terms(f) && b.all_terms(f)
            }
        }
    }

    /// The terms the expression reads, in id order.
    pub fn terms(&self) -> BTreeSet<TermId> {
        let mut out = BTreeSet::new();
        self.collect_terms(&mut out);
        out
    }

    /// The constants `term` is compared with, added to `out`, for cutting
    /// its values into classes that the expression treats alike (an integer
    /// range, or a long enum). `false` when the expression compares `term`
    /// with another term: then no class may be merged, as the other term's
    /// values tell them apart. Every kind of expression is matched by name,
    /// so that a new one cannot silently lose exactness here.
    pub fn collect_constants(&self, term: TermId, out: &mut BTreeSet<Value>) -> bool {
        match self {
            Expr::Const(_) | Expr::Var(_) => true,
            Expr::Cmp { term: t, value, .. } => {
                if *t == term {
                    out.insert(*value);
                }
                true
            }
            Expr::In { term: t, values } => {
                if *t == term {
                    out.extend(values.iter().copied());
                }
                true
            }
            Expr::CmpTerms { lhs, rhs, .. } => *lhs != term && *rhs != term,
            Expr::Not(e) => e.collect_constants(term, out),
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Implies(a, b) => {
                let x = a.collect_constants(term, out);
                let y = b.collect_constants(term, out);
                x && y
            }
        }
    }
}
