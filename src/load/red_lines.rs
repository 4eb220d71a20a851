//! `rules/<party>.toml`: each party's red lines, and the readings among
//! them (an analyst's reading linked to the statement it reads).

use super::doc::Table as TomlTable;
use super::reader::{is_plain_id, At, Sink, Table};
use super::rules::{check_unique, expression, invalid_id, owners, resolve_source, rule_shape};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::model::{
    Basis, FileId, Loc, Located, PartyId, RedLine, RedLineId, Rules, Severity, SourceMap,
};
use rustc_hash::FxHashMap;

/// Read one party's red-line file against the rules read so far (its
/// vocabulary, parties and sources), adding its red lines to `got` (which
/// becomes `rules.red_lines` once every file is read; until then the rules
/// are only read, so plans can be read beside the red lines). `got.earlier`
/// holds, for each party, the red lines already read from its other files
/// (positions in `red_lines`), so that an id repeated across them is found
/// without a walk over every party's red lines; this file's are added to it.
pub fn red_lines(
    rules: &Rules,
    files: &SourceMap,
    file: FileId,
    doc: &TomlTable<'_>,
    sink: &mut Sink,
    got: &mut Gathered,
) {
    let Gathered {
        red_lines: out,
        earlier,
        readings,
    } = got;
    let mut top = Table::new(file, doc, super::file_start(file), "red-line file");
    let party_names = top.str_or_list(sink, "party");
    let tables = top.tables(sink, "red_line");
    out.reserve(tables.len());
    top.finish(sink, &[]);
    // A joint position (`party = ["e3", "france", ...]`) is held by each
    // party named: every red line of the file is one red line of each.
    let parties: Vec<PartyId> = match &party_names {
        Some(names) if names.is_empty() => {
            sink.push(
                Diagnostic::new(Code::PartyFile, "`party` names no party")
                    .at(super::file_start(file), None)
                    .help("write `party = \"<party id>\"`, or a list of the parties that hold these red lines jointly"),
            );
            Vec::new()
        }
        Some(names) => owners(rules, names.clone(), sink),
        None => {
            sink.push(
                Diagnostic::new(
                    Code::PartyFile,
                    format!(
                        "`{}` does not say whose red lines it holds",
                        files.get(file).name
                    ),
                )
                .at(super::file_start(file), None)
                .help("start the file with `party = \"<party id>\"`"),
            );
            Vec::new()
        }
    };
    // Ids are unique per party: the ids a party already has, from its other files.
    let mut seen: FxHashMap<String, Loc> = FxHashMap::default();
    for p in &parties {
        for r in earlier
            .get(p)
            .into_iter()
            .flatten()
            .filter_map(|&i| out.get(i))
        {
            seen.entry(r.id.clone()).or_insert(r.loc);
        }
    }
    let first_new = out.len();
    for (t, l) in tables {
        let mut t = Table::new(file, t, l, "red line");
        let id = t.req_str(
            sink,
            "id",
            "give the red line an id such as `no-foreign-troops`",
        );
        let about = t.str(sink, "about");
        let forbid = t.str(sink, "forbid");
        let require = t.str(sink, "require");
        let when = t.str(sink, "when");
        let severity = t.str(sink, "severity");
        let since = t.date(sink, "since");
        let stated = t.date(sink, "stated");
        let until = t.date(sink, "until");
        let source = t.str(sink, "source");
        let quote = t.str(sink, "quote");
        let basis = t.str(sink, "basis");
        let reads = t.str(sink, "reads");
        let note = t.str(sink, "note");
        let table_loc = id.as_ref().map_or(t.loc, |i| i.loc);
        t.finish(sink, &[]);

        let rule = rule_shape(
            "red line",
            (forbid, require),
            table_loc,
            (
                "the plan must not make it true",
                "the plan must make it true",
            ),
            sink,
        )
        .and_then(|(pol, text)| expression(rules, files, &text, sink).map(|e| (pol, e)));
        let when = when.map(|w| expression(rules, files, &w, sink));
        let severity = match severity {
            None => Some(Severity::Veto),
            Some(s) => match s.value.as_str() {
                "veto" => Some(Severity::Veto),
                "objection" => Some(Severity::Objection),
                other => {
                    sink.push(
                        Diagnostic::new(Code::InvalidValue, format!("`{other}` is not a severity"))
                            .at(s.loc, None)
                            .help("severity is `veto` (the default) or `objection`"),
                    );
                    None
                }
            },
        };
        let basis = match basis {
            None => Some(Basis::Statement),
            Some(b) => match b.value.as_str() {
                "statement" => Some(Basis::Statement),
                "analysis" => Some(Basis::Analysis),
                other => {
                    sink.push(
                        Diagnostic::new(Code::InvalidValue, format!("`{other}` is not a basis"))
                            .at(b.loc, None)
                            .help("basis is `statement` (the party said it) or `analysis` (others infer it)"),
                    );
                    None
                }
            },
        };
        if let (Some(b), Some(s)) = (&since, &stated) {
            if s.value < b.value {
                sink.push(
                    Diagnostic::new(
                        Code::InvalidDate,
                        format!(
                            "`stated` ({}) is before `since` ({}): the quoted words cannot predate the position",
                            s.value, b.value
                        ),
                    )
                    .at(s.loc, None)
                    .at(b.loc, Some("the position begins here".to_string()))
                    .help("`since` is when the position began, `stated` when the quoted words were said; move `since` back to the first statement"),
                );
            }
        }
        let start = since.as_ref().or(stated.as_ref());
        if let (Some(s), Some(u)) = (start, &until) {
            let key = if since.is_some() { "since" } else { "stated" };
            if u.value <= s.value {
                sink.push(
                    Diagnostic::new(
                        Code::InvalidDate,
                        format!("`until` ({}) is not after `{key}` ({})", u.value, s.value),
                    )
                    .at(u.loc, None)
                    .at(s.loc, Some(format!("{key} here"))),
                );
            }
        }
        let source_idx = source.as_ref().and_then(|s| resolve_source(rules, s, sink));
        if quote.is_some() && source.is_none() {
            if let Some(q) = &quote {
                sink.push(
                    Diagnostic::new(
                        Code::MissingKey,
                        "a red line with a `quote` needs a `source`",
                    )
                    .at(q.loc, Some("quoted from where?".to_string()))
                    .help("add `source = \"<id in rules/sources.toml>\"`"),
                );
            }
        }
        let Some(id) = id else { continue };
        if !is_plain_id(&id.value) {
            invalid_id(
                &id,
                "red line",
                "use letters, digits, `_`, `-` and `.`",
                sink,
            );
        }
        if !check_unique(&mut seen, &id, "red line", sink) {
            continue;
        }
        let (Some((polarity, rule)), Some(when), Some(severity), Some(basis)) = (
            rule,
            when.map_or(Some(None), |w| w.map(Some)),
            severity,
            basis,
        ) else {
            continue;
        };
        if let (Some(r), Basis::Statement) = (&reads, basis) {
            sink.push(
                Diagnostic::new(
                    Code::InvalidReading,
                    format!("red line `{}` reads another red line, so it is an analyst's reading, not a statement", id.value),
                )
                .at(r.loc, Some("a reading of this red line".to_string()))
                .help("add `basis = \"analysis\"`: a reading is someone else's account of what the party's words mean"),
            );
        }
        let about = about.map(|a| a.value).unwrap_or_default();
        let quote = quote.map(|q| Located {
            value: q.value,
            loc: q.loc,
        });
        let note = note.map(|n| n.value).unwrap_or_default();
        for &party in &parties {
            if let (Some(r), Basis::Analysis) = (&reads, basis) {
                readings.push(Reading {
                    red_line: RedLineId::from_index(out.len()),
                    reads: r.clone(),
                });
            }
            out.push(RedLine {
                id: id.value.clone(),
                party,
                about: about.clone(),
                polarity,
                rule: rule.clone(),
                when: when.clone(),
                severity,
                since: since.as_ref().map(|s| s.value),
                stated: stated.as_ref().map(|s| s.value),
                until: until.as_ref().map(|u| u.value),
                source: source_idx,
                quote: quote.clone(),
                basis,
                reads: None,
                read_by: Vec::new(),
                note: note.clone(),
                loc: id.loc,
                crossing: Default::default(),
            });
        }
    }
    for (i, r) in out.iter().enumerate().skip(first_new) {
        earlier.entry(r.party).or_default().push(i);
    }
}

/// The red lines read so far, file by file.
#[derive(Debug, Default)]
pub struct Gathered {
    /// The red lines (the rules' once every file is read).
    pub red_lines: Vec<RedLine>,
    /// Each party's red lines read so far (positions in `red_lines`), for
    /// ids repeated across its files.
    pub earlier: FxHashMap<PartyId, Vec<usize>>,
    /// Each analyst's reading, resolved once every file is read.
    pub readings: Vec<Reading>,
}

/// A red line's `reads`, resolved once every red-line file is read.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The reading (a red line with `reads`).
    pub red_line: RedLineId,
    /// The red line it names: `id`, or `party/id` with its own party.
    pub reads: At<String>,
}

/// Link each reading to the statement it reads: a red line of the same
/// party, itself a statement and not a reading. Anything else is refused.
pub fn resolve_readings(rules: &mut Rules, readings: &[Reading], sink: &mut Sink) {
    for reading in readings {
        let (party, id, loc) = {
            let r = rules.red_line(reading.red_line);
            (r.party, r.id.clone(), reading.reads.loc)
        };
        let party_id = rules.party(party).id.clone();
        let written = reading.reads.value.as_str();
        let (named_party, target) = match written.split_once('/') {
            Some((p, t)) => (Some(p), t),
            None => (None, written),
        };
        if let Some(p) = named_party.filter(|p| *p != party_id) {
            sink.push(
                Diagnostic::new(
                    Code::InvalidReading,
                    format!("red line `{party_id}/{id}` reads `{written}`, a red line of another party"),
                )
                .at(loc, Some(format!("`{p}` is not `{party_id}`")))
                .help(format!("a reading reads what its own party said: name one of `{party_id}`'s statement red lines")),
            );
            continue;
        }
        let found = rules
            .red_line_ids()
            .find(|(_, r)| r.party == party && r.id == target)
            .map(|(i, _)| i);
        let Some(target_id) = found else {
            let ids: Vec<&str> = rules
                .red_lines
                .iter()
                .filter(|r| r.party == party)
                .map(|r| r.id.as_str())
                .collect();
            sink.push(
                Diagnostic::new(
                    Code::UnknownRedLine,
                    format!("red line `{party_id}/{id}` reads `{target}`, which `{party_id}` does not have"),
                )
                .at(loc, Some("no such red line".to_string()))
                .maybe_help(did_you_mean(target, ids.iter().copied())),
            );
            continue;
        };
        let t = rules.red_line(target_id);
        let problem = if target_id == reading.red_line {
            Some("itself".to_string())
        } else if t.basis != Basis::Statement {
            Some(format!(
                "`{target}`, an analyst's reading itself, not the party's words"
            ))
        } else if readings.iter().any(|o| o.red_line == target_id) {
            Some(format!("`{target}`, itself a reading"))
        } else {
            None
        };
        if let Some(what) = problem {
            sink.push(
                Diagnostic::new(
                    Code::InvalidReading,
                    format!("red line `{party_id}/{id}` reads {what}"),
                )
                .at(loc, Some("a reading must read a statement".to_string()))
                .at(t.loc, Some("not a statement".to_string()))
                .help("a reading names one of its party's red lines with `basis = \"statement\"`: the words it reads"),
            );
            continue;
        }
        if let Some(r) = rules.red_lines.get_mut(reading.red_line.index()) {
            r.reads = Some(target_id);
        }
        if let Some(t) = rules.red_lines.get_mut(target_id.index()) {
            t.read_by.push(reading.red_line);
        }
    }
}
