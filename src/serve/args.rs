//! The tools' arguments: the JSON Schema of each tool, and a reader that
//! checks a call's arguments against it (every key known, every value of
//! its type, every text within its limit, no control character in a name).

use super::desk::{Refusal, ToolSpec, MAX_NAME_BYTES, MAX_PLANS, MAX_TEXT_BYTES};
use crate::diagnostic::{did_you_mean, Code};
use serde_json::{json, Map, Value};

/// `name` may not be empty, too long, or hold control characters.
pub(super) fn check_name(what: &str, name: &str) -> Result<(), Refusal> {
    if name.is_empty() {
        return Err(Refusal::new(
            Code::BadArgument,
            format!("`{what}` is empty"),
        ));
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(Refusal::new(
            Code::BadArgument,
            format!(
                "`{what}` is {} bytes long; at most {MAX_NAME_BYTES}",
                name.len()
            ),
        ));
    }
    if let Some((i, c)) = name
        .char_indices()
        .find(|(_, c)| c.is_control() || is_bidi(*c))
    {
        return Err(Refusal::new(
            Code::BadArgument,
            format!(
                "`{what}` holds the control character U+{:04X} at byte {i}: `{}`",
                u32::from(c),
                visible(name)
            ),
        ));
    }
    Ok(())
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// `s` with control and bidi characters as code points, cut at 80 chars.
pub(super) fn visible(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == 80 {
            out.push('…');
            break;
        }
        if c.is_control() || is_bidi(c) {
            out.push_str(&format!("U+{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

pub(super) fn hint(h: Option<String>) -> String {
    h.map(|h| format!(": {h}")).unwrap_or_default()
}

/// A call's arguments, checked against the tool's schema: every key known,
/// every value of its type, every text within its limit.
pub(super) struct Args<'a> {
    map: &'a Map<String, Value>,
}

impl<'a> Args<'a> {
    pub(super) fn new(
        tool: &str,
        schema: &Value,
        map: &'a Map<String, Value>,
    ) -> Result<Args<'a>, Refusal> {
        let known: Vec<&str> = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                return Err(Refusal::new(
                    Code::BadArgument,
                    format!(
                        "`{tool}` has no argument `{}`{}; it takes {}",
                        visible(key),
                        hint(did_you_mean(key, known.iter().copied())),
                        known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        let total: usize = map.values().map(size_of).sum();
        if total > MAX_TEXT_BYTES + 64 * 1024 {
            return Err(too_large("the arguments", total));
        }
        Ok(Args { map })
    }

    pub(super) fn str(&self, key: &str) -> Result<Option<&'a str>, Refusal> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => {
                if s.len() > MAX_TEXT_BYTES {
                    return Err(too_large(&format!("`{key}`"), s.len()));
                }
                Ok(Some(s.as_str()))
            }
            Some(_) => Err(Refusal::new(
                Code::BadArgument,
                format!("`{key}` must be a string"),
            )),
        }
    }

    pub(super) fn strs(&self, key: &str) -> Result<Vec<String>, Refusal> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => {
                if items.len() > MAX_PLANS {
                    return Err(Refusal::new(
                        Code::BadArgument,
                        format!("`{key}` has {} items; at most {MAX_PLANS}", items.len()),
                    ));
                }
                let mut out = Vec::new();
                for v in items {
                    let Some(s) = v.as_str() else {
                        return Err(Refusal::new(
                            Code::BadArgument,
                            format!("`{key}` must be a list of strings"),
                        ));
                    };
                    check_name(key, s)?;
                    out.push(s.to_string());
                }
                Ok(out)
            }
            Some(_) => Err(Refusal::new(
                Code::BadArgument,
                format!("`{key}` must be a list of strings"),
            )),
        }
    }

    pub(super) fn number(&self, key: &str) -> Result<Option<f64>, Refusal> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| {
                Refusal::new(Code::BadArgument, format!("`{key}` must be a number"))
            }),
        }
    }
}

fn size_of(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        Value::Array(a) => a.iter().map(size_of).sum::<usize>() + a.len(),
        Value::Object(o) => o.iter().map(|(k, v)| k.len() + size_of(v)).sum(),
        _ => 8,
    }
}

pub(super) fn too_large(what: &str, bytes: usize) -> Refusal {
    Refusal::new(
        Code::BadArgument,
        format!("{what} is {bytes} bytes; at most {MAX_TEXT_BYTES} (1 MiB)"),
    )
}

/// The weighing arguments most tools share.
fn weighing() -> Vec<(&'static str, Value)> {
    vec![
        (
            "as_of",
            json!({"type": "string", "description": "The day to check, YYYY-MM-DD (default: `as_of` in redline.toml, else today)."}),
        ),
        (
            "parties",
            json!({"type": "array", "items": {"type": "string"}, "description": "Only these parties (ids from rules/parties.toml)."}),
        ),
        (
            "basis",
            json!({"type": "string", "enum": ["any", "statement"], "description": "`statement`: only red lines resting on a party's own words."}),
        ),
    ]
}

fn plan_args(prefix: &str, whose: &str) -> Vec<(String, Value)> {
    vec![
        (
            format!("{prefix}plan"),
            json!({"type": "string", "description": format!("{whose}: a plan id from proposals/ (or a path inside the workspace).")}),
        ),
        (
            format!("{prefix}text"),
            json!({"type": "string", "description": format!("{whose}: a plan's TOML text, instead of `{prefix}plan` (at most 1 MiB).")}),
        ),
        (
            format!("{prefix}name"),
            json!({"type": "string", "description": "The file name the text's locations are given in (default draft.toml)."}),
        ),
    ]
}

fn schema(props: Vec<(String, Value)>, required: &[&str]) -> Value {
    let mut p = Map::new();
    for (k, v) in props {
        p.insert(k, v);
    }
    json!({"type": "object", "properties": p, "required": required, "additionalProperties": false})
}

fn owned(v: Vec<(&'static str, Value)>) -> Vec<(String, Value)> {
    v.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

pub(super) fn tools() -> Vec<ToolSpec> {
    let with = |mut a: Vec<(String, Value)>, b: Vec<(&'static str, Value)>| {
        a.extend(owned(b));
        a
    };
    vec![
        ToolSpec {
            name: "vocabulary",
            description: "The workspace's terms: each id, its values (or range), status quo, owners, and the red lines that read it; and the parties. Filter by `term` (a piece of an id or of its description) or `party`. Use it before writing a plan: a plan may only set these terms to these values.",
            input_schema: schema(
                owned(vec![
                    ("term", json!({"type": "string", "description": "Only terms whose id or description contains this (case-insensitive)."})),
                    ("party", json!({"type": "string", "description": "Only terms this party owns or its red lines read."})),
                ]),
                &[],
            ),
        },
        ToolSpec {
            name: "lint_plan",
            description: "Load a plan's TOML text against the workspace's vocabulary and list every mistake with line, column, code and help (nothing is written). The same diagnostics as `redline lint`.",
            input_schema: schema(
                owned(vec![
                    ("text", json!({"type": "string", "description": "The plan's TOML (at most 1 MiB)."})),
                    ("name", json!({"type": "string", "description": "The file name locations are given in (default draft.toml)."})),
                ]),
                &["text"],
            ),
        },
        ToolSpec {
            name: "check_plan",
            description: "Check a plan (by id, or its TOML text) against every party's red lines: which clause crosses which red line, on whose word, and each party's verdict. The same document as `redline check --format json`.",
            input_schema: schema(with(plan_args("", "The plan"), weighing()), &[]),
        },
        ToolSpec {
            name: "explain",
            description: "Why a clause draws its findings (`clause`), or every finding of one party (`party`), with the red lines, sources and quotes. As `redline explain --format json`.",
            input_schema: schema(
                with(
                    plan_args("", "The plan"),
                    [
                        vec![
                            ("clause", json!({"type": "string", "description": "A clause id of the plan."})),
                            ("party", json!({"type": "string", "description": "A party id."})),
                        ],
                        weighing(),
                    ]
                    .concat(),
                ),
                &[],
            ),
        },
        ToolSpec {
            name: "amend",
            description: "The smallest amendment after which no party vetoes, or the proof that none exists; returns the amended plan's TOML. Writes only when `write` names a `.toml` path inside the workspace. As `redline amend --format json`.",
            input_schema: schema(
                with(
                    plan_args("", "The plan"),
                    [
                        vec![
                            ("keep", json!({"type": "array", "items": {"type": "string"}, "description": "Clause ids whose terms must not change."})),
                            ("time_limit_seconds", json!({"type": "number", "description": "Stop after this long with the best amendment found (default 20, at most 300)."})),
                            ("write", json!({"type": "string", "description": "Write the amended plan to this path inside the workspace (the plan's own file, or a new one)."})),
                        ],
                        weighing(),
                    ]
                    .concat(),
                ),
                &[],
            ),
        },
        ToolSpec {
            name: "diff",
            description: "Findings gained and lost from one draft to the next (each by id or TOML text). As `redline diff --format json`.",
            input_schema: schema(
                with(
                    [plan_args("old_", "The earlier draft"), plan_args("new_", "The later draft")].concat(),
                    weighing(),
                ),
                &[],
            ),
        },
        ToolSpec {
            name: "matrix",
            description: "Each party's overall verdict on each plan (one plan: on each clause). As `redline matrix --format json`.",
            input_schema: schema(
                with(
                    owned(vec![("plans", json!({"type": "array", "items": {"type": "string"}, "description": "Plan ids (default: every plan in proposals/)."}))]),
                    weighing(),
                ),
                &[],
            ),
        },
        ToolSpec {
            name: "timeline",
            description: "Each party's standing on each plan over time, and the red lines that started or stopped counting on each day. As `redline timeline --format json`.",
            input_schema: schema(
                with(
                    owned(vec![
                        ("plans", json!({"type": "array", "items": {"type": "string"}, "description": "Plan ids (default: every plan)."})),
                        ("from", json!({"type": "string", "description": "First day, YYYY-MM-DD."})),
                        ("to", json!({"type": "string", "description": "Last day, YYYY-MM-DD (default: the day checked)."})),
                    ]),
                    weighing().into_iter().filter(|(k, _)| *k != "as_of").collect(),
                ),
                &[],
            ),
        },
        ToolSpec {
            name: "coalitions",
            description: "The largest groups of parties that can all accept some plan, and the smallest groups that block every plan (on one plan: among its amendments). As `redline coalitions --format json`.",
            input_schema: schema(
                with(
                    owned(vec![("plan", json!({"type": "string", "description": "A plan id (default: any plan at all)."}))]),
                    weighing(),
                ),
                &[],
            ),
        },
    ]
}
