//! JSON Schemas for a workspace's files, generated from the workspace
//! itself: the term ids a clause may set and the values each takes, the
//! party ids, source ids and red-line ids, so that an editor that reads JSON
//! Schema for TOML (taplo, Even Better TOML) completes and checks them.
//!
//! Conditions (`forbid`, `require`, `when`) are strings to a schema; the
//! loader checks them. The schemas are a convenience for editing: `redline
//! lint` remains the judge.

use crate::model::Workspace;
use crate::model::{Term, TermKind};
use serde_json::{json, Map, Value};

/// One schema: the file name it is written to, the files it describes (globs,
/// relative to the workspace) and the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// The file name, e.g. `plan.json`.
    pub name: &'static str,
    /// The workspace files it applies to, as globs.
    pub applies_to: &'static [&'static str],
    /// The JSON Schema (draft 07).
    pub schema: Value,
}

/// The file names [`schemas`] writes, in its order (known before any
/// workspace is loaded, so that a writer can check them first).
pub const SCHEMA_NAMES: [&str; 7] = [
    "terms.json",
    "parties.json",
    "sources.json",
    "red_lines.json",
    "plan.json",
    "scenario.json",
    "settings.json",
];

/// [`SCHEMA_NAMES`], as an iterator.
pub fn schema_names() -> impl Iterator<Item = &'static str> {
    SCHEMA_NAMES.iter().copied()
}

fn value_schema(t: &Term) -> Value {
    let one = match &t.kind {
        TermKind::Bool => json!({ "type": "boolean" }),
        TermKind::Enum(names) => json!({ "type": "string", "enum": names }),
        TermKind::Int { lo, hi } => json!({ "type": "integer", "minimum": lo, "maximum": hi }),
    };
    // A setting is one value, or the options it leaves open.
    json!({
        "description": t.about,
        "anyOf": [one, { "type": "array", "items": one, "minItems": 1 }],
    })
}

/// The `set` table of a clause: every settable term, written as a quoted
/// dotted key (`"army.cap" = 1`) or as nested tables (`army = { cap = 1 }`).
fn set_schema(ws: &Workspace) -> Value {
    let mut root = Map::new();
    for t in ws
        .rules
        .vocab
        .terms
        .iter()
        .filter(|t| t.signed_by.is_none())
    {
        root.insert(t.id.clone(), value_schema(t));
        let parts: Vec<&str> = t.id.split('.').collect();
        if parts.len() > 1 {
            insert_nested(&mut root, &parts, value_schema(t));
        }
    }
    json!({
        "type": "object",
        "description": "The terms this clause sets, each to one value or a list of options",
        "properties": root,
        "additionalProperties": false,
    })
}

fn insert_nested(map: &mut Map<String, Value>, parts: &[&str], leaf: Value) {
    let Some((first, rest)) = parts.split_first() else {
        return;
    };
    if rest.is_empty() {
        map.insert((*first).to_string(), leaf);
        return;
    }
    let entry = map.entry((*first).to_string()).or_insert_with(
        || json!({ "type": "object", "properties": {}, "additionalProperties": false }),
    );
    if let Some(props) = entry.get_mut("properties").and_then(Value::as_object_mut) {
        insert_nested(props, rest, leaf);
    }
}

fn ids<'a>(it: impl Iterator<Item = &'a String>) -> Value {
    let v: Vec<&String> = it.collect();
    json!({ "type": "string", "enum": v })
}

fn date() -> Value {
    // TOML dates reach a schema validator as strings.
    json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}" })
}

fn object(props: Value, required: &[&str]) -> Value {
    json!({ "type": "object", "properties": props, "required": required, "additionalProperties": false })
}

/// The schemas of every file kind of `ws`.
pub fn schemas(ws: &Workspace) -> Vec<Schema> {
    let rules = &ws.rules;
    let parties = || ids(rules.parties.iter().map(|p| &p.id));
    let party_list = || json!({ "type": "array", "items": parties() });
    // One party, or several (`owner = ["poland", "nato"]`).
    let one_or_more = || json!({ "anyOf": [parties(), party_list()] });
    let term_ids = || ids(rules.vocab.terms.iter().map(|t| &t.id));
    let red_line_names: Vec<String> = rules
        .red_lines
        .iter()
        .flat_map(|r| {
            [
                r.id.clone(),
                format!("{}/{}", rules.party(r.party).id, r.id),
            ]
        })
        .chain(std::iter::once("consent".to_string()))
        .collect();
    let condition = json!({ "type": "string", "description": "A condition over the terms" });
    let term = object(
        json!({
            "id": { "type": "string", "pattern": "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$" },
            "about": { "type": "string" },
            "values": { "type": "array", "items": { "type": "string" }, "minItems": 1 },
            "range": { "type": "array", "items": { "type": "integer" }, "minItems": 2, "maxItems": 2 },
            "default": { "type": ["string", "integer", "boolean"] },
            "owner": one_or_more(),
            "signed_by": parties(),
        }),
        &["id"],
    );
    let constraint = object(
        json!({
            "id": { "type": "string" },
            "about": { "type": "string" },
            "forbid": condition,
            "require": condition,
        }),
        &["id"],
    );
    let terms = object(
        json!({
            "term": { "type": "array", "items": term },
            "constraint": { "type": "array", "items": constraint },
        }),
        &[],
    );
    let party = object(
        json!({
            "id": { "type": "string", "pattern": "^[a-z0-9_]+$" },
            "name": { "type": "string" },
            "members": party_list(),
            "decides": { "type": "string", "enum": ["consensus"] },
        }),
        &["id"],
    );
    let parties_file = object(json!({ "party": { "type": "array", "items": party } }), &[]);
    let source = object(
        json!({
            "id": { "type": "string" },
            "outlet": { "type": "string" },
            "title": { "type": "string" },
            "date": date(),
            "file": { "type": "string" },
            "url": { "type": "string" },
        }),
        &["id"],
    );
    let sources = object(
        json!({ "source": { "type": "array", "items": source } }),
        &[],
    );
    let red_line = object(
        json!({
            "id": { "type": "string" },
            "about": { "type": "string" },
            "forbid": condition,
            "require": condition,
            "when": condition,
            "severity": { "type": "string", "enum": ["veto", "objection"] },
            "since": date(),
            "stated": date(),
            "until": date(),
            "source": ids(rules.sources.iter().map(|s| &s.id)),
            "quote": { "type": "string" },
            "basis": { "type": "string", "enum": ["statement", "analysis"] },
            "reads": { "type": "string", "enum": red_line_names.iter().filter(|n| *n != "consent").collect::<Vec<_>>() },
            "note": { "type": "string" },
        }),
        &["id"],
    );
    let red_lines = object(
        json!({
            "party": one_or_more(),
            "red_line": { "type": "array", "items": red_line },
        }),
        &["party"],
    );
    let clause = object(
        json!({
            "id": { "type": "string" },
            "text": { "type": "string" },
            "set": set_schema(ws),
        }),
        &["id"],
    );
    let plan = object(
        json!({
            "id": { "type": "string" },
            "title": { "type": "string" },
            "date": date(),
            "parties": party_list(),
            "source": ids(rules.sources.iter().map(|s| &s.id)),
            "clause": { "type": "array", "items": clause },
        }),
        &["id"],
    );
    let expect_finding = object(
        json!({
            "party": parties(),
            "clause": { "type": "string" },
            "red_line": { "type": "string", "enum": red_line_names },
            "silent_on": { "anyOf": [term_ids(), { "type": "array", "items": term_ids() }] },
        }),
        &["party"],
    );
    let amendment = object(
        json!({
            "clause": { "type": "string" },
            "id": { "type": "string" },
            "text": { "type": "string" },
            "set": set_schema(ws),
            "drop": { "type": "boolean" },
            "sign": party_list(),
            "unsign": party_list(),
        }),
        &[],
    );
    let findings = json!({ "type": "array", "items": expect_finding });
    let expect_period = object(
        json!({
            "party": parties(),
            "verdict": { "type": "string", "enum": crate::load::scenario::PERIOD_VERDICTS },
            "from": date(),
            "to": date(),
        }),
        &["party", "verdict", "from"],
    );
    let expect_coalition = object(
        json!({
            "parties": party_list(),
            "agree": { "type": "boolean" },
            "maximal": { "type": "boolean" },
            "minimal": { "type": "boolean" },
        }),
        &["parties", "agree"],
    );
    let scenario = object(
        json!({
            "name": { "type": "string" },
            "plan": { "type": "string" },
            "as_of": date(),
            "parties": party_list(),
            "basis": { "type": "string", "enum": ["any", "statement"] },
            "amend": { "type": "array", "items": amendment },
            "expect": object(json!({
                "acceptable": { "type": "boolean" },
                "vetoed_by": party_list(),
                "objected_by": party_list(),
                "veto": findings,
                "objection": findings,
                "at_risk": findings,
                "absent": findings,
                "timeline": { "type": "array", "items": expect_period },
                "coalition": { "type": "array", "items": expect_coalition },
            }), &[]),
        }),
        &["plan", "expect"],
    );
    let settings = object(
        json!({
            "as_of": date(),
            "parties": party_list(),
            "corpus": { "type": "string" },
        }),
        &[],
    );
    let with_meta = |title: &str, mut schema: Value| {
        if let Some(m) = schema.as_object_mut() {
            m.insert(
                "$schema".into(),
                json!("http://json-schema.org/draft-07/schema#"),
            );
            m.insert("title".into(), json!(title));
        }
        schema
    };
    vec![
        Schema {
            name: "terms.json",
            applies_to: &["rules/terms.toml"],
            schema: with_meta("redline terms", terms),
        },
        Schema {
            name: "parties.json",
            applies_to: &["rules/parties.toml"],
            schema: with_meta("redline parties", parties_file),
        },
        Schema {
            name: "sources.json",
            applies_to: &["rules/sources.toml"],
            schema: with_meta("redline sources", sources),
        },
        Schema {
            name: "red_lines.json",
            applies_to: &["rules/*.toml"],
            schema: with_meta("redline red lines", red_lines),
        },
        Schema {
            name: "plan.json",
            applies_to: &["proposals/**/*.toml"],
            schema: with_meta("redline plan", plan),
        },
        Schema {
            name: "scenario.json",
            applies_to: &["tests/scenarios/**/*.toml"],
            schema: with_meta("redline scenario", scenario),
        },
        Schema {
            name: "settings.json",
            applies_to: &["redline.toml"],
            schema: with_meta("redline settings", settings),
        },
    ]
}

/// A `.taplo.toml` that points each file kind at its schema in `dir`
/// (relative to the workspace). The red-line rule excludes the three
/// `rules/` files that have schemas of their own.
pub fn taplo_config(dir: &str) -> String {
    let mut out = String::from(
        "# Written by `redline schema`: editors that use taplo (e.g. Even Better TOML)\n# complete and check the workspace's files against these schemas.\n",
    );
    let exclude = [
        "rules/terms.toml",
        "rules/parties.toml",
        "rules/sources.toml",
    ];
    for (name, globs) in [
        ("terms.json", &["rules/terms.toml"][..]),
        ("parties.json", &["rules/parties.toml"]),
        ("sources.json", &["rules/sources.toml"]),
        ("red_lines.json", &["rules/*.toml"]),
        ("plan.json", &["proposals/**/*.toml"]),
        ("scenario.json", &["tests/scenarios/**/*.toml"]),
        ("settings.json", &["redline.toml"]),
    ] {
        let include: Vec<String> = globs.iter().map(|g| format!("\"{g}\"")).collect();
        out.push_str(&format!("\n[[rule]]\ninclude = [{}]\n", include.join(", ")));
        if name == "red_lines.json" {
            let ex: Vec<String> = exclude.iter().map(|g| format!("\"{g}\"")).collect();
            out.push_str(&format!("exclude = [{}]\n", ex.join(", ")));
        }
        out.push_str(&format!("[rule.schema]\npath = \"{dir}/{name}\"\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    /// The names written before any workspace is loaded are the names written.
    #[test]
    fn schema_names_are_the_schemas_written() {
        let ws = crate::model::Workspace::default();
        let names: Vec<&str> = super::schemas(&ws).iter().map(|s| s.name).collect();
        assert_eq!(names, super::SCHEMA_NAMES);
    }
}
