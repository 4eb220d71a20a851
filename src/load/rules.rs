//! `rules/`: sources, parties, and terms with their constraints; and the
//! pieces the other readers share (resolving a party or a source, a value
//! of a term, an expression). Each party's red lines are read in
//! [`red_lines`](super::red_lines).

use super::doc::{Table as TomlTable, Value as TomlValue};
use super::reader::{is_party_id, is_plain_id, is_term_id, loc, type_name, At, Sink, Table, Val};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::expr;
use crate::model::Expr;
use crate::model::{
    Constraint, Decides, FileId, Loc, Located, Party, PartyId, Polarity, Rules, Source, SourceId,
    SourceMap, Span, Term, TermId, TermKind, Value,
};
use rustc_hash::FxHashMap;

/// Report a duplicate id if `id` is already in `seen`; otherwise record it.
/// (A hash map: only asked, never walked; diagnostics are sorted later.)
pub fn check_unique(
    seen: &mut FxHashMap<String, Loc>,
    id: &At<String>,
    what: &str,
    sink: &mut Sink,
) -> bool {
    if let Some(first) = seen.get(&id.value) {
        duplicate(id, *first, what, sink);
        false
    } else {
        seen.insert(id.value.clone(), id.loc);
        true
    }
}

/// `duplicate-id`: `id` was first defined at `first`.
fn duplicate(id: &At<String>, first: Loc, what: &str, sink: &mut Sink) {
    sink.push(
        Diagnostic::new(
            Code::DuplicateId,
            format!("{what} `{}` is defined twice", id.value),
        )
        .at(id.loc, Some("defined again here".to_string()))
        .at(first, Some("first defined here".to_string())),
    );
}

pub fn invalid_id(id: &At<String>, what: &str, rule: &str, sink: &mut Sink) {
    sink.push(
        Diagnostic::new(
            Code::InvalidId,
            format!("`{}` is not a valid {what} id", id.value),
        )
        .at(id.loc, None)
        .help(rule.to_string()),
    );
}

pub fn sources(rules: &mut Rules, file: FileId, doc: &TomlTable<'_>, sink: &mut Sink) {
    let mut top = Table::new(file, doc, super::file_start(file), "sources file");
    let mut seen = FxHashMap::default();
    for (t, l) in top.tables(sink, "source") {
        let mut t = Table::new(file, t, l, "source");
        let id = t.req_str(
            sink,
            "id",
            "give the source an id that red lines cite in `source`",
        );
        let outlet = t.str(sink, "outlet");
        let title = t.str(sink, "title");
        let date = t.date(sink, "date");
        let doc_file = t.str(sink, "file");
        let url = t.str(sink, "url");
        t.finish(sink, &[]);
        let Some(id) = id else { continue };
        if !is_plain_id(&id.value) {
            invalid_id(&id, "source", "use letters, digits, `_`, `-` and `.`", sink);
        }
        if !check_unique(&mut seen, &id, "source", sink) {
            continue;
        }
        rules
            .source_by_id
            .insert(id.value.clone(), SourceId::from_index(rules.sources.len()));
        rules.sources.push(Source {
            id: id.value,
            outlet: outlet.map(|o| o.value).unwrap_or_default(),
            title: title.map(|o| o.value).unwrap_or_default(),
            date: date.map(|d| d.value),
            file: doc_file.map(|f| f.value),
            url: url.map(|u| u.value),
            loc: id.loc,
        });
    }
    top.finish(sink, &[]);
}

pub fn parties(rules: &mut Rules, file: FileId, doc: &TomlTable<'_>, sink: &mut Sink) {
    let mut top = Table::new(file, doc, super::file_start(file), "parties file");
    let mut seen = FxHashMap::default();
    let mut pending: Vec<(PartyId, Vec<At<String>>)> = Vec::new();
    for (t, l) in top.tables(sink, "party") {
        let mut t = Table::new(file, t, l, "party");
        let id = t.req_str(sink, "id", "give the party an id such as `northland`");
        let name = t.str(sink, "name");
        let members = t.str_list(sink, "members");
        let decides = t.str(sink, "decides");
        t.finish(sink, &[]);
        let Some(id) = id else { continue };
        if !is_party_id(&id.value) {
            invalid_id(
                &id,
                "party",
                "party ids use lowercase letters, digits and `_`",
                sink,
            );
        }
        if !check_unique(&mut seen, &id, "party", sink) {
            continue;
        }
        let decides = match decides {
            None => Decides::Unspecified,
            Some(d) if d.value == "consensus" => Decides::Consensus,
            Some(d) => {
                sink.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("`{}` is not a decision rule", d.value),
                    )
                    .at(d.loc, None)
                    .help("the only decision rule is `consensus`"),
                );
                Decides::Unspecified
            }
        };
        let pid = PartyId::from_index(rules.parties.len());
        rules.party_by_id.insert(id.value.clone(), pid);
        rules.parties.push(Party {
            id: id.value.clone(),
            name: name.map(|n| n.value).unwrap_or_else(|| id.value.clone()),
            members: Vec::new(),
            decides,
            loc: id.loc,
        });
        pending.push((pid, members.unwrap_or_default()));
    }
    top.finish(sink, &[]);
    for (pid, members) in pending {
        let mut resolved = Vec::new();
        for m in members {
            match resolve_party(rules, &m, sink) {
                Some(mid) if !resolved.contains(&mid) => resolved.push(mid),
                Some(_) => sink.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!("`{}` is listed twice as a member", m.value),
                    )
                    .at(m.loc, None),
                ),
                None => {}
            }
        }
        if let Some(p) = rules.parties.get_mut(pid.index()) {
            p.members = resolved;
        }
    }
    bloc_cycles(rules, sink);
}

/// Report every cycle of bloc membership (a strongly connected component).
fn bloc_cycles(rules: &mut Rules, sink: &mut Sink) {
    use petgraph::graph::{DiGraph, NodeIndex};
    // One node per party, added in order: node `i` is party `i`.
    let mut g: DiGraph<PartyId, ()> = DiGraph::new();
    for p in rules.party_ids() {
        g.add_node(p);
    }
    for p in rules.party_ids() {
        for m in &rules.party(p).members {
            g.add_edge(NodeIndex::new(p.index()), NodeIndex::new(m.index()), ());
        }
    }
    for scc in petgraph::algo::tarjan_scc(&g) {
        let mut ids: Vec<PartyId> = scc
            .iter()
            .filter_map(|n| g.node_weight(*n).copied())
            .collect();
        ids.sort();
        let self_loop = match ids.as_slice() {
            [one] => rules.party(*one).members.contains(one),
            _ => false,
        };
        if ids.len() < 2 && !self_loop {
            continue;
        }
        let names: Vec<String> = ids
            .iter()
            .map(|p| format!("`{}`", rules.party(*p).id))
            .collect();
        let mut d = Diagnostic::new(
            Code::BlocCycle,
            format!("bloc membership forms a cycle: {}", names.join(" → ")),
        )
        .help("a bloc cannot contain itself; remove one of these memberships");
        for p in &ids {
            d = d.at(
                rules.party(*p).loc,
                Some(format!("`{}` is in the cycle", rules.party(*p).id)),
            );
        }
        sink.push(d);
        // Break the cycle so that later walks over blocs terminate.
        for p in &ids {
            if let Some(party) = rules.parties.get_mut(p.index()) {
                party.members.retain(|m| !ids.contains(m));
            }
        }
    }
}

pub fn resolve_party(rules: &Rules, name: &At<String>, sink: &mut Sink) -> Option<PartyId> {
    let found = rules.lookup_party(&name.value);
    if found.is_none() {
        sink.push(
            Diagnostic::new(
                Code::UnknownParty,
                format!("unknown party `{}`", name.value),
            )
            .at(name.loc, Some("not in rules/parties.toml".to_string()))
            .maybe_help(did_you_mean(
                &name.value,
                rules.party_by_id.keys().map(String::as_str),
            )),
        );
    }
    found
}

pub fn resolve_source(rules: &Rules, name: &At<String>, sink: &mut Sink) -> Option<SourceId> {
    let found = rules.source_by_id.get(&name.value).copied();
    if found.is_none() {
        sink.push(
            Diagnostic::new(
                Code::UnknownSource,
                format!("unknown source `{}`", name.value),
            )
            .at(name.loc, Some("not in rules/sources.toml".to_string()))
            .maybe_help(did_you_mean(
                &name.value,
                rules.source_by_id.keys().map(String::as_str),
            )),
        );
    }
    found
}

pub fn terms(
    rules: &mut Rules,
    files: &SourceMap,
    file: FileId,
    doc: &TomlTable<'_>,
    sink: &mut Sink,
) {
    let mut top = Table::new(file, doc, super::file_start(file), "terms file");
    let term_tables = top.tables(sink, "term");
    let constraint_tables = top.tables(sink, "constraint");
    top.finish(sink, &[]);
    // Room for them all at once: a vocabulary of thousands of terms
    // otherwise moves as it doubles.
    rules.vocab.terms.reserve(term_tables.len());
    rules.vocab.by_id.reserve(term_tables.len());
    for (t, l) in term_tables {
        let mut t = Table::new(file, t, l, "term");
        let id = t.req_str(sink, "id", "give the term a dotted id such as `army.cap`");
        let about = t.str(sink, "about");
        let reported = sink.diags.len();
        let values = t.str_list(sink, "values");
        // Items of the wrong type are reported one by one; the list they
        // leave empty is not reported again.
        let values_wrong = sink.diags.len() > reported;
        let range = t.get("range");
        let default = t.get("default");
        let owner = t.str_or_list(sink, "owner");
        let signed_by = t.str(sink, "signed_by");
        t.finish(sink, &[]);
        let Some(id) = id else { continue };
        // A term whose definition fails is broken: its uses are not worth a
        // second error.
        let defined = 'term: {
            if !is_term_id(&id.value) {
                invalid_id(&id, "term", "term ids are lowercase words (`a-z`, `0-9`, `_`) joined by dots, e.g. `troops.western_presence`", sink);
            }
            let kind = match (values, range) {
                (Some(_), Some(r)) => {
                    sink.push(
                        Diagnostic::new(
                            Code::InvalidTerm,
                            format!("term `{}` has both `values` and `range`", id.value),
                        )
                        .at(loc(file, r.span()), None)
                        .help("`values` makes an enum, `range` an integer; keep one"),
                    );
                    break 'term None;
                }
                (Some(vals), None) if vals.is_empty() && values_wrong => {
                    break 'term None;
                }
                (Some(vals), None) => match enum_kind(&id, vals, sink) {
                    Some(k) => k,
                    None => {
                        break 'term None;
                    }
                },
                (None, Some(r)) => match range_kind(file, r, sink) {
                    Some(k) => k,
                    None => {
                        break 'term None;
                    }
                },
                (None, None) => TermKind::Bool,
            };
            let owner = owners(rules, owner.unwrap_or_default(), sink);
            let signed_by = match signed_by {
                None => None,
                Some(p) => {
                    let party = resolve_party(rules, &p, sink);
                    if kind != TermKind::Bool {
                        sink.push(
                            Diagnostic::new(
                                Code::InvalidTerm,
                                format!(
                                    "term `{}` follows a signature, so it must be a bool",
                                    id.value
                                ),
                            )
                            .at(
                                p.loc,
                                Some("true exactly when this party signs".to_string()),
                            )
                            .help("drop `values` or `range`: a `signed_by` term is true or false"),
                        );
                        break 'term None;
                    }
                    if let Some(d) = default {
                        sink.push(
                            Diagnostic::new(
                                Code::InvalidTerm,
                                format!(
                                    "term `{}` follows a signature, so it has no status quo",
                                    id.value
                                ),
                            )
                            .at(loc(file, d.span()), Some("not used".to_string()))
                            .at(p.loc, Some("the plan's signatories decide it".to_string()))
                            .help("drop `default`: the term is true exactly when the party signs the plan"),
                        );
                        break 'term None;
                    }
                    party
                }
            };
            let default = default
                .and_then(|d| value_of(&id.value, &kind, loc(file, d.span()), d.get_ref(), sink));
            // The terms defined so far are the ones to be unique among.
            if let Some(first) = rules.vocab.lookup(&id.value) {
                duplicate(&id, rules.vocab.get(first).loc, "term", sink);
                break 'term None;
            }
            Some((kind, default, owner, signed_by))
        };
        let Some((kind, default, owner, signed_by)) = defined else {
            rules.broken_terms.ids.insert(id.value.clone());
            continue;
        };
        let tid = TermId::from_index(rules.vocab.terms.len());
        rules.vocab.by_id.insert(id.value.clone(), tid);
        rules.vocab.terms.push(Term {
            id: id.value,
            about: about.map(|a| a.value).unwrap_or_default(),
            kind,
            default,
            owners: owner,
            signed_by,
            loc: id.loc,
        });
    }
    constraints(rules, files, file, &constraint_tables, sink);
    contradictions(rules, sink);
}

/// A term's owners, resolved: each must be a party, and none named twice.
pub fn owners(rules: &Rules, names: Vec<At<String>>, sink: &mut Sink) -> Vec<PartyId> {
    let mut out: Vec<PartyId> = Vec::with_capacity(names.len());
    let mut seen: Vec<(PartyId, Loc)> = Vec::with_capacity(names.len());
    for n in &names {
        let Some(p) = resolve_party(rules, n, sink) else {
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(q, _)| *q == p) {
            sink.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("`{}` is named twice among the term's owners", n.value),
                )
                .at(n.loc, Some("named again here".to_string()))
                .at(*first, Some("first named here".to_string()))
                .help("name each owner once: `owner = [\"a\", \"b\"]`"),
            );
            continue;
        }
        seen.push((p, n.loc));
        out.push(p);
    }
    out
}

/// `constraint-conflict` for each group of constraints no world satisfies.
fn contradictions(rules: &Rules, sink: &mut Sink) {
    use crate::completion::coherence::{contradictions, Links};
    let groups = match contradictions(rules, &Links::of(rules)) {
        Ok(g) => g,
        Err(e) => {
            let mut d = e.diagnostic();
            d.message = format!("cannot tell whether the constraints can hold together: {e}");
            sink.push(d);
            return;
        }
    };
    for group in groups {
        let members: Vec<&Constraint> = group.iter().map(|c| rules.constraint(*c)).collect();
        let names: Vec<String> = members.iter().map(|c| format!("`{}`", c.id)).collect();
        let what = if names.len() == 1 {
            format!("constraint {} can never hold", names.join(""))
        } else {
            format!("constraints {} can never hold together", names.join(", "))
        };
        let mut d = Diagnostic::new(Code::ConstraintConflict, what)
            .help("no assignment of the terms satisfies them, so every plan would be incoherent; fix or drop one");
        for c in members {
            d = d.at(c.rule.loc, Some(format!("constraint `{}`", c.id)));
        }
        sink.push(d);
    }
}

/// Exactly one of `forbid` and `require`, for a red line or a constraint
/// (`what`); `means` says what each asks, for the help.
pub fn rule_shape(
    what: &str,
    (forbid, require): (Option<At<String>>, Option<At<String>>),
    table_loc: Loc,
    (forbid_means, require_means): (&str, &str),
    sink: &mut Sink,
) -> Option<(Polarity, At<String>)> {
    match (forbid, require) {
        (Some(f), None) => Some((Polarity::Forbid, f)),
        (None, Some(r)) => Some((Polarity::Require, r)),
        (Some(f), Some(r)) => {
            sink.push(
                Diagnostic::new(
                    Code::RuleShape,
                    format!("a {what} has both `forbid` and `require`"),
                )
                .at(f.loc, Some("forbid".to_string()))
                .at(r.loc, Some("require".to_string()))
                .help(format!(
                    "a {what} either forbids a condition or requires one; split it into two {what}s"
                )),
            );
            None
        }
        (None, None) => {
            sink.push(
                Diagnostic::new(Code::RuleShape, format!("a {what} has neither `forbid` nor `require`"))
                    .at(table_loc, Some(format!("this {what} states no condition")))
                    .help(format!("add `forbid = \"...\"` ({forbid_means}) or `require = \"...\"` ({require_means})")),
            );
            None
        }
    }
}

/// `[[constraint]]` tables: integrity constraints between terms.
fn constraints(
    rules: &mut Rules,
    files: &SourceMap,
    file: FileId,
    tables: &[(&TomlTable<'_>, Loc)],
    sink: &mut Sink,
) {
    let mut seen = FxHashMap::default();
    for (t, l) in tables {
        let mut t = Table::new(file, t, *l, "constraint");
        let id = t.req_str(
            sink,
            "id",
            "give the constraint an id such as `members-get-guarantees`",
        );
        let about = t.str(sink, "about");
        let forbid = t.str(sink, "forbid");
        let require = t.str(sink, "require");
        let table_loc = id.as_ref().map_or(t.loc, |i| i.loc);
        t.finish(sink, &[]);
        let rule = rule_shape(
            "constraint",
            (forbid, require),
            table_loc,
            (
                "no coherent world makes it true",
                "every coherent world makes it true",
            ),
            sink,
        )
        .and_then(|(pol, text)| expression(rules, files, &text, sink).map(|e| (pol, e)));
        let Some(id) = id else { continue };
        if !is_plain_id(&id.value) {
            invalid_id(
                &id,
                "constraint",
                "use letters, digits, `_`, `-` and `.`",
                sink,
            );
        }
        if !check_unique(&mut seen, &id, "constraint", sink) {
            continue;
        }
        let Some((polarity, rule)) = rule else {
            continue;
        };
        rules.constraints.push(Constraint {
            id: id.value,
            about: about.map(|a| a.value).unwrap_or_default(),
            polarity,
            rule,
            loc: id.loc,
        });
    }
}

fn enum_kind(id: &At<String>, vals: Vec<At<String>>, sink: &mut Sink) -> Option<TermKind> {
    if vals.is_empty() {
        sink.push(
            Diagnostic::new(
                Code::InvalidTerm,
                format!("term `{}` has an empty `values` list", id.value),
            )
            .at(id.loc, None)
            .help("list at least one value, or drop `values` to make a bool term"),
        );
        return None;
    }
    let mut ok = true;
    // Where each value is first listed: a scan of the few before it, or,
    // for a long list (an enum may have 100,000 values), a map.
    let mut seen: FxHashMap<&str, Loc> = FxHashMap::default();
    let long = vals.len() > 16;
    for (i, v) in vals.iter().enumerate() {
        let first = if long {
            seen.get(v.value.as_str()).copied()
        } else {
            vals.get(..i)
                .and_then(|before| before.iter().find(|w| w.value == v.value))
                .map(|w| w.loc)
        };
        if long && first.is_none() {
            seen.insert(&v.value, v.loc);
        }
        if let Some(first) = first {
            sink.push(
                Diagnostic::new(
                    Code::InvalidTerm,
                    format!("value `{}` is listed twice in `{}`", v.value, id.value),
                )
                .at(v.loc, Some("listed again here".to_string()))
                .at(first, Some("first listed here".to_string()))
                .help("list each value once"),
            );
            ok = false;
        }
    }
    ok.then(|| TermKind::Enum(vals.into_iter().map(|v| v.value).collect()))
}

fn range_kind(file: FileId, r: &Val<'_>, sink: &mut Sink) -> Option<TermKind> {
    let bounds: Option<Vec<i64>> = r
        .get_ref()
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.get_ref().as_integer()).collect());
    match bounds.as_deref() {
        Some(&[lo, hi]) if lo <= hi => Some(TermKind::Int { lo, hi }),
        Some(&[lo, hi]) => {
            sink.push(
                Diagnostic::new(Code::InvalidTerm, format!("range [{lo}, {hi}] is empty"))
                    .at(loc(file, r.span()), None)
                    .help("write the range as `[low, high]` with low <= high"),
            );
            None
        }
        _ => {
            sink.push(
                Diagnostic::new(
                    Code::WrongType,
                    "`range` must be two integers `[low, high]`",
                )
                .at(
                    loc(file, r.span()),
                    Some(format!("found {}", type_name(r.get_ref()))),
                ),
            );
            None
        }
    }
}

/// Convert a TOML value to a value of `term`, reporting a mismatch.
pub fn value_for(term: &Term, at: Loc, v: &TomlValue<'_>, sink: &mut Sink) -> Option<Value> {
    value_of(&term.id, &term.kind, at, v, sink)
}

/// [`value_for`], for a term known by its id and kind (while it is read).
fn value_of(
    id: &str,
    kind: &TermKind,
    at: Loc,
    v: &TomlValue<'_>,
    sink: &mut Sink,
) -> Option<Value> {
    match (kind, v) {
        (TermKind::Bool, TomlValue::Boolean(b)) => Some(Value::Bool(*b)),
        (TermKind::Enum(names), TomlValue::String(s)) => {
            match names.iter().position(|n| n == s.as_ref()) {
                Some(i) => Some(Value::Enum(i as u32)),
                None => {
                    let help =
                        did_you_mean(s, names.iter().map(String::as_str)).unwrap_or_else(|| {
                            format!(
                                "`{}` takes one of: {}",
                                id,
                                names
                                    .iter()
                                    .map(|n| format!("`{n}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        });
                    sink.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            format!("`{s}` is not a value of `{}`", id),
                        )
                        .at(at, Some(format!("not in the values of `{}`", id)))
                        .help(help),
                    );
                    None
                }
            }
        }
        (TermKind::Int { lo, hi }, TomlValue::Integer(_)) => match v.as_integer() {
            Some(n) if (*lo..=*hi).contains(&n) => Some(Value::Int(n)),
            _ => {
                sink.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("value is outside the range of `{}`", id),
                    )
                    .at(at, Some(format!("`{}` ranges over [{lo}, {hi}]", id))),
                );
                None
            }
        },
        (kind, v) => {
            let expected = match kind {
                TermKind::Bool => "true or false",
                TermKind::Enum(_) => "a string naming one of its values",
                TermKind::Int { .. } => "an integer",
            };
            sink.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`{}` is {} term; found {}", id, article(kind), type_name(v)),
                )
                .at(at, Some(format!("expected {expected}"))),
            );
            None
        }
    }
}

fn article(kind: &TermKind) -> &'static str {
    match kind {
        TermKind::Bool => "a bool",
        TermKind::Enum(_) => "an enum",
        TermKind::Int { .. } => "an integer",
    }
}

/// Parse and type-check an expression string, mapping error spans into the file.
pub fn expression(
    rules: &Rules,
    files: &SourceMap,
    at: &At<String>,
    sink: &mut Sink,
) -> Option<Located<Expr>> {
    match expr::parse(&at.value, &rules.vocab) {
        Ok(e) => Some(Located {
            value: e,
            loc: at.loc,
        }),
        Err(errors) => {
            let raw = files
                .get(at.loc.file)
                .text
                .get(at.loc.span.start..at.loc.span.end)
                .unwrap_or("");
            let offsets = expr::string_offsets(raw);
            for e in errors {
                let named = at.value.get(e.span.start..e.span.end).unwrap_or("");
                if e.code == Code::UnknownTerm && rules.broken_terms.contains(named) {
                    continue;
                }
                let span = match &offsets {
                    Some(m) => {
                        let s = m.get(e.span.start).copied().unwrap_or(0);
                        let end = m.get(e.span.end).copied().unwrap_or(s).max(s);
                        Span::new(at.loc.span.start + s, at.loc.span.start + end)
                    }
                    None => at.loc.span,
                };
                sink.push(
                    Diagnostic::new(e.code, e.message)
                        .at(
                            Loc {
                                file: at.loc.file,
                                span,
                            },
                            e.label,
                        )
                        .maybe_help(e.help),
                );
            }
            None
        }
    }
}
