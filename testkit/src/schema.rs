//! A JSON Schema validator for the tests: the draft-07 keywords that the
//! SARIF 2.1.0 schema and redline's generated editor schemas use, and no
//! others. A schema with any other keyword is refused when the validator is
//! made, so that nothing is ever passed because a keyword was not
//! understood.
//!
//! Why not the `jsonschema` crate: it brought 80 crates (ICU, URL parsing,
//! two regex engines, big integers) and about two minutes to a newcomer's
//! first `cargo test` on two cores, for two tests. This file covers exactly
//! what those tests need, and `tests/ci_formats.rs` holds it to known
//! answers keyword by keyword.
//!
//! `format` is an annotation here, as draft 07 allows: no format is
//! asserted.

use serde_json::Value;
use std::collections::BTreeMap;

/// Keywords that only annotate.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "format",
    "deprecated",
    "readOnly",
    "writeOnly",
    "definitions",
];

/// Keywords that assert something, all handled by [`Validator::check`].
const ASSERTIONS: &[&str] = &[
    "$ref",
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "anyOf",
    "oneOf",
    "allOf",
    "not",
];

macro_rules! fail {
    ($out:expr, $at:expr, $msg:expr) => {
        $out.push(format!("{}: {}", $at, $msg))
    };
}

/// A schema ready to validate documents.
pub struct Validator {
    root: Value,
    patterns: BTreeMap<String, regex_lite::Regex>,
}

impl Validator {
    /// Read a schema; an unknown keyword or a bad pattern is an error.
    pub fn new(schema: &Value) -> Result<Validator, String> {
        let mut patterns = BTreeMap::new();
        survey(schema, "#", &mut patterns)?;
        Ok(Validator {
            root: schema.clone(),
            patterns,
        })
    }

    /// Every way `doc` fails the schema, each with the JSON pointer of the
    /// value at fault; empty when it is valid.
    pub fn errors(&self, doc: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.check(&self.root, doc, "", &mut out, 0);
        out
    }

    /// Whether `doc` is valid.
    pub fn is_valid(&self, doc: &Value) -> bool {
        self.errors(doc).is_empty()
    }

    fn resolve(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        if pointer.is_empty() {
            return Some(&self.root);
        }
        self.root.pointer(pointer)
    }

    fn check(&self, schema: &Value, doc: &Value, at: &str, out: &mut Vec<String>, depth: usize) {
        if depth > 64 {
            out.push(format!("{at}: $ref nesting deeper than 64"));
            return;
        }
        let obj = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => {
                out.push(format!("{at}: no value is allowed here"));
                return;
            }
            Value::Object(o) => o,
            _ => return,
        };
        if let Some(Value::String(r)) = obj.get("$ref") {
            match self.resolve(r) {
                Some(target) => {
                    let mut inner = Vec::new();
                    self.check(target, doc, at, &mut inner, depth + 1);
                    out.extend(inner);
                }
                None => out.push(format!("{at}: unresolved $ref {r}")),
            }
            // In draft 07, $ref replaces every keyword beside it.
            return;
        }
        if let Some(t) = obj.get("type") {
            let names: Vec<&str> = match t {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !names.iter().any(|n| has_type(doc, n)) {
                fail!(
                    out,
                    at,
                    format!("{} is not of type {}", kind(doc), names.join(" or "))
                );
            }
        }
        if let Some(Value::Array(allowed)) = obj.get("enum") {
            if !allowed.contains(doc) {
                fail!(
                    out,
                    at,
                    format!("{doc} is not one of {}", Value::Array(allowed.clone()))
                );
            }
        }
        if let Some(c) = obj.get("const") {
            if c != doc {
                fail!(out, at, format!("{doc} is not {c}"));
            }
        }
        if let Value::String(s) = doc {
            let n = s.chars().count() as u64;
            if let Some(min) = obj.get("minLength").and_then(Value::as_u64) {
                if n < min {
                    fail!(out, at, format!("shorter than {min} characters"));
                }
            }
            if let Some(max) = obj.get("maxLength").and_then(Value::as_u64) {
                if n > max {
                    fail!(out, at, format!("longer than {max} characters"));
                }
            }
            if let Some(Value::String(p)) = obj.get("pattern") {
                if let Some(re) = self.patterns.get(p) {
                    if !re.is_match(s) {
                        fail!(out, at, format!("{doc} does not match /{p}/"));
                    }
                }
            }
        }
        if let Some(x) = doc.as_f64() {
            if let Some(min) = obj.get("minimum").and_then(Value::as_f64) {
                if x < min {
                    fail!(out, at, format!("{doc} is less than {min}"));
                }
            }
            if let Some(max) = obj.get("maximum").and_then(Value::as_f64) {
                if x > max {
                    fail!(out, at, format!("{doc} is more than {max}"));
                }
            }
        }
        if let Value::Array(items) = doc {
            let n = items.len() as u64;
            if let Some(min) = obj.get("minItems").and_then(Value::as_u64) {
                if n < min {
                    fail!(out, at, format!("fewer than {min} items"));
                }
            }
            if let Some(max) = obj.get("maxItems").and_then(Value::as_u64) {
                if n > max {
                    fail!(out, at, format!("more than {max} items"));
                }
            }
            if obj.get("uniqueItems") == Some(&Value::Bool(true)) {
                for (i, a) in items.iter().enumerate() {
                    if items.iter().skip(i + 1).any(|b| a == b) {
                        fail!(out, at, format!("item {i} is repeated"));
                        break;
                    }
                }
            }
            if let Some(each) = obj.get("items") {
                for (i, item) in items.iter().enumerate() {
                    self.check(each, item, &format!("{at}/{i}"), out, depth);
                }
            }
        }
        if let Value::Object(fields) = doc {
            if let Some(Value::Array(required)) = obj.get("required") {
                for r in required.iter().filter_map(Value::as_str) {
                    if !fields.contains_key(r) {
                        out.push(format!("{at}: the required property `{r}` is missing"));
                    }
                }
            }
            let props = obj.get("properties").and_then(Value::as_object);
            for (k, v) in fields {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                match props.and_then(|p| p.get(k)) {
                    Some(s) => self.check(s, v, &here, out, depth),
                    None => match obj.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            out.push(format!("{at}: the property `{k}` is not allowed"))
                        }
                        Some(s) => self.check(s, v, &here, out, depth),
                        None => {}
                    },
                }
            }
        }
        let passes = |s: &Value| {
            let mut inner = Vec::new();
            self.check(s, doc, at, &mut inner, depth + 1);
            inner.is_empty()
        };
        if let Some(Value::Array(all)) = obj.get("allOf") {
            for s in all {
                self.check(s, doc, at, out, depth + 1);
            }
        }
        if let Some(Value::Array(any)) = obj.get("anyOf") {
            if !any.iter().any(passes) {
                out.push(format!("{at}: matches none of anyOf"));
            }
        }
        if let Some(Value::Array(one)) = obj.get("oneOf") {
            let n = one.iter().filter(|s| passes(s)).count();
            if n != 1 {
                out.push(format!("{at}: matches {n} of oneOf, not exactly one"));
            }
        }
        if let Some(not) = obj.get("not") {
            if passes(not) {
                out.push(format!("{at}: matches the schema under `not`"));
            }
        }
    }
}

/// Every keyword of every subschema known, and every pattern compiled.
fn survey(
    schema: &Value,
    at: &str,
    patterns: &mut BTreeMap<String, regex_lite::Regex>,
) -> Result<(), String> {
    let obj = match schema {
        Value::Bool(_) => return Ok(()),
        Value::Object(o) => o,
        other => {
            return Err(format!(
                "{at}: a schema must be an object or a boolean, not {other}"
            ))
        }
    };
    for (k, v) in obj {
        let here = format!("{at}/{k}");
        if k.starts_with("x-") || ANNOTATIONS.contains(&k.as_str()) && k != "definitions" {
            continue;
        }
        if !ASSERTIONS.contains(&k.as_str()) && k != "definitions" {
            return Err(format!("{here}: the keyword `{k}` is not supported"));
        }
        match (k.as_str(), v) {
            ("properties" | "definitions", Value::Object(m)) => {
                for (name, s) in m {
                    survey(s, &format!("{here}/{name}"), patterns)?;
                }
            }
            ("items" | "additionalProperties" | "not", s) => survey(s, &here, patterns)?,
            ("anyOf" | "oneOf" | "allOf", Value::Array(list)) => {
                for (i, s) in list.iter().enumerate() {
                    survey(s, &format!("{here}/{i}"), patterns)?;
                }
            }
            ("pattern", Value::String(p)) => {
                let re = regex_lite::Regex::new(p).map_err(|e| format!("{here}: {e}"))?;
                patterns.insert(p.clone(), re);
            }
            ("$ref", Value::String(r)) if !r.starts_with('#') => {
                return Err(format!(
                    "{here}: only references inside the schema are supported"
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

fn has_type(v: &Value, name: &str) -> bool {
    match name {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|x| x.fract() == 0.0),
        _ => false,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
