//! A party's overall verdict on a plan: the worst of its findings, and
//! whether it rests only on analysts' readings. The matrix's cells, the
//! timeline's intervals and the coalition witnesses all read it here.

use super::{Finding, Report, Verdict};
use crate::model::{PartyId, Rules, Severity};
use serde::Serialize;

/// The worst a party says of a plan (or of one clause of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// No finding, or only satisfied ones.
    Ok,
    /// A red line at risk.
    AtRisk,
    /// A violated objection.
    Objection,
    /// A violated veto.
    Veto,
}

impl Standing {
    /// The standing one finding gives.
    pub fn of(verdict: Verdict, severity: Severity) -> Standing {
        match (verdict, severity) {
            (Verdict::Violated, Severity::Veto) => Standing::Veto,
            (Verdict::Violated, Severity::Objection) => Standing::Objection,
            (Verdict::AtRisk, _) => Standing::AtRisk,
            (Verdict::Satisfied, _) => Standing::Ok,
        }
    }
}

/// The worst standing among findings added, and whether every finding at
/// that standing rests on an analyst's reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Worst {
    standing: Option<Standing>,
    analysis: bool,
}

impl Worst {
    /// Take one finding's standing into account.
    pub fn add(&mut self, s: Standing, analysis: bool) {
        match self.standing {
            Some(w) if w > s => {}
            Some(w) if w == s => self.analysis &= analysis,
            _ => {
                self.standing = Some(s);
                self.analysis = analysis;
            }
        }
    }

    /// Take a finding into account.
    pub fn add_finding(&mut self, rules: &Rules, f: &Finding) {
        self.add(Standing::of(f.verdict, f.severity), f.on_analysis(rules));
    }

    /// The worst standing (`Ok` when nothing was added).
    pub fn standing(self) -> Standing {
        self.standing.unwrap_or(Standing::Ok)
    }

    /// Whether the worst standing, short of `Ok`, rests only on analysis.
    pub fn analysis(self) -> bool {
        self.standing.is_some_and(|s| s != Standing::Ok) && self.analysis
    }
}

impl Report {
    /// Party `p`'s overall standing on the plan, and whether it rests only
    /// on analysts' readings.
    pub fn standing(&self, rules: &Rules, p: PartyId) -> (Standing, bool) {
        let mut w = Worst::default();
        for f in self.findings.iter().filter(|f| f.party == p) {
            w.add_finding(rules, f);
        }
        (w.standing(), w.analysis())
    }
}
