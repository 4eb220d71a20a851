//! Property tests: `redline::check` against a brute-force oracle.
//!
//! Each case builds a small random workspace as TOML text (vocabulary,
//! parties with an optional bloc, red lines, one plan), writes it to a temp
//! workspace in memory, loads it with `load` (which must report nothing), checks
//! the plan, and compares every finding with what enumerating every
//! completion of the plan says:
//!
//! - the verdict (violated / at_risk / satisfied) of every red line in force;
//! - at risk: the witness, completed with the plan's fixed values, crosses
//!   the red line; the causes are exactly the undecided terms' settings;
//! - violated: the blamed terms are sufficient (relaxing every other term to
//!   its full domain keeps the red line forced) and minimal (relaxing, on top
//!   of that, any one blamed term leaves a completion that does not cross);
//! - consent and consensus findings are exactly those the rules call for.
//!
//! The oracle also evaluates its own copy of each expression, so a parser
//! that reads an expression differently from how it was written is caught too.

use crate::common::scaled;
use proptest::prelude::*;
use redline::{check, crossing, BasisFilter, Cause, CheckOptions, Finding, FindingKind, Verdict};
use redline::{load, Memory};
use redline::{ClauseId, Date, RedLineId, Severity, TermId, Value};
use redline::{CmpOp, Expr};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------- instances

const ENUM_NAMES: &[&str] = &["a", "b", "c", "d"];
const OPS: &[CmpOp] = &[
    CmpOp::Eq,
    CmpOp::Ne,
    CmpOp::Lt,
    CmpOp::Le,
    CmpOp::Gt,
    CmpOp::Ge,
];

#[derive(Debug, Clone)]
enum KindSpec {
    /// An enum of the first `n` of [`ENUM_NAMES`]; same `n`, comparable.
    Enum(u32),
    Bool,
    /// `range = [lo, lo + width]`.
    Int {
        lo: i64,
        width: i64,
    },
}

impl KindSpec {
    fn domain(&self) -> Vec<Value> {
        match self {
            KindSpec::Enum(n) => (0..*n).map(Value::Enum).collect(),
            KindSpec::Bool => vec![Value::Bool(false), Value::Bool(true)],
            KindSpec::Int { lo, width } => (*lo..=lo + width).map(Value::Int).collect(),
        }
    }
    /// A value of the domain, chosen by `raw`.
    fn value(&self, raw: u32) -> Value {
        let d = self.domain();
        d[raw as usize % d.len()]
    }
    /// A constant for an expression: for integers, possibly one outside the range.
    fn constant(&self, raw: u32) -> Value {
        match self {
            KindSpec::Int { lo, width } => Value::Int(lo - 1 + (raw as i64 % (width + 3))),
            _ => self.value(raw),
        }
    }
    fn same_type(&self, other: &KindSpec) -> bool {
        match (self, other) {
            (KindSpec::Enum(a), KindSpec::Enum(b)) => a == b,
            (KindSpec::Bool, KindSpec::Bool) => true,
            _ => false,
        }
    }
}

#[derive(Debug, Clone)]
struct TermSpec {
    kind: KindSpec,
    default: Option<u32>,
    /// Index into all parties (plain ones then the bloc), modulo their number.
    owner: Option<u8>,
    /// A second owner (the term is owned jointly), when it differs.
    co_owner: Option<u8>,
    /// For a bool: it follows this party's signature (`signed_by`) instead;
    /// then it has no default and no owner, and no clause sets it.
    signed_by: Option<u8>,
}

#[derive(Debug, Clone)]
enum Leaf {
    /// `t op c`, or `c op t` when flipped.
    Cmp {
        term: u8,
        op: u8,
        val: u32,
        flipped: bool,
    },
    /// `t in [..]` / `t not in [..]`.
    In {
        term: u8,
        vals: Vec<u32>,
        negated: bool,
    },
    /// `a op b` when the two terms are comparable, else `a op const`.
    Terms {
        a: u8,
        op: u8,
        b: u8,
    },
    /// A bool term alone (else a comparison).
    Var {
        term: u8,
    },
    Const(bool),
}

#[derive(Debug, Clone)]
enum E {
    Leaf(Leaf),
    Not(Box<E>),
    And(Box<E>, Box<E>),
    Or(Box<E>, Box<E>),
    Implies(Box<E>, Box<E>),
}

#[derive(Debug, Clone)]
struct RedLineSpec {
    party: u8,
    forbid: bool,
    rule: E,
    when: Option<E>,
    objection: bool,
    /// 2024-MM-01: when the position began (always before `stated`).
    since: Option<u8>,
    /// 2025-MM-01
    stated: Option<u8>,
    /// 2026-MM-01
    until: Option<u8>,
    /// How literals are quoted: 0 `"x == 'a'"`, 1 `'x == "a"'`, 2 `"x == \"a\""`.
    quoting: u8,
    /// Parenthesise every sub-expression instead of only where needed.
    full_parens: bool,
    /// `basis = "analysis"`.
    analysis: bool,
    /// `reads`: an analyst's reading of the red line at this index (modulo
    /// the number of red lines before it), when that one is a plain statement; the reading then
    /// belongs to that red line's party and is analysis.
    reads: Option<u8>,
}

#[derive(Debug, Clone)]
enum SetSpec {
    Silent,
    Fixed(u32),
    List(Vec<u32>),
}

#[derive(Debug, Clone)]
struct PlanTermSpec {
    set: SetSpec,
    clause: u8,
    /// A second clause (offset 1 or 2) that also sets the term: `keep` picks
    /// some of the first clause's options (at least one), `extra` adds others.
    second: Option<(u8, Vec<bool>, Vec<u32>)>,
}

/// A `[[constraint]]`: `require` (true) or `forbid` (false) an expression.
#[derive(Debug, Clone)]
struct ConstraintSpec {
    require: bool,
    rule: E,
}

#[derive(Debug, Clone)]
pub(crate) struct Instance {
    terms: Vec<TermSpec>,
    constraints: Vec<ConstraintSpec>,
    plain_parties: usize,
    /// Members (mask over the plain parties) and whether it decides by consensus.
    bloc: Option<(Vec<bool>, bool)>,
    red_lines: Vec<RedLineSpec>,
    plan: Vec<PlanTermSpec>,
    signatories: Vec<bool>,
    bare_keys: bool,
    /// (year 2024..=2026, month)
    as_of: Option<(u16, u8)>,
    /// `--basis statement` rather than every basis.
    statement_only: bool,
}

impl Instance {
    fn n_parties(&self) -> usize {
        self.plain_parties + usize::from(self.bloc.is_some())
    }
    fn party_name(&self, i: usize) -> String {
        if i < self.plain_parties {
            format!("p{i}")
        } else {
            "bloc".to_string()
        }
    }
    fn term_name(i: usize) -> String {
        format!("x.t{i}")
    }
    fn term(&self, raw: u8) -> (usize, &TermSpec) {
        let i = raw as usize % self.terms.len();
        (i, &self.terms[i])
    }
    fn n_clauses() -> usize {
        3
    }
    /// The clauses that set term `i`, with their options, in clause order.
    fn settings(&self, i: usize) -> Vec<(usize, Vec<Value>)> {
        let Some(p) = self.plan.get(i) else {
            return Vec::new();
        };
        if self.signed(i).is_some() {
            return Vec::new();
        }
        let kind = &self.terms[i].kind;
        let first: Vec<Value> = match &p.set {
            SetSpec::Silent => return Vec::new(),
            SetSpec::Fixed(v) => vec![kind.value(*v)],
            SetSpec::List(vs) => dedup(vs.iter().map(|v| kind.value(*v)).collect()),
        };
        let c1 = p.clause as usize % Self::n_clauses();
        let mut out = vec![(c1, first.clone())];
        if let Some((off, keep, extra)) = &p.second {
            let c2 = (c1 + 1 + *off as usize % 2) % Self::n_clauses();
            let mut opts: Vec<Value> = first
                .iter()
                .zip(keep.iter().chain(std::iter::repeat(&false)))
                .filter(|(_, k)| **k)
                .map(|(v, _)| *v)
                .collect();
            if opts.is_empty() {
                opts.push(first[0]);
            }
            opts.extend(extra.iter().map(|v| kind.value(*v)));
            out.push((c2, dedup(opts)));
        }
        out.sort_by_key(|(c, _)| *c);
        out
    }
    /// The party whose signature term `i` follows, if it does.
    fn signed(&self, i: usize) -> Option<usize> {
        let t = &self.terms[i];
        match (&t.kind, t.signed_by) {
            (KindSpec::Bool, Some(p)) => Some(p as usize % self.n_parties()),
            _ => None,
        }
    }
    /// Whether the party at index `p` signs the plan.
    fn signs(&self, p: usize) -> bool {
        self.signatories.get(p).copied().unwrap_or(false)
    }
    /// The term's status quo (none for a signatory term).
    fn default(&self, i: usize) -> Option<Value> {
        let t = &self.terms[i];
        if self.signed(i).is_some() {
            return None;
        }
        t.default.map(|d| t.kind.value(d))
    }
    /// The values the plan leaves for term `i`.
    fn plan_domain(&self, i: usize) -> Vec<Value> {
        let t = &self.terms[i];
        if let Some(p) = self.signed(i) {
            return vec![Value::Bool(self.signs(p))];
        }
        let sets = self.settings(i);
        if let Some((_, first)) = sets.first() {
            let mut opts = first.clone();
            for (_, o) in &sets[1..] {
                opts.retain(|v| o.contains(v));
            }
            return opts;
        }
        match t.default {
            Some(d) => vec![t.kind.value(d)],
            None => t.kind.domain(),
        }
    }
    /// Silent on a term without a status quo.
    fn is_open(&self, i: usize) -> bool {
        self.signed(i).is_none() && self.settings(i).is_empty() && self.terms[i].default.is_none()
    }
    fn expected_causes(&self, i: usize) -> Vec<Cause> {
        let term = TermId::from_index(i);
        if let Some(p) = self.signed(i) {
            return vec![Cause::Signatories {
                term,
                value: Value::Bool(self.signs(p)),
            }];
        }
        let sets = self.settings(i);
        if !sets.is_empty() {
            return sets
                .iter()
                .map(|(c, _)| Cause::Clause {
                    clause: ClauseId::from_index(*c),
                    term,
                })
                .collect();
        }
        match self.terms[i].default {
            Some(d) => vec![Cause::Silence {
                term,
                status_quo: self.terms[i].kind.value(d),
            }],
            None => vec![Cause::Open { term }],
        }
    }
    /// The owners of term `i`, in the order written, without repeats.
    fn owners(&self, i: usize) -> Vec<usize> {
        if self.signed(i).is_some() {
            return Vec::new();
        }
        let t = &self.terms[i];
        let mut out: Vec<usize> = Vec::new();
        for o in [t.owner, t.owner.and(t.co_owner)].into_iter().flatten() {
            let o = o as usize % self.n_parties();
            if !out.contains(&o) {
                out.push(o);
            }
        }
        out
    }
    /// The red line that red line `ri` reads, if it is a valid reading: of
    /// another red line that is a statement and reads nothing.
    ///
    /// Only an earlier red line can be read, so that the links form no cycle.
    fn reading_of(&self, ri: usize) -> Option<usize> {
        if ri == 0 {
            return None;
        }
        let k = self.red_lines[ri].reads? as usize % ri;
        (!self.red_lines[k].analysis && self.reading_of(k).is_none()).then_some(k)
    }
    /// The party holding red line `ri` (a reading: its statement's party).
    fn party_of(&self, ri: usize) -> usize {
        let r = self.reading_of(ri).unwrap_or(ri);
        self.red_lines[r].party as usize % self.n_parties()
    }
    /// Whether red line `ri` is an analyst's (a reading always is).
    fn is_analysis(&self, ri: usize) -> bool {
        self.red_lines[ri].analysis || self.reading_of(ri).is_some()
    }
    /// In force on the date, on a basis the options count.
    fn admitted(&self, ri: usize) -> bool {
        self.in_force(&self.red_lines[ri]) && !(self.statement_only && self.is_analysis(ri))
    }
    /// Whether red line `ri` counts: admitted, and (with every basis
    /// counted) not read by an admitted reading, which stands in for it.
    fn counts(&self, ri: usize) -> bool {
        let read_in_force =
            (0..self.red_lines.len()).any(|x| self.reading_of(x) == Some(ri) && self.admitted(x));
        self.admitted(ri) && (self.statement_only || !read_in_force)
    }
    /// Whether options restate term `i`'s status quo.
    fn restates(&self, i: usize, options: &[Value]) -> bool {
        match self.default(i) {
            Some(d) => options == [d],
            None => options.len() == self.terms[i].kind.domain().len(),
        }
    }
    /// Terms linked to `read` through constraints (themselves included).
    fn closure(&self, read: &BTreeSet<usize>) -> BTreeSet<usize> {
        let sets: Vec<BTreeSet<usize>> = self
            .constraints
            .iter()
            .map(|c| expr_terms(self, &c.rule))
            .collect();
        let mut out = read.clone();
        loop {
            let before = out.len();
            for s in &sets {
                if !s.is_disjoint(&out) {
                    out.extend(s.iter().copied());
                }
            }
            if out.len() == before {
                return out;
            }
        }
    }
    /// Whether every constraint holds under `val`.
    fn coherent(&self, val: &dyn Fn(usize) -> Value) -> bool {
        self.constraints
            .iter()
            .all(|c| eval(self, &c.rule, val) == c.require)
    }
    fn as_of(&self) -> Option<Date> {
        self.as_of.map(|(y, m)| Date {
            year: y,
            month: m,
            day: 1,
        })
    }
    fn in_force(&self, r: &RedLineSpec) -> bool {
        let Some(d) = self.as_of() else { return true };
        let since = r.since.map(|m| Date {
            year: 2024,
            month: m,
            day: 1,
        });
        let stated = since.or(r.stated.map(|m| Date {
            year: 2025,
            month: m,
            day: 1,
        }));
        let until = r.until.map(|m| Date {
            year: 2026,
            month: m,
            day: 1,
        });
        stated.is_none_or(|s| s <= d) && until.is_none_or(|u| d < u)
    }
}

/// The terms an expression reads, as the oracle resolves it.
fn expr_terms(inst: &Instance, e: &E) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    fn walk(inst: &Instance, e: &E, out: &mut BTreeSet<usize>) {
        match e {
            E::Leaf(l) => match resolve(inst, l) {
                R::Cmp { term, .. } | R::In { term, .. } | R::Var(term) => {
                    out.insert(term);
                }
                R::Terms { a, b, .. } => {
                    out.insert(a);
                    out.insert(b);
                }
                R::Const(_) => {}
            },
            E::Not(a) => walk(inst, a, out),
            E::And(a, b) | E::Or(a, b) | E::Implies(a, b) => {
                walk(inst, a, out);
                walk(inst, b, out);
            }
        }
    }
    walk(inst, e, &mut out);
    out
}

fn dedup(mut v: Vec<Value>) -> Vec<Value> {
    v.sort();
    v.dedup();
    v
}

// ------------------------------------------------------------- rendering

fn show_value(v: Value, quote: &str) -> String {
    match v {
        Value::Enum(i) => format!("{quote}{}{quote}", ENUM_NAMES[i as usize]),
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
    }
}

fn toml_value(v: Value) -> String {
    show_value(v, "\"")
}

/// Operator precedence: implies 1, or 2, and 3, not 4, comparisons 5.
fn prec(e: &E) -> u8 {
    match e {
        E::Implies(..) => 1,
        E::Or(..) => 2,
        E::And(..) => 3,
        E::Not(_) => 4,
        E::Leaf(_) => 5,
    }
}

struct Render<'a> {
    inst: &'a Instance,
    quote: &'a str,
    full_parens: bool,
}

impl Render<'_> {
    fn child(&self, e: &E, min: u8, out: &mut String) {
        if self.full_parens && !matches!(e, E::Leaf(_)) || prec(e) < min {
            out.push('(');
            self.expr(e, out);
            out.push(')');
        } else {
            self.expr(e, out);
        }
    }

    fn expr(&self, e: &E, out: &mut String) {
        match e {
            E::Leaf(l) => self.leaf(l, out),
            E::Not(a) => {
                out.push_str("not ");
                self.child(a, 4, out);
            }
            E::And(a, b) => {
                self.child(a, 3, out);
                out.push_str(" and ");
                self.child(b, 3, out);
            }
            E::Or(a, b) => {
                self.child(a, 2, out);
                out.push_str(" or ");
                self.child(b, 2, out);
            }
            E::Implies(a, b) => {
                // Right-associative: a left operand that is itself an implication needs parentheses.
                self.child(a, 2, out);
                out.push_str(" implies ");
                self.child(b, 1, out);
            }
        }
    }

    fn leaf(&self, l: &Leaf, out: &mut String) {
        let inst = self.inst;
        match resolve(inst, l) {
            R::Cmp {
                term,
                op,
                value,
                flipped,
            } => {
                let (t, c) = (Instance::term_name(term), show_value(value, self.quote));
                if flipped {
                    let _ = write!(out, "{c} {} {t}", op.as_str());
                } else {
                    let _ = write!(out, "{t} {} {c}", op.as_str());
                }
            }
            R::In {
                term,
                values,
                negated,
            } => {
                let items: Vec<String> =
                    values.iter().map(|v| show_value(*v, self.quote)).collect();
                let kw = if negated { "not in" } else { "in" };
                let _ = write!(
                    out,
                    "{} {kw} [{}]",
                    Instance::term_name(term),
                    items.join(", ")
                );
            }
            R::Terms { a, op, b } => {
                let _ = write!(
                    out,
                    "{} {} {}",
                    Instance::term_name(a),
                    op.as_str(),
                    Instance::term_name(b)
                );
            }
            R::Var(t) => out.push_str(&Instance::term_name(t)),
            R::Const(b) => out.push_str(if b { "true" } else { "false" }),
        }
    }
}

/// A leaf resolved against the vocabulary.
enum R {
    Cmp {
        term: usize,
        op: CmpOp,
        value: Value,
        flipped: bool,
    },
    In {
        term: usize,
        values: Vec<Value>,
        negated: bool,
    },
    Terms {
        a: usize,
        op: CmpOp,
        b: usize,
    },
    Var(usize),
    Const(bool),
}

fn op_for(kind: &KindSpec, raw: u8) -> CmpOp {
    let op = OPS[raw as usize % OPS.len()];
    match kind {
        // Ordering does not apply to bools.
        KindSpec::Bool => {
            if raw.is_multiple_of(2) {
                CmpOp::Eq
            } else {
                CmpOp::Ne
            }
        }
        _ => op,
    }
}

fn resolve(inst: &Instance, l: &Leaf) -> R {
    match l {
        Leaf::Cmp {
            term,
            op,
            val,
            flipped,
        } => {
            let (i, t) = inst.term(*term);
            R::Cmp {
                term: i,
                op: op_for(&t.kind, *op),
                value: t.kind.constant(*val),
                flipped: *flipped,
            }
        }
        Leaf::In {
            term,
            vals,
            negated,
        } => {
            let (i, t) = inst.term(*term);
            R::In {
                term: i,
                values: vals.iter().map(|v| t.kind.constant(*v)).collect(),
                negated: *negated,
            }
        }
        Leaf::Terms { a, op, b } => {
            let (ia, ta) = inst.term(*a);
            let (ib, tb) = inst.term(*b);
            if ta.kind.same_type(&tb.kind) {
                R::Terms {
                    a: ia,
                    op: op_for(&ta.kind, *op),
                    b: ib,
                }
            } else {
                R::Cmp {
                    term: ia,
                    op: op_for(&ta.kind, *op),
                    value: ta.kind.constant(*b as u32),
                    flipped: false,
                }
            }
        }
        Leaf::Var { term } => {
            let (i, t) = inst.term(*term);
            match t.kind {
                KindSpec::Bool => R::Var(i),
                _ => R::Cmp {
                    term: i,
                    op: CmpOp::Ge,
                    value: t.kind.constant(1),
                    flipped: false,
                },
            }
        }
        Leaf::Const(b) => R::Const(*b),
    }
}

/// The oracle's own reading of an expression.
fn eval(inst: &Instance, e: &E, val: &dyn Fn(usize) -> Value) -> bool {
    match e {
        E::Leaf(l) => match resolve(inst, l) {
            R::Cmp {
                term,
                op,
                value,
                flipped,
            } => {
                if flipped {
                    op.holds(value, val(term))
                } else {
                    op.holds(val(term), value)
                }
            }
            R::In {
                term,
                values,
                negated,
            } => values.contains(&val(term)) != negated,
            R::Terms { a, op, b } => op.holds(val(a), val(b)),
            R::Var(t) => val(t) == Value::Bool(true),
            R::Const(b) => b,
        },
        E::Not(a) => !eval(inst, a, val),
        E::And(a, b) => eval(inst, a, val) && eval(inst, b, val),
        E::Or(a, b) => eval(inst, a, val) || eval(inst, b, val),
        E::Implies(a, b) => !eval(inst, a, val) || eval(inst, b, val),
    }
}

fn own_crossing(inst: &Instance, r: &RedLineSpec, val: &dyn Fn(usize) -> Value) -> bool {
    let when = r.when.as_ref().is_none_or(|w| eval(inst, w, val));
    let rule = eval(inst, &r.rule, val);
    when && (rule == r.forbid)
}

fn render_expr(inst: &Instance, r: &RedLineSpec, e: &E) -> String {
    render_with(inst, r.quoting, r.full_parens, e)
}

fn render_with(inst: &Instance, quoting: u8, full_parens: bool, e: &E) -> String {
    let quote = if quoting.is_multiple_of(3) { "'" } else { "\"" };
    let mut s = String::new();
    Render {
        inst,
        quote,
        full_parens,
    }
    .expr(e, &mut s);
    match quoting % 3 {
        0 => format!("\"{s}\""),
        1 => format!("'{s}'"),
        _ => format!("\"{}\"", s.replace('"', "\\\"")),
    }
}

pub(crate) fn files(inst: &Instance) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // Terms.
    let mut terms = String::new();
    for (i, t) in inst.terms.iter().enumerate() {
        let _ = write!(terms, "[[term]]\nid = \"{}\"\n", Instance::term_name(i));
        match &t.kind {
            KindSpec::Enum(n) => {
                let vals: Vec<String> = ENUM_NAMES[..*n as usize]
                    .iter()
                    .map(|v| format!("\"{v}\""))
                    .collect();
                let _ = writeln!(terms, "values = [{}]", vals.join(", "));
            }
            KindSpec::Int { lo, width } => {
                let _ = writeln!(terms, "range = [{lo}, {}]", lo + width);
            }
            KindSpec::Bool => {}
        }
        if let Some(d) = inst.default(i) {
            let _ = writeln!(terms, "default = {}", toml_value(d));
        }
        match inst.owners(i).as_slice() {
            [] => {}
            [o] if i % 2 == 0 => {
                let _ = writeln!(terms, "owner = \"{}\"", inst.party_name(*o));
            }
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|o| format!("\"{}\"", inst.party_name(*o)))
                    .collect();
                let _ = writeln!(terms, "owner = [{}]", names.join(", "));
            }
        }
        if let Some(p) = inst.signed(i) {
            let _ = writeln!(terms, "signed_by = \"{}\"", inst.party_name(p));
        }
        terms.push('\n');
    }
    for (i, c) in inst.constraints.iter().enumerate() {
        let key = if c.require { "require" } else { "forbid" };
        let _ = write!(
            terms,
            "[[constraint]]\nid = \"k{i}\"\n{key} = {}\n\n",
            render_with(inst, i as u8, false, &c.rule)
        );
    }
    out.push(("rules/terms.toml".to_string(), terms));
    // Parties.
    let mut parties = String::new();
    for i in 0..inst.plain_parties {
        let _ = write!(parties, "[[party]]\nid = \"p{i}\"\n\n");
    }
    if let Some((mask, consensus)) = &inst.bloc {
        let members: Vec<String> = (0..inst.plain_parties)
            .filter(|i| mask.get(*i).copied().unwrap_or(false))
            .map(|i| format!("\"p{i}\""))
            .collect();
        let _ = writeln!(
            parties,
            "[[party]]\nid = \"bloc\"\nmembers = [{}]",
            members.join(", ")
        );
        if *consensus {
            parties.push_str("decides = \"consensus\"\n");
        }
    }
    out.push(("rules/parties.toml".to_string(), parties));
    out.push(("rules/sources.toml".to_string(), String::new()));
    // Red lines, one file per party.
    let mut per_party: BTreeMap<usize, String> = BTreeMap::new();
    for (ri, r) in inst.red_lines.iter().enumerate() {
        let p = inst.party_of(ri);
        let text = per_party
            .entry(p)
            .or_insert_with(|| format!("party = \"{}\"\n", inst.party_name(p)));
        let _ = write!(text, "\n[[red_line]]\nid = \"r{ri}\"\n");
        let key = if r.forbid { "forbid" } else { "require" };
        let _ = writeln!(text, "{key} = {}", render_expr(inst, r, &r.rule));
        if let Some(w) = &r.when {
            let _ = writeln!(text, "when = {}", render_expr(inst, r, w));
        }
        if r.objection {
            text.push_str("severity = \"objection\"\n");
        }
        if let Some(m) = r.since {
            let _ = writeln!(text, "since = 2024-{m:02}-01");
        }
        if let Some(m) = r.stated {
            let _ = writeln!(text, "stated = 2025-{m:02}-01");
        }
        if let Some(m) = r.until {
            let _ = writeln!(text, "until = \"2026-{m:02}-01\"");
        }
        if let Some(k) = inst.reading_of(ri) {
            let _ = writeln!(text, "reads = \"r{k}\"");
        }
        if inst.is_analysis(ri) {
            text.push_str("basis = \"analysis\"\n");
        }
    }
    for (p, text) in per_party {
        out.push((format!("rules/{}.toml", inst.party_name(p)), text));
    }
    // The plan.
    let mut plan = String::from("id = \"plan\"\ntitle = \"A random plan\"\n");
    let sigs: Vec<String> = (0..inst.n_parties())
        .filter(|i| inst.signatories.get(*i).copied().unwrap_or(false))
        .map(|i| format!("\"{}\"", inst.party_name(i)))
        .collect();
    let _ = writeln!(plan, "parties = [{}]", sigs.join(", "));
    for c in 0..Instance::n_clauses() {
        let mut sets = Vec::new();
        for i in 0..inst.terms.len() {
            for (ci, opts) in inst.settings(i) {
                if ci != c {
                    continue;
                }
                let key = if inst.bare_keys {
                    Instance::term_name(i)
                } else {
                    format!("\"{}\"", Instance::term_name(i))
                };
                let value = match opts.as_slice() {
                    [one] if opts.len() == 1 && c % 2 == 0 => toml_value(*one),
                    _ => format!(
                        "[{}]",
                        opts.iter()
                            .map(|v| toml_value(*v))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                sets.push(format!("{key} = {value}"));
            }
        }
        let _ = write!(
            plan,
            "\n[[clause]]\nid = \"c{c}\"\ntext = \"Clause {c}.\"\nset = {{ {} }}\n",
            sets.join(", ")
        );
    }
    out.push(("proposals/plan.toml".to_string(), plan));
    out
}

// ------------------------------------------------------------ strategies

fn kind_strategy() -> impl Strategy<Value = KindSpec> {
    prop_oneof![
        3 => prop_oneof![Just(3u32), 2u32..=4].prop_map(KindSpec::Enum),
        2 => Just(KindSpec::Bool),
        2 => (-2i64..=2, 0i64..=6).prop_map(|(lo, width)| KindSpec::Int { lo, width }),
    ]
}

fn term_strategy() -> impl Strategy<Value = TermSpec> {
    (
        kind_strategy(),
        prop::option::weighted(0.6, 0u32..8),
        prop::option::weighted(0.4, 0u8..4),
        prop::option::weighted(0.1, 0u8..4),
        prop::option::weighted(0.7, 0u8..4),
    )
        .prop_map(|(kind, default, owner, signed_by, co_owner)| TermSpec {
            kind,
            default,
            owner,
            co_owner,
            signed_by,
        })
}

fn constraint_strategy() -> impl Strategy<Value = ConstraintSpec> {
    let implication = (leaf_strategy(), leaf_strategy())
        .prop_map(|(a, b)| E::Implies(Box::new(E::Leaf(a)), Box::new(E::Leaf(b))));
    (
        prop::bool::weighted(0.8),
        prop_oneof![
            5 => implication,
            1 => (leaf_strategy(), leaf_strategy())
                .prop_map(|(a, b)| E::Or(Box::new(E::Leaf(a)), Box::new(E::Leaf(b)))),
            1 => expr_strategy(),
        ],
    )
        .prop_map(|(require, rule)| ConstraintSpec { require, rule })
}

fn leaf_strategy() -> impl Strategy<Value = Leaf> {
    prop_oneof![
        5 => (0u8..4, 0u8..6, 0u32..16, prop::bool::weighted(0.2)).prop_map(
            |(term, op, val, flipped)| Leaf::Cmp { term, op, val, flipped }
        ),
        2 => (0u8..4, prop::collection::vec(0u32..16, 0..4), any::<bool>())
            .prop_map(|(term, vals, negated)| Leaf::In { term, vals, negated }),
        2 => (0u8..4, 0u8..6, 0u8..4).prop_map(|(a, op, b)| Leaf::Terms { a, op, b }),
        2 => (0u8..4).prop_map(|term| Leaf::Var { term }),
        1 => prop::bool::ANY.prop_map(Leaf::Const),
    ]
}

fn expr_strategy() -> impl Strategy<Value = E> {
    leaf_strategy()
        .prop_map(E::Leaf)
        .prop_recursive(4, 12, 2, |inner| {
            prop_oneof![
                1 => inner.clone().prop_map(|a| E::Not(Box::new(a))),
                2 => (inner.clone(), inner.clone()).prop_map(|(a, b)| E::And(Box::new(a), Box::new(b))),
                2 => (inner.clone(), inner.clone()).prop_map(|(a, b)| E::Or(Box::new(a), Box::new(b))),
                1 => (inner.clone(), inner).prop_map(|(a, b)| E::Implies(Box::new(a), Box::new(b))),
            ]
        })
}

fn red_line_strategy() -> impl Strategy<Value = RedLineSpec> {
    (
        (0u8..4, any::<bool>(), expr_strategy()),
        prop::option::weighted(0.3, expr_strategy()),
        (
            prop::bool::weighted(0.3),
            prop::option::weighted(0.15, 1u8..=12),
            prop::option::weighted(0.2, 1u8..=12),
            prop::option::weighted(0.2, 1u8..=12),
        ),
        (0u8..3, prop::bool::weighted(0.2)),
        (
            prop::bool::weighted(0.15),
            prop::option::weighted(0.6, 0u8..4),
        ),
    )
        .prop_map(
            |(
                (party, forbid, rule),
                when,
                (objection, since, stated, until),
                (quoting, full_parens),
                (analysis, reads),
            )| {
                RedLineSpec {
                    party,
                    forbid,
                    rule,
                    when,
                    objection,
                    since,
                    stated,
                    until,
                    quoting,
                    full_parens,
                    analysis,
                    reads,
                }
            },
        )
}

fn plan_term_strategy() -> impl Strategy<Value = PlanTermSpec> {
    let set = prop_oneof![
        2 => Just(SetSpec::Silent),
        2 => (0u32..8).prop_map(SetSpec::Fixed),
        2 => prop::collection::vec(0u32..8, 1..4).prop_map(SetSpec::List),
    ];
    let second = prop::option::weighted(
        0.2,
        (
            0u8..2,
            prop::collection::vec(any::<bool>(), 0..4),
            prop::collection::vec(0u32..8, 0..3),
        ),
    );
    (set, 0u8..3, second).prop_map(|(set, clause, second)| PlanTermSpec {
        set,
        clause,
        second,
    })
}

pub(crate) fn instance_strategy() -> impl Strategy<Value = Instance> {
    (
        (
            prop::collection::vec(term_strategy(), 1..=4),
            prop_oneof![
                1 => Just(Vec::new()),
                6 => prop::collection::vec(constraint_strategy(), 1..=2),
            ],
        ),
        1usize..=3,
        prop::option::weighted(
            0.4,
            (prop::collection::vec(any::<bool>(), 3), any::<bool>()),
        ),
        prop::collection::vec(red_line_strategy(), 1..=5),
        prop::collection::vec(plan_term_strategy(), 4),
        prop::collection::vec(any::<bool>(), 4),
        (
            any::<bool>(),
            prop::option::weighted(0.25, (2024u16..=2026, 1u8..=12)),
            prop::bool::weighted(0.35),
        ),
    )
        .prop_map(
            |(
                (terms, constraints),
                plain_parties,
                bloc,
                red_lines,
                plan,
                signatories,
                (bare_keys, as_of, statement_only),
            )| {
                Instance {
                    terms,
                    constraints,
                    plain_parties,
                    bloc,
                    red_lines,
                    plan,
                    signatories,
                    bare_keys,
                    as_of,
                    statement_only,
                }
            },
        )
}

// ---------------------------------------------------------------- oracle

/// Every assignment of `doms` (term index → candidates).
fn completions(doms: &BTreeMap<usize, Vec<Value>>, mut visit: impl FnMut(&BTreeMap<usize, Value>)) {
    let keys: Vec<usize> = doms.keys().copied().collect();
    if doms.values().any(Vec::is_empty) {
        return;
    }
    let mut idx = vec![0usize; keys.len()];
    loop {
        let a: BTreeMap<usize, Value> = keys
            .iter()
            .zip(&idx)
            .map(|(k, i)| (*k, doms[k][*i]))
            .collect();
        visit(&a);
        let mut k = 0;
        loop {
            if k == keys.len() {
                return;
            }
            idx[k] += 1;
            if idx[k] < doms[&keys[k]].len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
    }
}

/// (crossing completions, non-crossing completions), checking the engine's
/// parse against the oracle's own reading on every completion.
fn count(
    inst: &Instance,
    r: &RedLineSpec,
    cross: &Expr,
    doms: &BTreeMap<usize, Vec<Value>>,
    what: &str,
) -> Result<(usize, usize), TestCaseError> {
    let (mut yes, mut no) = (0, 0);
    let mut mismatch = None;
    completions(doms, |a| {
        let val = |i: usize| a[&i];
        if !inst.coherent(&val) {
            return;
        }
        let engine = cross.eval(&|t: TermId| a[&(t.index())]);
        let own = own_crossing(inst, r, &val);
        if engine != own && mismatch.is_none() {
            mismatch = Some(a.clone());
        }
        if own {
            yes += 1;
        } else {
            no += 1;
        }
    });
    if let Some(a) = mismatch {
        return Err(TestCaseError::fail(format!(
            "{what}: the parsed expression {cross:?} disagrees with the written one under {a:?}"
        )));
    }
    Ok((yes, no))
}

fn verdict_of(yes: usize, no: usize) -> Verdict {
    match (yes > 0, no > 0) {
        (true, false) => Verdict::Violated,
        (true, true) => Verdict::AtRisk,
        _ => Verdict::Satisfied,
    }
}

static CONSTRAINED: AtomicUsize = AtomicUsize::new(0);
/// Red lines that are readings of a statement, checked.
static READINGS: AtomicUsize = AtomicUsize::new(0);
/// Terms owned jointly, checked.
static JOINT: AtomicUsize = AtomicUsize::new(0);
static INCOHERENT: AtomicUsize = AtomicUsize::new(0);

fn run_case(inst: &Instance) -> Result<(), TestCaseError> {
    let files = files(inst);
    let memory: Memory = files.iter().cloned().collect();
    let loaded = load(&memory);
    // Coherence first: with no world at all the vocabulary is at fault
    // (`constraint-conflict`); with no coherent completion, the plan
    // (`incoherent-plan`). Either is the only thing reported.
    let n = inst.terms.len();
    let all_doms: BTreeMap<usize, Vec<Value>> =
        (0..n).map(|i| (i, inst.terms[i].kind.domain())).collect();
    let plan_doms_all: BTreeMap<usize, Vec<Value>> =
        (0..n).map(|i| (i, inst.plan_domain(i))).collect();
    let any_coherent = |doms: &BTreeMap<usize, Vec<Value>>| {
        let mut found = false;
        completions(doms, |a| found |= inst.coherent(&|i| a[&i]));
        found
    };
    let codes: BTreeSet<&str> = loaded.diagnostics.iter().map(|d| d.code.name()).collect();
    if !any_coherent(&all_doms) {
        prop_assert_eq!(
            codes,
            ["constraint-conflict"].into_iter().collect::<BTreeSet<_>>(),
            "no world satisfies the constraints\nfiles: {:#?}",
            files
        );
        return Ok(());
    }
    if !any_coherent(&plan_doms_all) {
        INCOHERENT.fetch_add(1, Ordering::Relaxed);
        prop_assert_eq!(
            codes,
            ["incoherent-plan"].into_iter().collect::<BTreeSet<_>>(),
            "the plan has no coherent completion\nfiles: {:#?}",
            files
        );
        return Ok(());
    }
    prop_assert!(
        loaded.diagnostics.is_empty(),
        "diagnostics: {:#?}\nfiles: {files:#?}",
        loaded.diagnostics
    );
    if !inst.constraints.is_empty() {
        CONSTRAINED.fetch_add(1, Ordering::Relaxed);
    }
    let ws = &loaded.workspace;
    let rules = &ws.rules;
    let plan = ws.plan("plan").unwrap();
    for (i, _) in inst.terms.iter().enumerate() {
        prop_assert_eq!(
            rules.vocab.lookup(&Instance::term_name(i)),
            Some(TermId::from_index(i))
        );
    }
    let opts = CheckOptions {
        as_of: inst.as_of(),
        parties: Vec::new(),
        basis: if inst.statement_only {
            BasisFilter::Statement
        } else {
            BasisFilter::Any
        },
    };
    let report = check(rules, plan, &opts).unwrap();
    let ctx = || format!("files: {files:#?}\nreport: {report:#?}");

    // Red-line findings: one for each red line in force, with the oracle's verdict.
    let mut seen = BTreeSet::new();
    for f in &report.findings {
        if let FindingKind::RedLine(ri) = f.kind {
            prop_assert!(seen.insert(ri), "two findings for red line {ri:?}");
        }
    }
    for (ri, rl) in rules.red_lines.iter().enumerate() {
        let spec_idx: usize = rl.id[1..].parse().unwrap();
        let r = &inst.red_lines[spec_idx];
        let in_force = inst.counts(spec_idx);
        if inst.reading_of(spec_idx).is_some() {
            READINGS.fetch_add(1, Ordering::Relaxed);
        }
        let found: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::RedLine(RedLineId::from_index(ri)))
            .collect();
        if !in_force {
            prop_assert!(
                found.is_empty(),
                "red line {} not in force but checked\n{}",
                rl.id,
                ctx()
            );
            continue;
        }
        prop_assert_eq!(
            found.len(),
            1,
            "red line {} in force but not checked\n{}",
            rl.id,
            ctx()
        );
        let f = found[0];
        prop_assert_eq!(f.party, rl.party);
        prop_assert_eq!(
            f.severity,
            if r.objection {
                Severity::Objection
            } else {
                Severity::Veto
            }
        );
        let cross = crossing(rl);
        let read: BTreeSet<usize> = cross.terms().iter().map(|t| t.index()).collect();
        let reach = inst.closure(&read);
        // Every term, so that constraints between them are judged too.
        let plan_doms = plan_doms_all.clone();
        let (yes, no) = count(inst, r, cross, &plan_doms, &rl.id)?;
        let want = verdict_of(yes, no);
        prop_assert_eq!(
            f.verdict,
            want,
            "red line {}: {} crossing and {} clean completions\n{}",
            rl.id,
            yes,
            no,
            ctx()
        );
        match f.verdict {
            Verdict::Satisfied => {
                prop_assert!(f.causes.is_empty() && f.witness.is_empty(), "{}", ctx());
            }
            Verdict::AtRisk => {
                let undecided: Vec<usize> = read
                    .iter()
                    .copied()
                    // The engine counts an open term as undecided even when its
                    // domain has a single value (a range [n, n]); follow it.
                    .filter(|i| plan_doms[i].len() > 1 || inst.is_open(*i))
                    .collect();
                let want_causes: BTreeSet<Cause> = undecided
                    .iter()
                    .flat_map(|i| inst.expected_causes(*i))
                    .collect();
                let got_causes: BTreeSet<Cause> = f.causes.iter().cloned().collect();
                prop_assert_eq!(
                    &got_causes,
                    &want_causes,
                    "at-risk causes of {}\n{}",
                    rl.id,
                    ctx()
                );
                // The witness covers every undecided term the red line
                // depends on, through constraints too.
                let witness_terms: Vec<usize> = f.witness.iter().map(|(t, _)| t.index()).collect();
                let undecided_reach: Vec<usize> = reach
                    .iter()
                    .copied()
                    .filter(|i| plan_doms[i].len() > 1 || inst.is_open(*i))
                    .collect();
                prop_assert_eq!(
                    &witness_terms,
                    &undecided_reach,
                    "witness terms of {}\n{}",
                    rl.id,
                    ctx()
                );
                let mut pinned = plan_doms.clone();
                for (t, v) in &f.witness {
                    let i = t.index();
                    prop_assert!(
                        plan_doms[&i].contains(v),
                        "witness of {} gives {} a value the plan excludes: {:?}\n{}",
                        rl.id,
                        Instance::term_name(i),
                        v,
                        ctx()
                    );
                    pinned.insert(i, vec![*v]);
                }
                // Some coherent completion agreeing with the witness crosses.
                let (crossing_with, _) = count(inst, r, cross, &pinned, &rl.id)?;
                prop_assert!(
                    crossing_with > 0,
                    "witness of {} does not cross it in any coherent completion\n{}",
                    rl.id,
                    ctx()
                );
            }
            Verdict::Violated => {
                prop_assert!(f.witness.is_empty());
                let blamed: BTreeSet<usize> = f.causes.iter().map(|c| c.term().index()).collect();
                prop_assert!(
                    blamed.is_subset(&reach),
                    "blame outside the terms the red line depends on\n{}",
                    ctx()
                );
                let want_causes: BTreeSet<Cause> = blamed
                    .iter()
                    .flat_map(|i| inst.expected_causes(*i))
                    .collect();
                let got_causes: BTreeSet<Cause> = f.causes.iter().cloned().collect();
                prop_assert_eq!(
                    &got_causes,
                    &want_causes,
                    "violated causes of {}\n{}",
                    rl.id,
                    ctx()
                );
                prop_assert!(
                    !f.causes.iter().any(|c| matches!(c, Cause::Open { .. })),
                    "an open term is blamed for a violation\n{}",
                    ctx()
                );
                // Sufficient: every other term it depends on relaxed, still
                // forced (a term outside its reach keeps the plan's values:
                // it is independent of the verdict).
                let relaxed = |extra: Option<usize>| -> BTreeMap<usize, Vec<Value>> {
                    (0..n)
                        .map(|i| {
                            let i = &i;
                            let d = if (blamed.contains(i) && Some(*i) != extra)
                                || !reach.contains(i)
                            {
                                inst.plan_domain(*i)
                            } else {
                                inst.terms[*i].kind.domain()
                            };
                            (*i, d)
                        })
                        .collect()
                };
                let (_, no) = count(inst, r, cross, &relaxed(None), &rl.id)?;
                prop_assert_eq!(
                    no,
                    0,
                    "blame of {} is not sufficient: {:?}\n{}",
                    rl.id,
                    f.causes,
                    ctx()
                );
                // Minimal: relaxing any one blamed term as well lets it go.
                for b in &blamed {
                    let (_, no) = count(inst, r, cross, &relaxed(Some(*b)), &rl.id)?;
                    prop_assert!(
                        no > 0,
                        "blame of {} is not minimal: {} can be dropped\n{}",
                        rl.id,
                        Instance::term_name(*b),
                        ctx()
                    );
                }
            }
        }
    }

    // Consensus: a member's violated veto on a term its consensus bloc owns.
    let bloc_idx = inst.plain_parties;
    let mut want_lifted = BTreeSet::new();
    if let Some((mask, true)) = &inst.bloc {
        for f in &report.findings {
            let FindingKind::RedLine(ri) = f.kind else {
                continue;
            };
            let p = f.party.index();
            let member = p < inst.plain_parties && mask.get(p).copied().unwrap_or(false);
            if member
                && f.is_veto()
                && f.causes
                    .iter()
                    .any(|c| inst.owners(c.term().index()).contains(&bloc_idx))
            {
                want_lifted.insert((bloc_idx, p, ri));
            }
        }
    }
    let mut got_lifted = BTreeSet::new();
    for f in &report.findings {
        if let FindingKind::Consensus { member, red_line } = f.kind {
            got_lifted.insert((f.party.index(), member.index(), red_line));
            let orig = report
                .findings
                .iter()
                .find(|g| g.kind == FindingKind::RedLine(red_line))
                .unwrap();
            prop_assert_eq!(&f.causes, &orig.causes);
            prop_assert_eq!(f.verdict, orig.verdict);
        }
    }
    prop_assert_eq!(&got_lifted, &want_lifted, "consensus findings\n{}", ctx());

    // Consent: a clause setting a term whose owner did not sign; a veto,
    // unless the clause only restates the status quo.
    let mut want_consent = BTreeSet::new();
    for (i, _) in inst.terms.iter().enumerate() {
        let owners = inst.owners(i);
        if owners.len() > 1 {
            JOINT.fetch_add(1, Ordering::Relaxed);
        }
        for o in owners {
            if inst.signs(o) {
                continue;
            }
            for (c, opts) in inst.settings(i) {
                let severity = if inst.restates(i, &opts) {
                    Severity::Objection
                } else {
                    Severity::Veto
                };
                want_consent.insert((o, c, i, severity));
            }
        }
    }
    let got_consent: BTreeSet<(usize, usize, usize, Severity)> = report
        .findings
        .iter()
        .filter_map(|f| match f.kind {
            FindingKind::Consent { clause, term } => {
                Some((f.party.index(), clause.index(), term.index(), f.severity))
            }
            _ => None,
        })
        .collect();
    prop_assert_eq!(&got_consent, &want_consent, "consent findings\n{}", ctx());
    Ok(())
}

/// 7,000 cases (times `REDLINE_PROP_SCALE`): every verdict, witness and
/// blame against enumeration, at least 3,000 of them with constraints.
#[test]
fn check_agrees_with_brute_force() {
    let mut runner =
        proptest::test_runner::TestRunner::new(crate::common::prop_config(7_000, file!()));
    let result = runner.run(&instance_strategy(), |inst| run_case(&inst));
    if let Err(e) = result {
        panic!("{e}");
    }
    let (k, x, rd, jt) = (
        CONSTRAINED.load(Ordering::Relaxed),
        INCOHERENT.load(Ordering::Relaxed),
        READINGS.load(Ordering::Relaxed),
        JOINT.load(Ordering::Relaxed),
    );
    eprintln!("check: {k} coherent cases with constraints, {x} incoherent plans; {rd} readings and {jt} jointly owned terms checked");
    let n = scaled(1) as usize;
    assert!(
        k >= 3_000 * n && x >= 100 * n && rd >= 3_000 * n && jt >= 1_000 * n,
        "too few interesting cases: {k} with constraints, {x} incoherent, {rd} readings, {jt} jointly owned terms"
    );
}
