//! SARIF 2.1.0, for code scanning: each finding a result located at the
//! clause that causes it (else at the red line), related to its red line;
//! each diagnostic a result at its place, its rule the code.

use super::words;
use crate::check::Verdict;
use crate::diagnostic::{Code, Level};
use crate::model::Severity;
use crate::report::view::{CauseKind, DiagnosticView, Explanation, LocView};
use crate::report::{Body, Document};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// `doc` as a SARIF log with one run.
pub fn render(doc: &Document) -> String {
    let mut rules: BTreeMap<String, Value> = BTreeMap::new();
    let mut results = Vec::new();
    match &doc.body {
        Body::Check(v) => {
            for p in &v.plans {
                for e in &p.findings {
                    results.push(finding(e, &mut rules));
                }
            }
        }
        Body::Explain(v) => {
            for e in &v.findings {
                results.push(finding(e, &mut rules));
            }
        }
        _ => {}
    }
    for d in &doc.diagnostics {
        results.push(diagnostic(d, &mut rules));
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "redline",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.into_values().collect::<Vec<_>>(),
            } },
            "originalUriBaseIds": { "WORKSPACE": { "uri": "./" } },
            "properties": {
                "as_of": doc.as_of.map(|d| d.to_string()),
                "basis": doc.basis,
            },
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

/// Set `key` of the object `v` (a no-op on anything else).
fn put(v: &mut Value, key: &str, value: Value) {
    if let Some(m) = v.as_object_mut() {
        m.insert(key.to_string(), value);
    }
}

fn physical(l: &LocView) -> Value {
    json!({
        "artifactLocation": { "uri": l.file, "uriBaseId": "WORKSPACE" },
        "region": { "startLine": l.line, "startColumn": l.column },
    })
}

fn location(l: &LocView, message: Option<&str>) -> Value {
    let mut v = json!({ "physicalLocation": physical(l) });
    if let Some(m) = message {
        put(&mut v, "message", json!({ "text": m }));
    }
    v
}

fn finding(e: &Explanation, rules: &mut BTreeMap<String, Value>) -> Value {
    let id = words::name(e);
    rules.entry(id.clone()).or_insert_with(|| {
        let about = words::about(e);
        let mut rule = json!({
            "id": id,
            "name": id,
            "shortDescription": { "text": if about.is_empty() { id.clone() } else { about } },
            "properties": { "party": e.party, "severity": e.severity },
        });
        if let Some(q) = &e.quote {
            put(
                &mut rule,
                "fullDescription",
                json!({ "text": format!("\u{201c}{q}\u{201d}") }),
            );
        }
        if let Some(u) = e.source.as_ref().and_then(|s| s.url.as_ref()) {
            if u.starts_with("https://") || u.starts_with("http://") {
                put(&mut rule, "helpUri", json!(u));
            }
        }
        rule
    });
    let level = match (e.verdict, e.severity) {
        (Verdict::Violated, Severity::Veto) => "error",
        (Verdict::Violated, Severity::Objection) | (Verdict::AtRisk, _) => "warning",
        (Verdict::Satisfied, _) => "note",
    };
    let about = words::about(e);
    let message = if about.is_empty() {
        words::headline(e)
    } else {
        format!("{}: {about}", words::headline(e))
    };
    let clause = e
        .causes
        .iter()
        .filter(|c| c.kind == CauseKind::Clause)
        .find_map(|c| c.location.as_ref());
    let mut result = json!({
        "ruleId": id,
        "level": level,
        "message": { "text": words::visible(&message) },
        "locations": [location(clause.or(e.location.as_ref()).unwrap_or(&LocView {
            file: String::new(), line: 1, column: 1, loc: Default::default(),
        }), None)],
        "properties": {
            "party": e.party,
            "verdict": e.verdict,
            "basis": e.basis,
        },
    });
    if let (Some(_), Some(rl)) = (clause, &e.location) {
        put(
            &mut result,
            "relatedLocations",
            json!([{
                "id": 1,
                "physicalLocation": physical(rl),
                "message": { "text": format!("red line {id}") },
            }]),
        );
    }
    result
}

fn diagnostic(d: &DiagnosticView, rules: &mut BTreeMap<String, Value>) -> Value {
    let code = Code::from_name(d.code);
    rules.entry(d.code.to_string()).or_insert_with(|| {
        json!({
            "id": d.code,
            "shortDescription": { "text": code.map_or("", Code::what) },
            "fullDescription": { "text": code.map_or("", Code::why) },
        })
    });
    let mut result = json!({
        "ruleId": d.code,
        "level": match d.level { Level::Error => "error", Level::Warning => "warning" },
        "message": { "text": words::visible(&match &d.help {
            Some(h) => format!("{} ({h})", d.message),
            None => d.message.clone(),
        }) },
    });
    if let (Some(f), Some(l), Some(c)) = (&d.file, d.line, d.column) {
        put(
            &mut result,
            "locations",
            json!([location(
                &LocView {
                    file: f.clone(),
                    line: l,
                    column: c,
                    loc: Default::default()
                },
                None
            )]),
        );
    }
    result
}
