//! The validated model: terms, parties, red lines, plans. No IO, no rendering.
//!
//! Everything here is produced by [`crate::load`] and is consistent by
//! construction: every id resolves, every expression is type-checked.

mod edit;
mod expr;
mod ids;
mod source;
mod workspace;

pub use edit::{Edit, EditError};
pub use expr::{CmpOp, Expr};
use ids::item;
pub use ids::{ClauseId, ConstraintId, PartyId, RedLineId, SourceId, TermId};
use rustc_hash::FxHashMap;
pub use source::{is_invisible_control, is_plain, FileId, Loc, Shown, SourceFile, SourceMap, Span};
use std::collections::BTreeMap;
pub use workspace::{Settings, Workspace};

/// What values a term can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    /// `true` or `false`.
    Bool,
    /// One of an ordered list of names; `<` compares positions.
    Enum(Vec<String>),
    /// An integer in `lo..=hi`.
    Int {
        /// The smallest value the term can take.
        lo: i64,
        /// The largest value the term can take (included).
        hi: i64,
    },
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
    /// A value of a bool term.
    Bool(bool),
    /// A value of an enum term: its position in the term's `values`, from 0.
    Enum(u32),
    /// A value of an integer term.
    Int(i64),
}

/// One negotiation term.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term's id, as written in `rules/terms.toml` (`troops.western_timing`).
    pub id: String,
    /// What the term means, in words (`about`; empty when not given).
    pub about: String,
    /// The values it can take.
    pub kind: TermKind,
    /// The status quo when no clause sets the term; `None` = open.
    pub default: Option<Value>,
    /// The parties whose signatures a plan needs to set the term (`owner`,
    /// one id or a list), in the order written; empty when no party owns it.
    /// A plan that sets the term draws a consent finding from each owner
    /// that does not sign it.
    pub owners: Vec<PartyId>,
    /// A bool term that follows the plan's signatories: true exactly when
    /// this party signs. No clause may set it, and it has no status quo.
    pub signed_by: Option<PartyId>,
    /// Where its `id` is written in `terms.toml`.
    pub loc: Loc,
}

impl Term {
    /// Whether `party` is one of the term's owners.
    pub fn owned_by(&self, party: PartyId) -> bool {
        self.owners.contains(&party)
    }

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
    /// Every term, in `terms.toml` order; a [`TermId`] is a position here.
    pub terms: Vec<Term>,
    /// Each term's id, as written, to its [`TermId`]. A hash map: it is
    /// only looked up (every term an expression or a clause names), never
    /// walked in order, and a lookup then touches one key instead of a
    /// dozen scattered over the heap. (Iterate `terms` for an order.)
    pub by_id: FxHashMap<String, TermId>,
}

impl Vocabulary {
    /// The term an id names.
    pub fn get(&self, id: TermId) -> &Term {
        item(&self.terms, id.index())
    }
    /// The term with this id as written (`troops.western_timing`), if there is one.
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
    /// By consensus: a member's violated veto whose blame includes a term the
    /// bloc owns is the bloc's veto too.
    Consensus,
    /// A bloc without a decision rule: its members' red lines are not lifted to it.
    Unspecified,
}

/// A party or a bloc (a party with members), from `rules/parties.toml`.
#[derive(Debug, Clone)]
pub struct Party {
    /// The party's id, as written in `parties.toml` (`ukraine`).
    pub id: String,
    /// Its name as shown to users (`name`; the id when not given).
    pub name: String,
    /// A bloc's direct members (empty for a party that is not a bloc).
    pub members: Vec<PartyId>,
    /// How the bloc decides (`decides`).
    pub decides: Decides,
    /// Where its `id` is written.
    pub loc: Loc,
}

/// A document that red lines and plans cite, from `rules/sources.toml`.
#[derive(Debug, Clone)]
pub struct Source {
    /// The source's id, which red lines and plans cite in `source`.
    pub id: String,
    /// Who published it (`outlet`; empty when not given).
    pub outlet: String,
    /// Its title (`title`; empty when not given).
    pub title: String,
    /// When it was published (`date`), if given.
    pub date: Option<Date>,
    /// The document's file in the corpus (`file`), against which `redline lint`
    /// checks quotes.
    pub file: Option<String>,
    /// Its public address (`url`), if given.
    pub url: Option<String>,
    /// Where its `id` is written.
    pub loc: Loc,
}

/// A calendar date, compared lexicographically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, e.g. `2025`.
    pub year: u16,
    /// The month, from 1 (January) to 12.
    pub month: u8,
    /// The day of the month, from 1.
    pub day: u8,
}

impl Date {
    /// Parse `YYYY-MM-DD`, checking the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let t = s.get(r)?;
            if t.bytes().all(|c| c.is_ascii_digit()) {
                t.parse().ok()
            } else {
                None
            }
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&m) {
            return None;
        }
        let days = u32::from(days_in_month(y as u16, m as u8));
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

impl Date {
    /// Today's date (UTC), from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_unix_days((secs / 86_400) as i64)
    }

    /// The date `z` days after 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_unix_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date {
            year: y as u16,
            month: m as u8,
            day: d as u8,
        }
    }

    /// The day after, or `None` after 9999-12-31.
    pub fn next(self) -> Option<Date> {
        if self.day < days_in_month(self.year, self.month) {
            Some(Date {
                day: self.day + 1,
                ..self
            })
        } else if self.month < 12 {
            Some(Date {
                month: self.month + 1,
                day: 1,
                ..self
            })
        } else if self.year < 9999 {
            Some(Date {
                year: self.year + 1,
                month: 1,
                day: 1,
            })
        } else {
            None
        }
    }

    /// The day before, or `None` before 0000-01-01.
    pub fn prev(self) -> Option<Date> {
        if self.day > 1 {
            Some(Date {
                day: self.day - 1,
                ..self
            })
        } else if self.month > 1 {
            let month = self.month - 1;
            Some(Date {
                month,
                day: days_in_month(self.year, month),
                ..self
            })
        } else if self.year > 0 {
            Some(Date {
                year: self.year - 1,
                month: 12,
                day: 31,
            })
        } else {
            None
        }
    }

    /// Days since 0000-03-01 (a day count for measuring spans).
    pub fn day_number(self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (i64::from(self.year) - 1, i64::from(self.month) + 9)
        } else {
            (i64::from(self.year), i64::from(self.month) - 3)
        };
        365 * y + y.div_euclid(4) - y.div_euclid(100)
            + y.div_euclid(400)
            + (153 * m + 2) / 5
            + i64::from(self.day)
            - 1
    }
}

/// The number of days in a month (1 to 12) of a year.
fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    }
}

/// An integer with its digits grouped by thousands with `sep`:
/// `grouped(-1234567, ',')` is `-1,234,567`.
pub(crate) fn grouped(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Dates are written as `YYYY-MM-DD`, in JSON as in TOML.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How much a crossed red line weighs. An objection ranks below a veto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The party objects, but does not refuse the plan.
    Objection,
    /// The party refuses the plan (the default `severity`).
    Veto,
}

impl Severity {
    /// `objection` or `veto`, the value `severity` is written with.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Veto => "veto",
            Severity::Objection => "objection",
        }
    }
}

/// What a red line rests on: the party's own words, or someone else's reading of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The party said it (`basis = "statement"`, the default).
    Statement,
    /// An analyst or reporter infers it (`basis = "analysis"`).
    Analysis,
}

impl Basis {
    /// `statement` or `analysis`, the value `basis` is written with.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Statement => "statement",
            Basis::Analysis => "analysis",
        }
    }
}

/// Which red lines count by what they rest on (`--basis`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BasisFilter {
    /// Every red line, whether the party said it or an analyst infers it.
    #[default]
    Any,
    /// Only what the parties said themselves (`basis = "statement"`).
    Statement,
}

/// Whether a red line forbids or requires its condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// The red line is crossed when the condition holds.
    Forbid,
    /// The red line is crossed when the condition fails.
    Require,
}

impl Polarity {
    /// `forbid` or `require`, the key it is written with.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Forbid => "forbid",
            Polarity::Require => "require",
        }
    }
}

/// An expression with the location of its text in a TOML file.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The value (an expression, a setting, a quote).
    pub value: T,
    /// Where its text is written.
    pub loc: Loc,
}

/// One red line of a party (`[[red_line]]` in its file under `rules/`).
#[derive(Debug, Clone)]
pub struct RedLine {
    /// The red line's id, unique among its party's red lines (`party/id` names it in full).
    pub id: String,
    /// The party that holds it (the file's `party`).
    pub party: PartyId,
    /// What the red line means, in words (`about`; empty when not given).
    pub about: String,
    /// Whether `rule` is forbidden or required.
    pub polarity: Polarity,
    /// The `forbid` or `require` expression.
    pub rule: Located<Expr>,
    /// The `when` condition: the red line applies only where it holds (`None`:
    /// always).
    pub when: Option<Located<Expr>>,
    /// Veto or objection (`severity`; a veto when not given).
    pub severity: Severity,
    /// Since when the party holds the position; defaults to `stated`.
    pub since: Option<Date>,
    /// When the quoted words were said.
    pub stated: Option<Date>,
    /// When the position was superseded.
    pub until: Option<Date>,
    /// The source the position is taken from (`source`), if given.
    pub source: Option<SourceId>,
    /// The party's words as quoted from `source` (`quote`), if given.
    pub quote: Option<Located<String>>,
    /// Whether the party said it or an analyst infers it (`basis`).
    pub basis: Basis,
    /// For an analyst's reading (`reads`): the party's own statement red line
    /// that it reads. With `--basis any` the reading stands in for that
    /// statement; with `--basis statement` the statement applies as worded.
    pub reads: Option<RedLineId>,
    /// The readings that read this statement red line (filled at load).
    pub read_by: Vec<RedLineId>,
    /// A note the report shows beside the finding (`note`): a judgement call
    /// behind the encoding, in words; empty when not given.
    pub note: String,
    /// The whole `[[red_line]]` table (its `id` key).
    pub loc: Loc,
    /// Its crossing condition, made from `polarity`, `rule` and `when` on
    /// first use ([`crate::check::crossing`]). Build with `Default::default()`.
    pub crossing: CrossingCache,
}

/// A red line's crossing condition, made once: every check judges every
/// red line, and building the condition afresh each time copied its
/// expression trees (a tenth of the allocations of a generated `amend`).
/// Only [`crate::check::crossing`] fills it.
#[derive(Debug, Clone, Default)]
pub struct CrossingCache(std::sync::OnceLock<Expr>);

impl CrossingCache {
    pub(crate) fn get_or_init(&self, make: impl FnOnce() -> Expr) -> &Expr {
        self.0.get_or_init(make)
    }
}

impl RedLine {
    /// The terms its condition and its `when` read.
    pub fn terms_read(&self) -> std::collections::BTreeSet<TermId> {
        let mut out = std::collections::BTreeSet::new();
        self.rule.value.collect_terms(&mut out);
        if let Some(w) = &self.when {
            w.value.collect_terms(&mut out);
        }
        out
    }

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
    /// The constraint's id, as written in `terms.toml`.
    pub id: String,
    /// What the constraint says, in words (`about`; empty when not given).
    pub about: String,
    /// Whether the expression is required or forbidden.
    pub polarity: Polarity,
    /// The `forbid` or `require` expression.
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
    /// The values the setting allows: its one value, or the bracketed options.
    pub fn options(&self) -> &[Value] {
        match self {
            Setting::Fixed(v) => std::slice::from_ref(v),
            Setting::OneOf(vs) => vs,
        }
    }
}

/// One clause of a plan (`[[clause]]`): its text and the terms it sets.
#[derive(Debug, Clone)]
pub struct Clause {
    /// The clause's id, unique in its plan (`7`, `tier-1`).
    pub id: String,
    /// The clause's wording (`text`; empty when not given).
    pub text: String,
    /// Sorted by term id order of the vocabulary.
    pub set: Vec<(TermId, Located<Setting>)>,
    /// Where its `id` is written.
    pub loc: Loc,
}

/// A draft agreement, read from one plan file (usually in `proposals/`).
#[derive(Debug, Clone)]
pub struct Plan {
    /// The plan's id (`us-russia-28-point`).
    pub id: String,
    /// Its title (`title`; empty when not given).
    pub title: String,
    /// The draft's date (`date`), if given.
    pub date: Option<Date>,
    /// The parties that sign it (`parties`).
    pub parties: Vec<PartyId>,
    /// The source its text comes from (`source`), if given.
    pub source: Option<SourceId>,
    /// Its clauses, in file order; a [`ClauseId`] is a position here.
    pub clauses: Vec<Clause>,
    /// The plan's file.
    pub file: FileId,
    /// Where its `id` is written.
    pub loc: Loc,
}

/// The rules of a workspace: vocabulary, parties, sources and red lines.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// The terms of `terms.toml`.
    pub vocab: Vocabulary,
    /// Every party and bloc, in `parties.toml` order; a [`PartyId`] is a position here.
    pub parties: Vec<Party>,
    /// Each party's id, as written, to its [`PartyId`].
    pub party_by_id: BTreeMap<String, PartyId>,
    /// Every source, in `sources.toml` order; a [`SourceId`] is a position here.
    pub sources: Vec<Source>,
    /// Each source's id, as written, to its [`SourceId`].
    pub source_by_id: BTreeMap<String, SourceId>,
    /// Every red line, in load order; a [`RedLineId`] is a position here.
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
    /// Every term id counts as broken: `terms.toml` itself failed.
    pub all: bool,
    /// The ids of the terms whose definitions failed.
    pub ids: std::collections::BTreeSet<String>,
}

impl BrokenTerms {
    /// Whether the term with this id is broken, so that its uses raise no error.
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
    /// The party or bloc with this id as written (`ukraine`), if there is one.
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
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Date;

    #[test]
    fn dates_from_unix_days() {
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(20_415).to_string(), "2025-11-23");
        assert_eq!(Date::from_unix_days(11_016).to_string(), "2000-02-29");
    }
}
