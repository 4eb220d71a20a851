//! The validated model: terms, parties, red lines, plans. No IO, no rendering.
//!
//! Everything here is produced by [`crate::load`] and is consistent by
//! construction: every id resolves, every expression is type-checked.

mod expr;
mod ids;
mod source;

pub use expr::{CmpOp, Expr};
use ids::item;
pub use ids::{ClauseId, ConstraintId, PartyId, RedLineId, SourceId, TermId};
pub use source::{FileId, Loc, SourceFile, SourceMap, Span};
use std::collections::BTreeMap;

/// What values a term can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    /// `true` or `false`.
    Bool,
    /// One of an ordered list of names; `<` compares positions.
    Enum(Vec<String>),
    /// An integer in `lo..=hi`.
    Int { lo: i64, hi: i64 },
}

impl TermKind {
    /// A short word for messages: `bool`, `enum`, `integer`.
    pub fn describe(&self) -> &'static str {
        match self {
            TermKind::Bool => "bool",
            TermKind::Enum(_) => "enum",
            TermKind::Int { .. } => "integer",
        }
    }
}

/// A value of some term. Enum values are positions in the term's `values`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    Bool(bool),
    Enum(u32),
    Int(i64),
}

/// One negotiation term.
#[derive(Debug, Clone)]
pub struct Term {
    pub id: String,
    pub about: String,
    pub kind: TermKind,
    /// The status quo when no clause sets the term; `None` = open.
    pub default: Option<Value>,
    pub owner: Option<PartyId>,
    /// A bool term that follows the plan's signatories: true exactly when
    /// this party signs. No clause may set it, and it has no status quo.
    pub signed_by: Option<PartyId>,
    pub loc: Loc,
}

impl Term {
    /// Render a value of this term the way a user writes it.
    pub fn show(&self, v: Value) -> String {
        match (v, &self.kind) {
            (Value::Bool(b), _) => b.to_string(),
            (Value::Enum(i), TermKind::Enum(names)) => names
                .get(i as usize)
                .cloned()
                .unwrap_or_else(|| format!("#{i}")),
            (Value::Enum(i), _) => format!("#{i}"),
            (Value::Int(n), _) => n.to_string(),
        }
    }
}

/// The shared vocabulary of a workspace.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub terms: Vec<Term>,
    pub by_id: BTreeMap<String, TermId>,
}

impl Vocabulary {
    /// The term an id names.
    pub fn get(&self, id: TermId) -> &Term {
        item(&self.terms, id.index())
    }
    pub fn lookup(&self, name: &str) -> Option<TermId> {
        self.by_id.get(name).copied()
    }
    /// Parse a value of `term` as a user writes it: an enum name, an integer, `true` or `false`.
    pub fn parse_value(&self, term: TermId, text: &str) -> Option<Value> {
        match &self.get(term).kind {
            TermKind::Bool => text.parse().ok().map(Value::Bool),
            TermKind::Enum(names) => names
                .iter()
                .position(|n| n == text)
                .map(|i| Value::Enum(i as u32)),
            TermKind::Int { lo, hi } => text
                .replace('_', "")
                .parse()
                .ok()
                .filter(|n| (*lo..=*hi).contains(n))
                .map(Value::Int),
        }
    }

    /// Every term's id, in vocabulary order.
    pub fn ids(&self) -> impl Iterator<Item = TermId> {
        (0..self.terms.len()).map(TermId::from_index)
    }
}

/// How a bloc decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decides {
    Consensus,
    /// A bloc without a decision rule: its members' red lines are not lifted to it.
    Unspecified,
}

#[derive(Debug, Clone)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub members: Vec<PartyId>,
    pub decides: Decides,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub outlet: String,
    pub title: String,
    pub date: Option<Date>,
    pub file: Option<String>,
    pub url: Option<String>,
    pub loc: Loc,
}

/// A calendar date, compared lexicographically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parse `YYYY-MM-DD`, checking the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let t = &s[r];
            if t.bytes().all(|c| c.is_ascii_digit()) {
                t.parse().ok()
            } else {
                None
            }
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if d == 0 || d > days {
            return None;
        }
        Some(Date {
            year: y as u16,
            month: m as u8,
            day: d as u8,
        })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Objection,
    Veto,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Veto => "veto",
            Severity::Objection => "objection",
        }
    }
}

/// What a red line rests on: the party's own words, or someone else's reading of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Basis {
    /// The party said it (`basis = "statement"`, the default).
    Statement,
    /// An analyst or reporter infers it (`basis = "analysis"`).
    Analysis,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Statement => "statement",
            Basis::Analysis => "analysis",
        }
    }
}

/// Whether a red line forbids or requires its condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    Forbid,
    Require,
}

/// An expression with the location of its text in a TOML file.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct RedLine {
    pub id: String,
    pub party: PartyId,
    pub about: String,
    pub polarity: Polarity,
    pub rule: Located<Expr>,
    pub when: Option<Located<Expr>>,
    pub severity: Severity,
    /// Since when the party holds the position; defaults to `stated`.
    pub since: Option<Date>,
    /// When the quoted words were said.
    pub stated: Option<Date>,
    /// When the position was superseded.
    pub until: Option<Date>,
    pub source: Option<SourceId>,
    pub quote: Option<Located<String>>,
    pub basis: Basis,
    /// The whole `[[red_line]]` table (its `id` key).
    pub loc: Loc,
}

impl RedLine {
    /// When the position began: `since`, or else `stated`.
    pub fn start(&self) -> Option<Date> {
        self.since.or(self.stated)
    }
    /// Whether the red line is in force on `date`: `since <= date < until`.
    pub fn in_force(&self, date: Date) -> bool {
        self.start().is_none_or(|s| s <= date) && self.until.is_none_or(|u| date < u)
    }
}

/// An integrity constraint between terms (`[[constraint]]` in `terms.toml`):
/// what every coherent world satisfies, whoever signs. A completion that
/// breaks one is not a completion at all.
#[derive(Debug, Clone)]
pub struct Constraint {
    pub id: String,
    pub about: String,
    /// Whether the expression is required or forbidden.
    pub polarity: Polarity,
    pub rule: Located<Expr>,
    /// The `id` key of the `[[constraint]]` table.
    pub loc: Loc,
}

impl Constraint {
    /// The condition every coherent completion satisfies.
    pub fn holds(&self) -> Expr {
        match self.polarity {
            Polarity::Require => self.rule.value.clone(),
            Polarity::Forbid => Expr::Not(Box::new(self.rule.value.clone())),
        }
    }
}

/// What a clause does to one term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    /// The term takes this value.
    Fixed(Value),
    /// Bracketed text: the term is one of these, still under negotiation.
    OneOf(Vec<Value>),
}

impl Setting {
    pub fn options(&self) -> &[Value] {
        match self {
            Setting::Fixed(v) => std::slice::from_ref(v),
            Setting::OneOf(vs) => vs,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Clause {
    pub id: String,
    pub text: String,
    /// Sorted by term id order of the vocabulary.
    pub set: Vec<(TermId, Located<Setting>)>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub date: Option<Date>,
    pub parties: Vec<PartyId>,
    pub source: Option<SourceId>,
    pub clauses: Vec<Clause>,
    /// The plan's file.
    pub file: FileId,
    pub loc: Loc,
}

/// The rules of a workspace: vocabulary, parties, sources and red lines.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub vocab: Vocabulary,
    pub parties: Vec<Party>,
    pub party_by_id: BTreeMap<String, PartyId>,
    pub sources: Vec<Source>,
    pub source_by_id: BTreeMap<String, SourceId>,
    pub red_lines: Vec<RedLine>,
    /// Integrity constraints between terms, in file order.
    pub constraints: Vec<Constraint>,
    /// Term ids that were defined but could not be loaded (or every id, when
    /// `terms.toml` itself failed): references to them are not reported again.
    pub broken_terms: BrokenTerms,
}

/// Terms whose definitions failed, so that their uses raise no second error.
#[derive(Debug, Clone, Default)]
pub struct BrokenTerms {
    pub all: bool,
    pub ids: std::collections::BTreeSet<String>,
}

impl BrokenTerms {
    pub fn contains(&self, id: &str) -> bool {
        self.all || self.ids.contains(id)
    }
}

impl Rules {
    /// The party an id names.
    pub fn party(&self, id: PartyId) -> &Party {
        item(&self.parties, id.index())
    }
    /// Every party's id, in `parties.toml` order.
    pub fn party_ids(&self) -> impl Iterator<Item = PartyId> {
        (0..self.parties.len()).map(PartyId::from_index)
    }
    /// The red line an id names.
    pub fn red_line(&self, id: RedLineId) -> &RedLine {
        item(&self.red_lines, id.index())
    }
    /// Every red line's id with the red line, in load order.
    pub fn red_line_ids(&self) -> impl Iterator<Item = (RedLineId, &RedLine)> {
        self.red_lines
            .iter()
            .enumerate()
            .map(|(i, r)| (RedLineId::from_index(i), r))
    }
    /// The constraint an id names.
    pub fn constraint(&self, id: ConstraintId) -> &Constraint {
        item(&self.constraints, id.index())
    }
    /// Every constraint's id, in file order.
    pub fn constraint_ids(&self) -> impl Iterator<Item = ConstraintId> {
        (0..self.constraints.len()).map(ConstraintId::from_index)
    }
    /// The source an id names.
    pub fn source(&self, id: SourceId) -> &Source {
        item(&self.sources, id.index())
    }
    pub fn lookup_party(&self, name: &str) -> Option<PartyId> {
        self.party_by_id.get(name).copied()
    }
    /// Blocs that `party` belongs to directly or through nested blocs.
    pub fn blocs_of(&self, party: PartyId) -> Vec<PartyId> {
        let mut out = Vec::new();
        let mut stack = vec![party];
        while let Some(p) = stack.pop() {
            for b in self.party_ids() {
                if self.party(b).members.contains(&p) && !out.contains(&b) {
                    out.push(b);
                    stack.push(b);
                }
            }
        }
        out.sort();
        out
    }
}

impl Plan {
    /// The clause with this id (its `id` key).
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }
    /// The position of the clause with this id (its `id` key).
    pub fn clause_id(&self, id: &str) -> Option<ClauseId> {
        self.clauses
            .iter()
            .position(|c| c.id == id)
            .map(ClauseId::from_index)
    }
    /// The clause at a position of this plan (none if the id is another
    /// plan's and out of range here).
    pub fn clause_at(&self, id: ClauseId) -> Option<&Clause> {
        self.clauses.get(id.index())
    }
    /// Every clause's position with the clause, in plan order.
    pub fn clause_ids(&self) -> impl Iterator<Item = (ClauseId, &Clause)> {
        self.clauses
            .iter()
            .enumerate()
            .map(|(i, c)| (ClauseId::from_index(i), c))
    }

    /// Make clause `clause` set `term` to `value`, as a scenario's `[[amend]]`
    /// would. Returns false when the plan has no such clause.
    pub fn set(&mut self, clause: &str, term: TermId, value: Value) -> bool {
        let Some(c) = self.clauses.iter_mut().find(|c| c.id == clause) else {
            return false;
        };
        let loc = c.loc;
        match c.set.iter_mut().find(|(t, _)| *t == term) {
            Some((_, s)) => s.value = Setting::Fixed(value),
            None => {
                c.set.push((
                    term,
                    Located {
                        value: Setting::Fixed(value),
                        loc,
                    },
                ));
                c.set.sort_by_key(|(t, _)| *t);
            }
        }
        true
    }
}
