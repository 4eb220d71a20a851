//! What a plan leaves possible for each term: the space of completions.

use crate::model::Expr;
use crate::model::{ClauseId, Plan, Rules, TermId, TermKind, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Why a term has the values it has in a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restriction {
    /// Clauses set it; these are the options left.
    Set {
        clauses: Vec<ClauseId>,
        options: Vec<Value>,
    },
    /// The plan is silent and the term has a status quo.
    StatusQuo(Value),
    /// The plan is silent and the term has no status quo: any value.
    Open,
    /// The term follows the plan's signatories (`signed_by`): true exactly
    /// when the party signs.
    Signatories(Value),
}

impl Restriction {
    /// The single value, if the term is fixed.
    pub fn fixed(&self) -> Option<Value> {
        match self {
            Restriction::Set { options, .. } if options.len() == 1 => options.first().copied(),
            Restriction::StatusQuo(v) | Restriction::Signatories(v) => Some(*v),
            _ => None,
        }
    }

    /// The values the term can take under this restriction (`domain`: every
    /// value the term can take at all).
    pub fn options(&self, domain: &[Value]) -> Vec<Value> {
        match self {
            Restriction::Set { options, .. } => options.clone(),
            Restriction::StatusQuo(v) | Restriction::Signatories(v) => vec![*v],
            Restriction::Open => domain.to_vec(),
        }
    }
}

/// The completions of a plan: one restriction per term of the vocabulary.
#[derive(Debug, Clone)]
pub struct Space {
    pub restrictions: Vec<Restriction>,
}

impl Space {
    /// The space a plan leaves open.
    pub fn of_plan(rules: &Rules, plan: &Plan) -> Space {
        let mut restrictions: Vec<Restriction> = rules
            .vocab
            .terms
            .iter()
            .map(|t| match t.signed_by {
                Some(p) => Restriction::Signatories(Value::Bool(plan.parties.contains(&p))),
                None => t.default.map_or(Restriction::Open, Restriction::StatusQuo),
            })
            .collect();
        for (ci, clause) in plan.clause_ids() {
            for (term, setting) in &clause.set {
                let Some(slot) = restrictions.get_mut(term.index()) else {
                    continue;
                };
                // Setting a signatory term is a load error; the signatories win.
                if matches!(slot, Restriction::Signatories(_)) {
                    continue;
                }
                let opts = setting.value.options();
                match slot {
                    Restriction::Set { clauses, options } => {
                        let both: Vec<Value> = options
                            .iter()
                            .copied()
                            .filter(|v| opts.contains(v))
                            .collect();
                        // Contradictions are load errors; if one slips through, keep the first clause's options.
                        if !both.is_empty() {
                            *options = both;
                        }
                        clauses.push(ci);
                    }
                    _ => {
                        *slot = Restriction::Set {
                            clauses: vec![ci],
                            options: opts.to_vec(),
                        }
                    }
                }
            }
        }
        Space { restrictions }
    }

    /// Every term open: what any plan at all could make of the vocabulary.
    pub fn open(rules: &Rules) -> Space {
        Space {
            restrictions: vec![Restriction::Open; rules.vocab.terms.len()],
        }
    }

    pub fn get(&self, t: TermId) -> &Restriction {
        static OPEN: Restriction = Restriction::Open;
        self.restrictions.get(t.index()).unwrap_or(&OPEN)
    }
}

/// The candidate values of one term, as far as one expression can tell them apart.
///
/// Finite domains are listed in full. An open integer range is cut into
/// classes at the constants the expression compares it with, and each class
/// is represented by its lowest member: every class behaves alike in the
/// expression, so deciding over representatives is exact.
pub fn candidates(
    rules: &Rules,
    space: &Space,
    exprs: &[&Expr],
    t: TermId,
    relaxed: bool,
) -> Vec<Value> {
    let term = rules.vocab.get(t);
    let restriction = if relaxed {
        &Restriction::Open
    } else {
        space.get(t)
    };
    match restriction {
        Restriction::Set { options, .. } => options.clone(),
        Restriction::StatusQuo(v) | Restriction::Signatories(v) => vec![*v],
        Restriction::Open => full_domain(&term.kind, exprs, t),
    }
}

/// Every value of a kind, cut into classes at the expressions' constants
/// (integer ranges, and enums that no expression compares with another term).
pub fn full_domain(kind: &TermKind, exprs: &[&Expr], t: TermId) -> Vec<Value> {
    let mut consts = BTreeSet::new();
    let mut cuttable = true;
    for e in exprs {
        cuttable &= e.collect_constants(t, &mut consts);
    }
    domain_cut_at(kind, &consts, cuttable)
}

/// Every value of a kind, cut into classes at `consts`: an integer range
/// always (no expression compares two integer terms), an enum when
/// `cuttable` (no expression compares it with another enum term). Each class
/// is represented by its lowest member, so that a 100,000-value enum
/// compared with two names is three or four candidates, not 100,000.
pub fn domain_cut_at(kind: &TermKind, consts: &BTreeSet<Value>, cuttable: bool) -> Vec<Value> {
    match kind {
        TermKind::Bool => vec![Value::Bool(false), Value::Bool(true)],
        TermKind::Enum(names) if !cuttable => (0..names.len() as u32).map(Value::Enum).collect(),
        TermKind::Enum(names) => {
            let cuts: BTreeSet<i64> = consts
                .iter()
                .filter_map(|v| match v {
                    Value::Enum(i) => Some(i64::from(*i)),
                    _ => None,
                })
                .collect();
            let last = names.len() as i64 - 1;
            if last < 0 {
                return Vec::new();
            }
            int_classes(0, last, &cuts)
                .into_iter()
                .filter_map(|i| u32::try_from(i).ok())
                .map(Value::Enum)
                .collect()
        }
        TermKind::Int { lo, hi } => {
            let cuts: BTreeSet<i64> = consts
                .iter()
                .filter_map(|v| match v {
                    Value::Int(n) => Some(*n),
                    _ => None,
                })
                .collect();
            int_classes(*lo, *hi, &cuts)
                .into_iter()
                .map(Value::Int)
                .collect()
        }
    }
}

/// How many values the class whose representative is `domain[i]` holds: up
/// to the next representative, or to the end of the term's values (1 for a
/// bool, or a domain listed in full).
pub fn class_size(kind: &TermKind, domain: &[Value], i: usize) -> u128 {
    let (Some(a), next) = (domain.get(i), domain.get(i + 1)) else {
        return 1;
    };
    let end = |v: &Value| -> Option<i128> {
        match v {
            Value::Int(n) => Some(i128::from(*n)),
            Value::Enum(k) => Some(i128::from(*k)),
            Value::Bool(_) => None,
        }
    };
    let Some(start) = end(a) else { return 1 };
    let stop = match (next.and_then(end), kind) {
        (Some(n), _) => n,
        (None, TermKind::Int { hi, .. }) => i128::from(*hi) + 1,
        (None, TermKind::Enum(names)) => names.len() as i128,
        (None, TermKind::Bool) => start + 1,
    };
    (stop - start).max(1) as u128
}

/// Representatives of the classes of `lo..=hi` cut at `consts`: each constant
/// in range, and the lowest value of each gap between them.
pub fn int_classes(lo: i64, hi: i64, consts: &BTreeSet<i64>) -> Vec<i64> {
    let mut out = Vec::new();
    let mut next = lo; // lowest value not yet covered
    for &k in consts.range(lo..=hi) {
        if next < k {
            out.push(next);
        }
        out.push(k);
        next = k.saturating_add(1);
        if k == i64::MAX {
            return out;
        }
    }
    if next <= hi && (out.last().is_none_or(|&l| l < next)) {
        out.push(next);
    }
    out
}

/// Where the solver cuts each term's values into classes, gathered in one
/// pass over a set of expressions (and, optionally, a plan), so that the
/// domains of all the terms they read cost one walk of the expressions, not
/// one per term.
///
/// A term's cuts are every constant an expression compares it with and
/// every value a plan's clause gives it; a term that an expression compares
/// with another term is `compared`, and its enum is then kept whole.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cuts {
    consts: BTreeMap<TermId, BTreeSet<Value>>,
    compared: BTreeSet<TermId>,
}

impl Cuts {
    /// The cuts of these expressions.
    pub(crate) fn of<'e>(exprs: impl IntoIterator<Item = &'e Expr>) -> Cuts {
        let mut cuts = Cuts::default();
        for e in exprs {
            cuts.add(e);
        }
        cuts
    }

    /// The values a plan's clauses give each term.
    pub(crate) fn of_plan(plan: &Plan) -> Cuts {
        let mut cuts = Cuts::default();
        for c in &plan.clauses {
            for (t, s) in &c.set {
                cuts.consts
                    .entry(*t)
                    .or_default()
                    .extend(s.value.options().iter().copied());
            }
        }
        cuts
    }

    /// Every kind of expression is matched by name, as in
    /// [`Expr::collect_constants`], so that a new one cannot silently lose
    /// exactness here.
    fn add(&mut self, e: &Expr) {
        match e {
            Expr::Const(_) | Expr::Var(_) => {}
            Expr::Cmp { term, value, .. } => {
                self.consts.entry(*term).or_default().insert(*value);
            }
            Expr::In { term, values } => {
                self.consts
                    .entry(*term)
                    .or_default()
                    .extend(values.iter().copied());
            }
            Expr::CmpTerms { lhs, rhs, .. } => {
                self.compared.insert(*lhs);
                self.compared.insert(*rhs);
            }
            Expr::Not(e) => self.add(e),
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Implies(a, b) => {
                self.add(a);
                self.add(b);
            }
        }
    }
}

/// Candidate values of a term for the solver: bool domains in full,
/// integer ranges and enums cut into classes at every constant the
/// expressions compare the term with, at every value the plan gives it
/// (each as gathered in `cuts`) and at its status quo (an enum compared
/// with another term is kept whole).
pub(crate) fn solver_domain(rules: &Rules, cuts: &[&Cuts], t: TermId) -> Vec<Value> {
    let term = rules.vocab.get(t);
    let mut consts = BTreeSet::new();
    let mut cuttable = true;
    for c in cuts {
        if let Some(k) = c.consts.get(&t) {
            consts.extend(k.iter().copied());
        }
        cuttable &= !c.compared.contains(&t);
    }
    if let Some(d) = &term.default {
        consts.insert(*d);
    }
    domain_cut_at(&term.kind, &consts, cuttable)
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

    /// The cuts gathered in one pass give every term the domain that the
    /// per-term walk ([`Expr::collect_constants`], plus the plan's values
    /// and the status quo) gives it, on the shipped red lines and plans
    /// and on a term compared with another.
    #[test]
    fn cuts_in_one_pass_equal_the_walk_per_term() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load_workspace(root);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let ws = loaded.workspace;
        let rules = &ws.rules;
        let mut exprs: Vec<Expr> = rules
            .red_lines
            .iter()
            .flat_map(|r| std::iter::once(&r.rule).chain(&r.when))
            .map(|e| e.value.clone())
            .collect();
        let terms: Vec<TermId> = (0..rules.vocab.terms.len())
            .map(TermId::from_index)
            .collect();
        // Enums the red lines cut into fewer classes than they have values.
        let whole = |t: TermId| match &rules.vocab.get(t).kind {
            TermKind::Enum(names) => names.len(),
            _ => 0,
        };
        let enums: Vec<TermId> = terms
            .iter()
            .copied()
            .filter(|t| solver_domain(rules, &[&Cuts::of(&exprs)], *t).len() < whole(*t))
            .collect();
        assert!(enums.len() >= 2, "{enums:?}");
        // Two of them compared with each other: both kept whole.
        exprs.push(Expr::CmpTerms {
            lhs: enums[0],
            op: crate::model::CmpOp::Eq,
            rhs: enums[1],
        });
        let walk = |t: TermId, plan: Option<&Plan>| {
            let mut consts = BTreeSet::new();
            let mut cuttable = true;
            for e in &exprs {
                cuttable &= e.collect_constants(t, &mut consts);
            }
            consts.extend(rules.vocab.get(t).default);
            for c in plan.iter().flat_map(|p| &p.clauses) {
                for (_, s) in c.set.iter().filter(|(x, _)| *x == t) {
                    consts.extend(s.value.options().iter().copied());
                }
            }
            domain_cut_at(&rules.vocab.get(t).kind, &consts, cuttable)
        };
        let cuts = Cuts::of(&exprs);
        assert!(!ws.plans.is_empty());
        for plan in &ws.plans {
            let of_plan = Cuts::of_plan(plan);
            for t in &terms {
                assert_eq!(solver_domain(rules, &[&cuts], *t), walk(*t, None));
                assert_eq!(
                    solver_domain(rules, &[&cuts, &of_plan], *t),
                    walk(*t, Some(plan)),
                    "{}",
                    rules.vocab.get(*t).id
                );
            }
        }
        for t in &enums[..2] {
            assert_eq!(solver_domain(rules, &[&cuts], *t).len(), whole(*t));
        }
    }

    #[test]
    fn classes_cover_gaps_and_points() {
        let k: BTreeSet<i64> = [5, 10].into_iter().collect();
        assert_eq!(int_classes(0, 20, &k), vec![0, 5, 6, 10, 11]);
        assert_eq!(int_classes(5, 10, &k), vec![5, 6, 10]);
        assert_eq!(int_classes(0, 3, &k), vec![0]);
        assert_eq!(int_classes(6, 9, &k), vec![6]);
        let adj: BTreeSet<i64> = [1, 2].into_iter().collect();
        assert_eq!(int_classes(1, 2, &adj), vec![1, 2]);
        assert_eq!(
            int_classes(i64::MAX - 1, i64::MAX, &[i64::MAX].into_iter().collect()),
            vec![i64::MAX - 1, i64::MAX]
        );
    }
}
