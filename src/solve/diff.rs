//! Findings gained and lost between two drafts.

use crate::check::{check, CheckOptions, Finding, FindingKind, Report, Verdict};
use crate::completion::domain::{Restriction, Space};
use crate::error::Error;
use crate::model::{ClauseId, PartyId, Plan, RedLineId, Rules, TermId};
use std::collections::BTreeMap;

/// A term the two drafts decide differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingDiff {
    /// The term the drafts decide differently.
    pub term: TermId,
    /// How the first draft restricts it (with its clauses, if it sets it).
    pub a: Restriction,
    /// How the second draft restricts it (with its clauses, if it sets it).
    pub b: Restriction,
}

/// What a finding is about, whatever clause it lands on: the same key in
/// both drafts is the same finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    /// A red line's own finding.
    RedLine(RedLineId),
    /// A member's red line lifted to its bloc.
    Consensus {
        /// The member whose red line it is.
        member: PartyId,
        /// The member's red line.
        red_line: RedLineId,
    },
    /// Consent on a term, whatever clauses set it.
    Consent {
        /// The term whose owner has not signed.
        term: TermId,
    },
}

/// One finding whose verdict differs between the drafts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffEntry {
    /// The party whose finding it is.
    pub party: PartyId,
    /// What the finding is about, the same in both drafts.
    pub key: Key,
    /// The finding in the first draft (absent: satisfied, or no such consent issue).
    pub before: Option<Finding>,
    /// The finding in the second draft (absent: satisfied, or no such consent issue).
    pub after: Option<Finding>,
}

impl DiffEntry {
    /// The clauses the entry is about: those blamed in the draft where the
    /// finding is worse.
    pub fn clauses(&self) -> Vec<ClauseId> {
        let worse = if rank(self.after.as_ref()) > rank(self.before.as_ref()) {
            &self.after
        } else {
            &self.before
        };
        worse.as_ref().map(Finding::clauses).unwrap_or_default()
    }
}

/// The difference between two drafts' findings.
#[derive(Debug, Clone)]
pub struct Diff {
    /// The first draft's report.
    pub before: Report,
    /// The second draft's report.
    pub after: Report,
    /// Terms decided differently, in vocabulary order.
    pub settings: Vec<SettingDiff>,
    /// Findings of the first draft that the second removes or softens.
    pub lost: Vec<DiffEntry>,
    /// Findings the second draft adds or makes worse.
    pub gained: Vec<DiffEntry>,
}

impl Diff {
    /// Whether the second draft gains a violated red line of `severity` or
    /// worse (a veto counts when asking about objections).
    pub fn gains_violation(&self, severity: crate::model::Severity) -> bool {
        self.gained.iter().any(|e| {
            e.after
                .as_ref()
                .is_some_and(|f| f.verdict == Verdict::Violated && f.severity >= severity)
        })
    }
}

fn rank(f: Option<&Finding>) -> u8 {
    match f.map(|f| f.verdict) {
        None | Some(Verdict::Satisfied) => 0,
        Some(Verdict::AtRisk) => 1,
        Some(Verdict::Violated) => 2,
    }
}

fn key_of(f: &Finding) -> Key {
    match f.kind {
        FindingKind::RedLine(r) => Key::RedLine(r),
        FindingKind::Consensus { member, red_line } => Key::Consensus { member, red_line },
        FindingKind::Consent { term, .. } => Key::Consent { term },
    }
}

/// Findings by key; consent findings on one term from several clauses merge.
fn by_key(report: &Report) -> BTreeMap<(PartyId, Key), Finding> {
    let mut out: BTreeMap<(PartyId, Key), Finding> = BTreeMap::new();
    for f in &report.findings {
        match out.get_mut(&(f.party, key_of(f))) {
            Some(prev) => {
                prev.causes.extend(f.causes.iter().cloned());
                prev.causes.sort();
                prev.causes.dedup();
            }
            None => {
                out.insert((f.party, key_of(f)), f.clone());
            }
        }
    }
    out
}

/// Compare draft `a` with draft `b` under the same rules.
pub fn diff(rules: &Rules, a: &Plan, b: &Plan, opts: &CheckOptions) -> Result<Diff, Error> {
    let before = check(rules, a, opts)?;
    let after = check(rules, b, opts)?;
    let (sa, sb) = (Space::of_plan(rules, a), Space::of_plan(rules, b));
    let settings = rules
        .vocab
        .ids()
        .filter_map(|t| {
            let (ra, rb) = (sa.get(t), sb.get(t));
            let same = match (ra, rb) {
                (Restriction::Set { options: x, .. }, Restriction::Set { options: y, .. }) => {
                    x == y
                }
                _ => ra == rb,
            };
            (!same).then(|| SettingDiff {
                term: t,
                a: ra.clone(),
                b: rb.clone(),
            })
        })
        .collect();
    let (ka, kb) = (by_key(&before), by_key(&after));
    let mut keys: Vec<(PartyId, Key)> = ka.keys().chain(kb.keys()).copied().collect();
    keys.sort();
    keys.dedup();
    let mut lost = Vec::new();
    let mut gained = Vec::new();
    for k in keys {
        let (x, y) = (ka.get(&k), kb.get(&k));
        let entry = || DiffEntry {
            party: k.0,
            key: k.1,
            before: x.filter(|f| f.verdict != Verdict::Satisfied).cloned(),
            after: y.filter(|f| f.verdict != Verdict::Satisfied).cloned(),
        };
        match rank(x).cmp(&rank(y)) {
            std::cmp::Ordering::Greater => lost.push(entry()),
            std::cmp::Ordering::Less => gained.push(entry()),
            std::cmp::Ordering::Equal => {}
        }
    }
    Ok(Diff {
        before,
        after,
        settings,
        lost,
        gained,
    })
}
