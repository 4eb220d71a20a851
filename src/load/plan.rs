//! `proposals/*.toml`: a plan and its clauses.

use super::doc::{Table as TomlTable, Value as TomlValue};
use super::reader::{is_plain_id, loc, type_name, Sink, Table, Val};
use super::rules::{resolve_party, resolve_source, value_for};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::model::{Clause, FileId, Loc, Located, Plan, Rules, Setting, TermId};
use std::collections::BTreeMap;

pub fn plan(rules: &Rules, file: FileId, doc: &TomlTable<'_>, sink: &mut Sink) -> Option<Plan> {
    let mut top = Table::new(file, doc, super::file_start(file), "plan");
    let id = top.req_str(sink, "id", "give the plan an id such as `first-draft`");
    let title = top.str(sink, "title");
    let date = top.date(sink, "date");
    let parties = top.str_list(sink, "parties");
    let source = top.str(sink, "source");
    let clause_tables = top.tables(sink, "clause");
    top.finish(sink, &[]);

    let parties: Vec<_> = parties
        .unwrap_or_default()
        .iter()
        .filter_map(|p| resolve_party(rules, p, sink))
        .collect();
    let source = source.and_then(|s| resolve_source(rules, &s, sink));

    let mut clauses: Vec<Clause> = Vec::with_capacity(clause_tables.len());
    // Only asked, never walked: a hash map.
    let mut seen: rustc_hash::FxHashMap<String, Loc> = Default::default();
    for (t, l) in clause_tables {
        let mut t = Table::new(file, t, l, "clause");
        let cid = t.req_str(sink, "id", "give the clause an id such as `7` or `tier-1`");
        let text = t.str(sink, "text");
        let set = t.get("set");
        t.finish(sink, &[]);
        let mut settings = Vec::new();
        if let Some(set) = set {
            match set.get_ref().as_table() {
                Some(table) => flatten(rules, file, "", table, &mut settings, sink),
                None => sink.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!("`set` must be a table, found {}", type_name(set.get_ref())),
                    )
                    .at(
                        loc(file, set.span()),
                        Some("expected `{ \"term.id\" = value, ... }`".to_string()),
                    ),
                ),
            }
        }
        let Some(cid) = cid else { continue };
        if !is_plain_id(&cid.value) {
            sink.push(
                Diagnostic::new(
                    Code::InvalidId,
                    format!("`{}` is not a valid clause id", cid.value),
                )
                .at(cid.loc, None)
                .help("use letters, digits, `_`, `-` and `.`"),
            );
        }
        if let Some(first) = seen.get(&cid.value) {
            sink.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("clause `{}` is defined twice", cid.value),
                )
                .at(cid.loc, Some("defined again here".to_string()))
                .at(*first, Some("first defined here".to_string())),
            );
            continue;
        }
        seen.insert(cid.value.clone(), cid.loc);
        settings.sort_by_key(|(t, _)| *t);
        clauses.push(Clause {
            id: cid.value,
            text: text.map(|t| t.value).unwrap_or_default(),
            set: settings,
            loc: cid.loc,
        });
    }
    let before = sink.diags.len();
    conflicts(rules, &clauses, sink);
    let id = id?;
    if !is_plain_id(&id.value) {
        sink.push(
            Diagnostic::new(
                Code::InvalidId,
                format!("`{}` is not a valid plan id", id.value),
            )
            .at(id.loc, None)
            .help("use letters, digits, `_`, `-` and `.`, e.g. `first-draft`"),
        );
    }
    let plan = Plan {
        id: id.value,
        title: title.map(|t| t.value).unwrap_or_default(),
        date: date.map(|d| d.value),
        parties,
        source,
        clauses,
        file,
        loc: id.loc,
    };
    // Coherence is judged on settings that agree with each other.
    if sink.diags.len() == before {
        for d in incoherence(rules, &plan) {
            sink.push(d);
        }
    }
    Some(plan)
}

/// `incoherent-plan` for each group of constraints the plan's settings
/// break: the clauses (or silences, or signatories) involved, and the
/// constraints.
pub(crate) fn incoherence(rules: &Rules, plan: &Plan) -> Vec<Diagnostic> {
    use crate::completion::coherence::{incoherences, Links};
    use crate::completion::domain::Space;
    use crate::completion::Cause;
    let links = Links::of(rules);
    // Constraints that contradict each other are reported once, in the
    // vocabulary (`constraint-conflict`), not again in every plan.
    if crate::completion::coherence::contradictions(rules, &links).is_ok_and(|c| !c.is_empty()) {
        return Vec::new();
    }
    let space = Space::of_plan(rules, plan);
    let found = match incoherences(rules, &links, &space) {
        Ok(f) => f,
        Err(e) => {
            let mut d = e.diagnostic().at(plan.loc, None);
            d.message = format!("cannot tell whether plan `{}` is coherent: {e}", plan.id);
            return vec![d];
        }
    };
    let mut out = Vec::new();
    for inc in found {
        let names: Vec<String> = inc
            .constraints
            .iter()
            .map(|c| rules.constraint(*c))
            .map(|c| format!("`{}`", c.id))
            .collect();
        let word = if names.len() == 1 {
            "constraint"
        } else {
            "constraints"
        };
        let mut d = Diagnostic::new(
            Code::IncoherentPlan,
            format!(
                "plan `{}` cannot hold together: its settings break {word} {}",
                plan.id,
                names.join(", ")
            ),
        );
        let mut unsaid = Vec::new();
        for c in &inc.causes {
            let term = rules.vocab.get(c.term());
            match c {
                Cause::Clause { clause, term: t } => {
                    let Some(cl) = plan.clause_at(*clause) else {
                        continue;
                    };
                    if let Some((_, s)) = cl.set.iter().find(|(x, _)| x == t) {
                        let shown: Vec<String> = s
                            .value
                            .options()
                            .iter()
                            .map(|v| format!("`{}`", term.show(*v)))
                            .collect();
                        let what = if shown.len() == 1 {
                            shown.join("")
                        } else {
                            format!("one of {}", shown.join(", "))
                        };
                        d = d.at(
                            s.loc,
                            Some(format!("clause `{}` sets `{}` to {what}", cl.id, term.id)),
                        );
                    }
                }
                Cause::Silence { status_quo, .. } => unsaid.push(format!(
                    "the plan is silent on `{}`, so its status quo `{}` holds",
                    term.id,
                    term.show(*status_quo)
                )),
                Cause::Signatories { value, .. } => unsaid.push(format!(
                    "`{}` is `{}` because of who signs the plan",
                    term.id,
                    term.show(*value)
                )),
                Cause::Open { .. } => {}
            }
        }
        if d.labels.is_empty() {
            d = d.at(plan.loc, Some("this plan".to_string()));
        }
        let mut help: Vec<String> = unsaid;
        for c in inc.constraints.iter().map(|c| rules.constraint(*c)) {
            d = d.at(c.rule.loc, Some(format!("constraint `{}`", c.id)));
            if !c.about.is_empty() {
                help.push(format!("`{}`: {}", c.id, c.about));
            }
        }
        help.push("change one of these settings so that the constraints can hold".to_string());
        let help = help.join("\n");
        out.push(d.help(help));
    }
    out
}

/// Read `set`, flattening nested tables (`nato = { enlargement = ... }`) into dotted ids.
pub(crate) fn flatten(
    rules: &Rules,
    file: FileId,
    prefix: &str,
    table: &TomlTable<'_>,
    out: &mut Vec<(TermId, Located<Setting>)>,
    sink: &mut Sink,
) {
    for (k, v) in table.iter() {
        let name: std::borrow::Cow<'_, str> = if prefix.is_empty() {
            std::borrow::Cow::Borrowed(k.get_ref().as_ref())
        } else {
            std::borrow::Cow::Owned(format!("{prefix}{}", k.get_ref()))
        };
        let name = name.as_ref();
        let key_loc = loc(file, k.span());
        match rules.vocab.lookup(name) {
            Some(term) => {
                if let Some(p) = rules.vocab.get(term).signed_by {
                    let party = &rules.party(p).id;
                    sink.push(
                        Diagnostic::new(
                            Code::SignatoryTerm,
                            format!("`{name}` follows the plan's signatories; no clause can set it"),
                        )
                        .at(key_loc, Some(format!("true exactly when `{party}` signs")))
                        .help(format!("to make it true, list `{party}` in the plan's `parties`; drop this setting")),
                    );
                    continue;
                }
                if out.iter().any(|(t, _)| *t == term) {
                    sink.push(
                        Diagnostic::new(
                            Code::DuplicateId,
                            format!("term `{name}` is set twice in one clause"),
                        )
                        .at(key_loc, None),
                    );
                    continue;
                }
                if let Some(s) = setting(rules, file, term, v, sink) {
                    out.push((
                        term,
                        Located {
                            value: s,
                            loc: loc(file, k.span().start..v.span().end),
                        },
                    ));
                }
            }
            None => match v.get_ref() {
                TomlValue::Table(inner) => {
                    flatten(rules, file, &format!("{name}."), inner, out, sink)
                }
                _ if rules.broken_terms.contains(name) => {}
                _ => sink.push(
                    Diagnostic::new(Code::UnknownTerm, format!("unknown term `{name}`"))
                        .at(key_loc, Some("not in rules/terms.toml".to_string()))
                        .maybe_help(did_you_mean(
                            name,
                            rules.vocab.by_id.keys().map(String::as_str),
                        )),
                ),
            },
        }
    }
}

fn setting(
    rules: &Rules,
    file: FileId,
    term: TermId,
    v: &Val<'_>,
    sink: &mut Sink,
) -> Option<Setting> {
    let t = rules.vocab.get(term);
    match v.get_ref() {
        TomlValue::Array(items) => {
            if items.is_empty() {
                sink.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("an empty list of options for `{}`", t.id),
                    )
                    .at(loc(file, v.span()), None)
                    .help("list the options still under negotiation, or give one value"),
                );
                return None;
            }
            let mut vals = Vec::new();
            let mut ok = true;
            for item in items.iter() {
                match value_for(t, loc(file, item.span()), item.get_ref(), sink) {
                    Some(x) if !vals.contains(&x) => vals.push(x),
                    Some(_) => {}
                    None => ok = false,
                }
            }
            vals.sort();
            ok.then_some(match vals.as_slice() {
                [one] => Setting::Fixed(*one),
                _ => Setting::OneOf(vals),
            })
        }
        other => value_for(t, loc(file, v.span()), other, sink).map(Setting::Fixed),
    }
}

/// Two clauses that set one term to values that cannot both hold.
pub(crate) fn conflicts(rules: &Rules, clauses: &[Clause], sink: &mut Sink) {
    let mut first: BTreeMap<TermId, (usize, &Located<Setting>, Vec<crate::model::Value>)> =
        BTreeMap::new();
    for (ci, c) in clauses.iter().enumerate() {
        for (term, s) in &c.set {
            match first.get_mut(term) {
                None => {
                    first.insert(*term, (ci, s, s.value.options().to_vec()));
                }
                Some((fi, fs, allowed)) => {
                    let both: Vec<_> = allowed
                        .iter()
                        .copied()
                        .filter(|v| s.value.options().contains(v))
                        .collect();
                    if both.is_empty() {
                        let t = rules.vocab.get(*term);
                        let show = |s: &Setting| match s {
                            Setting::Fixed(v) => format!("`{}`", t.show(*v)),
                            Setting::OneOf(vs) => format!(
                                "one of {}",
                                vs.iter()
                                    .map(|v| format!("`{}`", t.show(*v)))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                        sink.push(
                            Diagnostic::new(
                                Code::ClauseConflict,
                                format!("clauses `{}` and `{}` set `{}` to values that cannot both hold", clauses.get(*fi).map_or("?", |c| c.id.as_str()), c.id, t.id),
                            )
                            .at(s.loc, Some(format!("clause `{}` sets it to {}", c.id, show(&s.value))))
                            .at(fs.loc, Some(format!("clause `{}` sets it to {}", clauses.get(*fi).map_or("?", |c| c.id.as_str()), show(&fs.value))))
                            .help("make the clauses agree, or drop one of the settings"),
                        );
                    } else {
                        *allowed = both;
                    }
                }
            }
        }
    }
}
