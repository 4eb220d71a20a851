//! `tests/scenarios/*.toml`: regression scenarios (SPEC section 6).

use super::doc::Table as TomlTable;
use super::plan::flatten;
use super::reader::{loc, At, Sink, Table, Val};
use super::rules::resolve_party;
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::model::{Date, FileId, Loc, Located, PartyId, Rules, Setting, TermId};
use std::path::{Path, PathBuf};

/// One change to a plan, applied before checking.
#[derive(Debug, Clone)]
pub enum Amendment {
    /// An existing clause's listed terms take these values.
    Set {
        /// The clause's id, with where it is written.
        clause: At<String>,
        /// The terms and their new settings, sorted by term.
        set: Vec<(TermId, Located<Setting>)>,
    },
    /// An existing clause is removed.
    Drop {
        /// The clause's id, with where it is written.
        clause: At<String>,
    },
    /// A new clause.
    Add {
        /// The new clause's id, with where it is written.
        id: At<String>,
        /// Its text (empty when not given).
        text: String,
        /// The terms it sets, sorted by term.
        set: Vec<(TermId, Located<Setting>)>,
    },
    /// These parties sign the plan too.
    Sign {
        /// The parties, each with where it is named.
        parties: Vec<At<PartyId>>,
    },
    /// These parties no longer sign the plan.
    Unsign {
        /// The parties, each with where it is named.
        parties: Vec<At<PartyId>>,
    },
}

/// What kind of finding an expectation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expected {
    /// `[[expect.veto]]`: a violated veto must be present.
    Veto,
    /// `[[expect.objection]]`: a violated objection must be present.
    Objection,
    /// `[[expect.at_risk]]`: a red line at risk must be present.
    AtRisk,
    /// `[[expect.absent]]`: no finding worse than satisfied may be present.
    Absent,
}

impl Expected {
    /// The key of its array of tables under `[expect]`.
    pub fn key(self) -> &'static str {
        match self {
            Expected::Veto => "veto",
            Expected::Objection => "objection",
            Expected::AtRisk => "at_risk",
            Expected::Absent => "absent",
        }
    }
}

/// An expected finding (or absence): `party`, blaming `clause`, through `red_line`.
#[derive(Debug, Clone)]
pub struct ExpectFinding {
    /// Which kind of finding must be present (or, for `absent`, must not be).
    pub kind: Expected,
    /// The party whose finding it is (`party`).
    pub party: At<PartyId>,
    /// The clause the finding must blame (`clause`), if named.
    pub clause: Option<At<String>>,
    /// The red line it must come through (`red_line`: `id`, `party/id` or
    /// `consent`), if named. A statement's id also names the readings of it
    /// that stand in for it.
    pub red_line: Option<At<String>>,
    /// The terms whose silence the finding must rest on (`silent_on`): the
    /// plan says nothing about each, and its status quo (or, without one,
    /// its openness) is among the finding's causes.
    pub silent_on: Vec<At<TermId>>,
    /// Where the expectation is written (its `party` value).
    pub loc: Loc,
}

/// Everything a scenario's `[expect]` table asks for.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    /// `acceptable`: whether the plan must come out acceptable (no veto) or not, if given.
    pub acceptable: Option<At<bool>>,
    /// `vetoed_by`: exactly the parties that must veto, if given.
    pub vetoed_by: Option<At<Vec<PartyId>>>,
    /// `objected_by`: exactly the parties that must object, if given.
    pub objected_by: Option<At<Vec<PartyId>>>,
    /// The `[[expect.veto]]`, `[[expect.objection]]`, `[[expect.at_risk]]` and
    /// `[[expect.absent]]` tables, in that order.
    pub findings: Vec<ExpectFinding>,
    /// The `[[expect.timeline]]` tables.
    pub timeline: Vec<ExpectPeriod>,
    /// The `[[expect.coalition]]` tables.
    pub coalitions: Vec<ExpectCoalition>,
}

/// The verdicts `[[expect.timeline]]` can name, as `verdict` spells them.
pub const PERIOD_VERDICTS: [&str; 4] = ["veto", "objection", "at_risk", "ok"];

/// `[[expect.timeline]]`: on every day from `from` to `to`, the party's
/// overall verdict on the plan is `verdict`.
#[derive(Debug, Clone)]
pub struct ExpectPeriod {
    /// The party (`party`).
    pub party: At<PartyId>,
    /// One of [`PERIOD_VERDICTS`] (`verdict`).
    pub verdict: At<String>,
    /// The first day (`from`).
    pub from: At<Date>,
    /// The last day (`to`; the first when not given).
    pub to: At<Date>,
    /// Where the table is written.
    pub loc: Loc,
}

/// `[[expect.coalition]]`: whether the parties can agree on some plan and,
/// with `maximal` or `minimal`, whether they are a coalition no other party
/// can join, or a blocking group every smaller part of which could agree.
#[derive(Debug, Clone)]
pub struct ExpectCoalition {
    /// The parties (`parties`).
    pub parties: At<Vec<PartyId>>,
    /// Whether they can agree (`agree`).
    pub agree: At<bool>,
    /// `maximal = true` (with `agree = true`): no other party can join.
    pub maximal: bool,
    /// `minimal = true` (with `agree = false`): without any one member the
    /// rest could agree.
    pub minimal: bool,
    /// Where the table is written.
    pub loc: Loc,
}

/// A scenario as written: a plan, amendments and expectations.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Its `name`: what it pins down, in a few words.
    pub name: String,
    /// The scenario file, in the workspace's source map.
    pub file: FileId,
    /// The scenario's `name` key (or the file start).
    pub loc: Loc,
    /// The plan file, resolved against the scenario's folder.
    pub plan: At<PathBuf>,
    /// The date to check on (`as_of`); `None` takes the date the run is given.
    pub as_of: Option<Date>,
    /// Only these parties' findings count (`parties`; empty: every party).
    pub parties: Vec<PartyId>,
    /// Which red lines count by their basis (`basis = "statement"`).
    pub basis: crate::model::BasisFilter,
    /// The `[[amend]]` tables, applied to the plan in order.
    pub amendments: Vec<Amendment>,
    /// What the `[expect]` table asks for.
    pub expect: Expectations,
}

/// Read one scenario file against loaded rules; its plan must be a file of `files`.
pub fn scenario(
    rules: &Rules,
    files: &dyn super::Files,
    file: FileId,
    path: &Path,
    doc: &TomlTable<'_>,
    sink: &mut Sink,
) -> Option<Scenario> {
    let mut top = Table::new(file, doc, super::file_start(file), "scenario");
    let name = top.req_str(
        sink,
        "name",
        "say in a few words what the scenario pins down",
    );
    let plan = top.req_str(
        sink,
        "plan",
        "name the plan file, relative to this scenario, e.g. `../../proposals/plan.toml`",
    );
    let as_of = top.date(sink, "as_of");
    let parties = top.str_list(sink, "parties");
    let basis = top.str(sink, "basis");
    let amend_tables = top.tables(sink, "amend");
    let expect = top.table(sink, "expect");
    top.finish(sink, &[]);

    let parties: Vec<PartyId> = parties
        .unwrap_or_default()
        .iter()
        .filter_map(|p| resolve_party(rules, p, sink))
        .collect();
    let basis = match basis {
        None => crate::model::BasisFilter::Any,
        Some(b) => match b.value.as_str() {
            "any" => crate::model::BasisFilter::Any,
            "statement" => crate::model::BasisFilter::Statement,
            other => {
                sink.push(
                    Diagnostic::new(Code::InvalidValue, format!("`{other}` is not a basis filter"))
                        .at(b.loc, None)
                        .help("`basis` is `any` (every red line, the default) or `statement` (only what the parties said themselves)"),
                );
                crate::model::BasisFilter::Any
            }
        },
    };
    let mut amendments = Vec::new();
    for (t, l) in amend_tables {
        if let Some(a) = amendment(rules, file, t, l, sink) {
            amendments.push(a);
        }
    }
    let expect = match expect {
        Some((t, l)) => expectations(rules, file, t, l, sink),
        None => {
            sink.push(
                Diagnostic::new(Code::MissingKey, "scenario has no `[expect]` table")
                    .at(
                        name.as_ref().map_or(super::file_start(file), |n| n.loc),
                        Some("nothing is checked".to_string()),
                    )
                    .help("add `[expect]` with `acceptable`, `vetoed_by`, `objected_by` or `[[expect.veto]]`"),
            );
            Expectations::default()
        }
    };
    let plan = plan?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let plan_path = At {
        value: super::normalize(&dir.join(&plan.value)),
        loc: plan.loc,
    };
    if !files.contains(&plan_path.value) {
        // Nothing outside the workspace is read, nor shown.
        sink.push(
            Diagnostic::new(
                Code::PathOutside,
                format!("`plan` names `{}`, which is outside the workspace", plan.value),
            )
            .at(plan.loc, Some("resolved against this scenario's folder".to_string()))
            .help("a scenario's plan must be a file of the workspace, e.g. `../../proposals/plan.toml`"),
        );
        return None;
    }
    if !files.is_file(&plan_path.value) {
        sink.push(
            Diagnostic::new(
                Code::MissingPlan,
                format!("plan file `{}` does not exist", plan.value),
            )
            .at(
                plan.loc,
                Some("resolved against this scenario's folder".to_string()),
            )
            .help("`plan` is relative to the scenario file, e.g. `../../proposals/plan.toml`"),
        );
        return None;
    }
    let name = name?;
    Some(Scenario {
        name: name.value,
        file,
        loc: name.loc,
        plan: plan_path,
        as_of: as_of.map(|d| d.value),
        parties,
        basis,
        amendments,
        expect,
    })
}

fn amendment(
    rules: &Rules,
    file: FileId,
    t: &TomlTable<'_>,
    l: Loc,
    sink: &mut Sink,
) -> Option<Amendment> {
    let mut t = Table::new(file, t, l, "amendment");
    let clause = t.str(sink, "clause");
    let id = t.str(sink, "id");
    let text = t.str(sink, "text");
    let drop = t.bool(sink, "drop");
    let set_v = t.get("set");
    let sign = t.str_list(sink, "sign");
    let unsign = t.str_list(sink, "unsign");
    t.finish(sink, &[]);
    let resolve = |names: Vec<At<String>>, sink: &mut Sink| -> Vec<At<PartyId>> {
        names
            .iter()
            .filter_map(|n| {
                resolve_party(rules, n, sink).map(|p| At {
                    value: p,
                    loc: n.loc,
                })
            })
            .collect()
    };
    match (sign, unsign) {
        (None, None) => {}
        (Some(s), None)
            if clause.is_none() && id.is_none() && set_v.is_none() && drop.is_none() =>
        {
            return Some(Amendment::Sign {
                parties: resolve(s, sink),
            });
        }
        (None, Some(u))
            if clause.is_none() && id.is_none() && set_v.is_none() && drop.is_none() =>
        {
            return Some(Amendment::Unsign {
                parties: resolve(u, sink),
            });
        }
        _ => {
            sink.push(
                Diagnostic::new(
                    Code::ScenarioShape,
                    "an amendment that changes the signatories does nothing else",
                )
                .at(l, None)
                .help("write `sign = [...]` or `unsign = [...]` in an `[[amend]]` of its own"),
            );
            return None;
        }
    }
    let mut set = Vec::new();
    if let Some(v) = set_v {
        match v.get_ref().as_table() {
            Some(table) => flatten(rules, file, "", table, &mut set, sink),
            None => sink.push(
                Diagnostic::new(Code::WrongType, "`set` must be a table").at(
                    loc(file, v.span()),
                    Some("expected `{ \"term.id\" = value, ... }`".to_string()),
                ),
            ),
        }
    }
    set.sort_by_key(|(t, _)| *t);
    let dropping = drop.as_ref().is_some_and(|d| d.value);
    match (clause, id) {
        (Some(c), None) if dropping => Some(Amendment::Drop { clause: c }),
        (Some(c), None) => {
            if set_v.is_none() {
                sink.push(
                    Diagnostic::new(Code::MissingKey, format!("amendment to clause `{}` changes nothing", c.value))
                        .at(c.loc, None)
                        .help("give `set = { ... }` to change terms, or `drop = true` to remove the clause"),
                );
            }
            Some(Amendment::Set { clause: c, set })
        }
        (None, Some(id)) => {
            if let Some(d) = drop.as_ref().filter(|d| d.value) {
                sink.push(
                    Diagnostic::new(Code::ScenarioShape, "an amendment both adds a clause (`id`) and drops one (`drop`)")
                        .at(d.loc, Some("drops a clause".to_string()))
                        .at(id.loc, Some("adds a new clause".to_string()))
                        .help("to drop a clause of the plan write `clause = \"...\"` with `drop = true`; to add one, leave `drop` out"),
                );
                return None;
            }
            Some(Amendment::Add {
                id,
                text: text.map(|t| t.value).unwrap_or_default(),
                set,
            })
        }
        (Some(c), Some(id)) => {
            sink.push(
                Diagnostic::new(
                    Code::ScenarioShape,
                    "an amendment has both `clause` and `id`",
                )
                .at(c.loc, Some("changes an existing clause".to_string()))
                .at(id.loc, Some("adds a new clause".to_string()))
                .help("use `clause` to change or drop a clause of the plan, `id` to add a new one"),
            );
            None
        }
        (None, None) => {
            sink.push(
                Diagnostic::new(Code::MissingKey, "an amendment names no clause")
                    .at(l, None)
                    .help("use `clause = \"...\"` to change or drop a clause, `id`, `text` and `set` to add one, or `sign`/`unsign` to change the signatories"),
            );
            None
        }
    }
}

fn expectations(
    rules: &Rules,
    file: FileId,
    t: &TomlTable<'_>,
    l: Loc,
    sink: &mut Sink,
) -> Expectations {
    let mut t = Table::new(file, t, l, "expectation");
    let acceptable = t.bool(sink, "acceptable");
    let vetoed_by = t.str_list(sink, "vetoed_by");
    let objected_by = t.str_list(sink, "objected_by");
    let kinds = [
        Expected::Veto,
        Expected::Objection,
        Expected::AtRisk,
        Expected::Absent,
    ];
    let arrays: Vec<(Expected, Option<&Val<'_>>)> =
        kinds.iter().map(|k| (*k, t.get(k.key()))).collect();
    let timeline_v = t.get("timeline");
    let coalition_v = t.get("coalition");
    t.finish(sink, &[]);
    let parties = |names: Option<Vec<At<String>>>, sink: &mut Sink| {
        names.map(|names| {
            let at = names.first().map_or(l, |n| n.loc);
            At {
                value: names
                    .iter()
                    .filter_map(|n| resolve_party(rules, n, sink))
                    .collect(),
                loc: at,
            }
        })
    };
    let vetoed_by = parties(vetoed_by, sink);
    let objected_by = parties(objected_by, sink);
    let mut findings = Vec::new();
    for (kind, v) in arrays {
        for (tbl, vl) in tables_of(file, v, kind.key(), sink) {
            let what = match kind {
                Expected::Veto => "expected veto",
                Expected::Objection => "expected objection",
                Expected::AtRisk => "expected risk",
                Expected::Absent => "expected absence",
            };
            let mut vt = Table::new(file, tbl, vl, what);
            let party = vt.req_str(sink, "party", "name the party the expectation is about");
            let clause = vt.str(sink, "clause");
            let red_line = vt.str(sink, "red_line");
            let silent_on = vt.str_or_list(sink, "silent_on");
            vt.finish(sink, &[]);
            let silent_on: Vec<At<TermId>> = silent_on
                .unwrap_or_default()
                .iter()
                .filter_map(|t| {
                    resolve_term(rules, t, sink).map(|id| At {
                        value: id,
                        loc: t.loc,
                    })
                })
                .collect();
            let Some(party) = party else { continue };
            let Some(pid) = resolve_party(rules, &party, sink) else {
                continue;
            };
            if let Some(r) = &red_line {
                check_red_line(rules, pid, r, sink);
            }
            findings.push(ExpectFinding {
                kind,
                party: At {
                    value: pid,
                    loc: party.loc,
                },
                clause,
                red_line,
                silent_on,
                loc: party.loc,
            });
        }
    }
    let timeline = tables_of(file, timeline_v, "timeline", sink)
        .into_iter()
        .filter_map(|(tbl, vl)| expect_period(rules, file, tbl, vl, sink))
        .collect();
    let coalitions = tables_of(file, coalition_v, "coalition", sink)
        .into_iter()
        .filter_map(|(tbl, vl)| expect_coalition(rules, file, tbl, vl, sink))
        .collect();
    Expectations {
        acceptable,
        vetoed_by,
        objected_by,
        findings,
        timeline,
        coalitions,
    }
}

/// The tables of an `[[expect.KEY]]` array (a lone table counts as one).
fn tables_of<'a, 'i>(
    file: FileId,
    v: Option<&'a Val<'i>>,
    key: &str,
    sink: &mut Sink,
) -> Vec<(&'a TomlTable<'i>, Loc)> {
    let Some(v) = v else { return Vec::new() };
    let items: Vec<&Val<'i>> = match v.get_ref().as_array() {
        Some(a) => a.iter().collect(),
        None => vec![v],
    };
    let mut out = Vec::new();
    for item in items {
        match item.get_ref().as_table() {
            Some(tbl) => out.push((tbl, loc(file, item.span()))),
            None => sink.push(
                Diagnostic::new(
                    Code::WrongType,
                    format!("`{key}` must be a table (`[[expect.{key}]]`)"),
                )
                .at(loc(file, item.span()), None),
            ),
        }
    }
    out
}

fn expect_period(
    rules: &Rules,
    file: FileId,
    tbl: &TomlTable<'_>,
    vl: Loc,
    sink: &mut Sink,
) -> Option<ExpectPeriod> {
    let mut vt = Table::new(file, tbl, vl, "expected period");
    let party = vt.req_str(sink, "party", "name the party whose verdict is expected");
    let verdict = vt.req_str(
        sink,
        "verdict",
        "say the verdict: `veto`, `objection`, `at_risk` or `ok`",
    );
    let from = vt.req_date(
        sink,
        "from",
        "give the first day, `from = 2025-08-20` (and `to`, the last, unless it is one day)",
    );
    let to = vt.date(sink, "to");
    vt.finish(sink, &[]);
    // Every mistake of the table is reported, not only the first.
    let pid = party.as_ref().and_then(|p| resolve_party(rules, p, sink));
    let verdict = verdict.filter(|v| {
        let known = PERIOD_VERDICTS.contains(&v.value.as_str());
        if !known {
            sink.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`{}` is not a verdict", v.value),
                )
                .at(v.loc, None)
                .help("`verdict` is `veto`, `objection`, `at_risk` or `ok`")
                .maybe_help(did_you_mean(&v.value, PERIOD_VERDICTS)),
            );
        }
        known
    });
    let from = from?;
    let to = to.unwrap_or_else(|| from.clone());
    if to.value < from.value {
        sink.push(
            Diagnostic::new(
                Code::InvalidDate,
                format!(
                    "the period ends ({}) before it starts ({})",
                    to.value, from.value
                ),
            )
            .at(to.loc, Some("the last day".to_string()))
            .at(from.loc, Some("the first day".to_string()))
            .help("`to` is the last day of the period, on or after `from`"),
        );
        return None;
    }
    let (party, pid, verdict) = (party?, pid?, verdict?);
    Some(ExpectPeriod {
        party: At {
            value: pid,
            loc: party.loc,
        },
        verdict,
        from,
        to,
        loc: party.loc,
    })
}

fn expect_coalition(
    rules: &Rules,
    file: FileId,
    tbl: &TomlTable<'_>,
    vl: Loc,
    sink: &mut Sink,
) -> Option<ExpectCoalition> {
    let mut vt = Table::new(file, tbl, vl, "expected coalition");
    let parties = vt.str_list(sink, "parties");
    let agree = vt.req_bool(
        sink,
        "agree",
        "`agree = true`: the parties can agree on some plan; `agree = false`: they cannot",
    );
    let maximal = vt.bool(sink, "maximal");
    let minimal = vt.bool(sink, "minimal");
    vt.finish(sink, &[]);
    let names = match parties {
        Some(p) if !p.is_empty() => Some(p),
        // A `parties` of the wrong type is reported already.
        None if tbl.get("parties").is_some() => None,
        _ => {
            sink.push(
                Diagnostic::new(Code::MissingKey, "an expected coalition names no parties")
                    .at(vl, None)
                    .help("give `parties = [\"...\", ...]`"),
            );
            None
        }
    };
    // Every party named is looked up, whatever else is wrong.
    let ids: Option<Vec<PartyId>> = names.as_ref().map(|names| {
        names
            .iter()
            .filter_map(|n| resolve_party(rules, n, sink))
            .collect()
    });
    let (agree, names, ids) = (agree?, names?, ids?);
    let maximal_v = maximal.as_ref().is_some_and(|m| m.value);
    let minimal_v = minimal.as_ref().is_some_and(|m| m.value);
    let wrong = match (agree.value, &maximal, &minimal) {
        (false, Some(m), _) if m.value => Some((
            m.loc,
            "`maximal` is for a group that can agree (`agree = true`)",
        )),
        (true, _, Some(m)) if m.value => Some((
            m.loc,
            "`minimal` is for a group that cannot agree (`agree = false`)",
        )),
        _ => None,
    };
    if let Some((at, msg)) = wrong {
        sink.push(
            Diagnostic::new(Code::ScenarioShape, msg)
                .at(at, None)
                .at(agree.loc, Some("says whether they can agree".to_string()))
                .help("`maximal = true`: no other party can join a group that agrees; `minimal = true`: every smaller part of a group that cannot agree could"),
        );
        return None;
    }
    let at = names.first().map_or(vl, |n| n.loc);
    if ids.len() != names.len() {
        return None;
    }
    Some(ExpectCoalition {
        parties: At {
            value: ids,
            loc: at,
        },
        agree,
        maximal: maximal_v,
        minimal: minimal_v,
        loc: vl,
    })
}

/// The term an expectation names (`silent_on`), or `unknown-term`.
fn resolve_term(rules: &Rules, name: &At<String>, sink: &mut Sink) -> Option<TermId> {
    let found = rules.vocab.lookup(&name.value);
    if found.is_none() && !rules.broken_terms.contains(&name.value) {
        sink.push(
            Diagnostic::new(Code::UnknownTerm, format!("unknown term `{}`", name.value))
                .at(name.loc, Some("not in rules/terms.toml".to_string()))
                .maybe_help(did_you_mean(
                    &name.value,
                    rules.vocab.by_id.keys().map(String::as_str),
                )),
        );
    }
    found
}

/// The red-line ids a party's vetoes can name: its own, its members' (for a
/// consensus bloc), and `consent`.
pub fn red_line_names(rules: &Rules, party: PartyId) -> Vec<String> {
    let mut parties = vec![party];
    let mut i = 0;
    while let Some(p) = parties.get(i).copied() {
        for m in &rules.party(p).members {
            if !parties.contains(m) {
                parties.push(*m);
            }
        }
        i += 1;
    }
    let mut names: Vec<String> = vec!["consent".to_string()];
    for r in &rules.red_lines {
        if parties.contains(&r.party) {
            names.push(r.id.clone());
            names.push(format!("{}/{}", rules.party(r.party).id, r.id));
        }
    }
    names
}

fn check_red_line(rules: &Rules, party: PartyId, r: &At<String>, sink: &mut Sink) {
    let names = red_line_names(rules, party);
    if !names.contains(&r.value) {
        sink.push(
            Diagnostic::new(
                Code::UnknownRedLine,
                format!("`{}` has no red line `{}`", rules.party(party).id, r.value),
            )
            .at(
                r.loc,
                Some("not a red line of this party or its members".to_string()),
            )
            .maybe_help(did_you_mean(&r.value, names.iter().map(String::as_str))),
        );
    }
}
