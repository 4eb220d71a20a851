//! The formats CI reads: SARIF validated against the SARIF 2.1.0 schema
//! (`tests/schemas/sarif-2.1.0.json`, the OASIS schema as shipped by the
//! serde-sarif crate), JUnit read back with an XML reader, GitHub workflow
//! commands, and shell completions and the man page generated.

use crate::common::{fixtures, redline, root};

use redline_testkit::schema::Validator;

fn sarif_validator() -> Validator {
    let text = std::fs::read_to_string(root().join("tests/schemas/sarif-2.1.0.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    Validator::new(&schema).unwrap()
}

fn assert_valid(v: &Validator, doc: &serde_json::Value, what: &str) {
    let errors = v.errors(doc);
    assert!(
        errors.is_empty(),
        "{what} is not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_is_valid_and_located() {
    let v = sarif_validator();
    // The shipped workspace's check, and the diagnostics of a broken one.
    let out = redline(&root())
        .args(["check", "--format", "sarif"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&v, &doc, "check --format sarif");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 20);
    // Each finding is at a file of the workspace; those caused by a clause
    // are in the plan, related to the red line in rules/.
    let clause_results: Vec<_> = results
        .iter()
        .filter(|r| r["relatedLocations"].is_array())
        .collect();
    assert!(!clause_results.is_empty());
    for r in clause_results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("proposals/"), "{uri}");
        let rel = r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(rel.starts_with("rules/"), "{rel}");
    }
    let broken = fixtures().join("diagnostics/unknown-term");
    let ws = crate::common::scratch("sarif-unknown-term");
    crate::common::copy_dir(&fixtures().join("basic"), &ws);
    crate::common::copy_dir(&broken, &ws);
    let out = redline(&ws)
        .args(["lint", "--format", "sarif"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&v, &doc, "lint --format sarif");
    assert!(doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["ruleId"] == "unknown-term"));
    let _ = std::fs::remove_dir_all(&ws);
}

#[test]
fn junit_reads_back() {
    let ws = fixtures().join("basic");
    let out = redline(&ws)
        .args([
            "test",
            "tests/scenarios",
            "tests/failing",
            "--format",
            "junit",
        ])
        .output()
        .unwrap();
    let suites = read_junit(&String::from_utf8(out.stdout).unwrap());
    let suite = &suites[0];
    assert_eq!(suite.tests, 4);
    assert_eq!(suite.failures, 1);
    assert_eq!(suite.cases.len(), 4);
    let failed: Vec<&Case> = suite.cases.iter().filter(|c| c.failure.is_some()).collect();
    assert_eq!(failed.len(), 1);
    let text = failed[0].failure.clone().unwrap();
    assert!(
        text.contains("expected") && text.contains("actual"),
        "{text}"
    );
}

/// A JUnit suite as a reader sees it: the counts it declares, and its cases.
struct Suite {
    tests: usize,
    failures: usize,
    cases: Vec<Case>,
}

/// A testcase, with the text of its failure if it failed.
struct Case {
    failure: Option<String>,
}

/// Read JUnit XML back with quick-xml (the XML library quick-junit writes
/// with): a strict parse of the whole document, every `<testsuite>` with
/// its counts and every `<testcase>` with its `<failure>` text.
fn read_junit(xml: &str) -> Vec<Suite> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.try_get_attribute(name)
            .unwrap()
            .map(|a| a.unescape_value().unwrap().into_owned())
    };
    let mut suites: Vec<Suite> = Vec::new();
    let mut in_failure = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"testsuite" => suites.push(Suite {
                    tests: attr(&e, "tests").unwrap().parse().unwrap(),
                    failures: attr(&e, "failures").unwrap().parse().unwrap(),
                    cases: Vec::new(),
                }),
                b"testcase" => suites
                    .last_mut()
                    .unwrap()
                    .cases
                    .push(Case { failure: None }),
                b"failure" => {
                    let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                    case.failure = Some(attr(&e, "message").unwrap_or_default());
                    in_failure = true;
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == b"failure" => in_failure = false,
            Event::Text(t) if in_failure => {
                let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                case.failure
                    .as_mut()
                    .unwrap()
                    .push_str(&t.decode().unwrap());
            }
            Event::GeneralRef(r) if in_failure => {
                let name = r.decode().unwrap();
                let ch = quick_xml::escape::resolve_predefined_entity(&name)
                    .map(str::to_string)
                    .or_else(|| r.resolve_char_ref().unwrap().map(String::from))
                    .unwrap();
                let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                case.failure.as_mut().unwrap().push_str(&ch);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    suites
}

#[test]
fn ci_formats_snapshots() {
    let ws = fixtures().join("basic");
    insta_cmd::assert_cmd_snapshot!(
        "github_check",
        redline(&ws).args(["check", "--format", "github"])
    );
    insta_cmd::assert_cmd_snapshot!(
        "github_test",
        redline(&ws).args(["test", "tests/failing", "--format", "github"])
    );
    insta_cmd::assert_cmd_snapshot!(
        "junit_test",
        redline(&ws).args([
            "test",
            "tests/scenarios",
            "tests/failing",
            "--format",
            "junit"
        ])
    );
    insta_cmd::assert_cmd_snapshot!(
        "sarif_check",
        redline(&ws).args(["check", "draft", "--format", "sarif"])
    );
}

#[test]
fn completions_and_man_page() {
    let ws = fixtures().join("basic");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = redline(&ws).args(["completions", shell]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains("amend") && text.contains("as-of"),
            "{shell}"
        );
    }
    let man = redline(&ws).arg("man").output().unwrap();
    let text = String::from_utf8_lossy(&man.stdout);
    assert!(
        text.starts_with(".ie") || text.contains(".TH redline"),
        "{text}"
    );
    assert!(text.contains("check") && text.contains("init"));
}

/// Each starter workspace passes `lint`, `check` and `test` as written.
#[test]
fn init_starters_pass() {
    for example in redline::STARTERS {
        let dir = crate::common::scratch(&format!("init-{example}"));
        let out = redline(&fixtures())
            .args(["init"])
            .arg(&dir)
            .args(["--example", example])
            .output()
            .unwrap();
        crate::common::expect_exit(&out, 0);
        for args in [&["lint"][..], &["check"], &["test"]] {
            let out = redline(&dir).args(args).output().unwrap();
            crate::common::expect_exit(&out, 0);
        }
        // A second init refuses to overwrite.
        let again = redline(&fixtures()).arg("init").arg(&dir).output().unwrap();
        crate::common::expect_exit(&again, 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A TOML value as JSON, the way an editor hands it to a schema
/// validator: dates become strings.
fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => J::from(*f),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

fn schema_for(schemas: &[redline::Schema], rel: &str) -> Option<Validator> {
    let kind = match rel {
        "rules/terms.toml" => "terms.json",
        "rules/parties.toml" => "parties.json",
        "rules/sources.toml" => "sources.json",
        "redline.toml" => "settings.json",
        r if r.starts_with("rules/") => "red_lines.json",
        r if r.starts_with("proposals/") => "plan.json",
        r if r.starts_with("tests/scenarios/") => "scenario.json",
        _ => return None,
    };
    let s = schemas.iter().find(|s| s.name == kind)?;
    Some(Validator::new(&s.schema).unwrap())
}

/// The schemas generated from the shipped workspace accept every one of its
/// files, and refuse a plan that sets a misspelt term or an unknown value.
#[test]
fn schemas_validate_the_shipped_workspace() {
    let loaded = redline::load_workspace(&root());
    let schemas = redline::schemas(&loaded.workspace);
    let mut checked = 0;
    for dir in ["rules", "proposals", "tests/scenarios", "."] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let rel = path
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let Some(v) = schema_for(&schemas, &rel) else {
                continue;
            };
            let doc: toml::Value =
                toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let errors = v.errors(&toml_to_json(&doc));
            assert!(errors.is_empty(), "{rel}:\n{}", errors.join("\n"));
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} files checked");
    let plan = root().join("proposals/three_tier_security_plan.toml");
    let text = std::fs::read_to_string(plan).unwrap();
    let v = schema_for(&schemas, "proposals/x.toml").unwrap();
    let typo = text.replacen("\"troops.western_timing\"", "\"troops.western_timng\"", 1);
    assert_ne!(typo, text);
    let doc: toml::Value = toml::from_str(&typo).unwrap();
    assert!(
        !v.is_valid(&toml_to_json(&doc)),
        "a misspelt term passes the plan schema"
    );
    let bad_value = text.replacen("\"preemptive\"", "\"preemptiv\"", 1);
    assert_ne!(bad_value, text);
    let doc: toml::Value = toml::from_str(&bad_value).unwrap();
    assert!(
        !v.is_valid(&toml_to_json(&doc)),
        "an unknown value passes the plan schema"
    );
}

/// The tests' JSON Schema validator (`redline_testkit::schema`) against
/// known answers, keyword by keyword: each accepts what it should and
/// refuses what it should, and a keyword it does not know is refused when
/// the schema is read, never ignored.
#[test]
fn the_schema_validator_gives_known_answers() {
    use serde_json::json;
    let cases = [
        (json!({"type": "integer"}), json!(3), json!(3.5)),
        (json!({"type": ["string", "null"]}), json!(null), json!(1)),
        (json!({"enum": ["a", "b"]}), json!("b"), json!("c")),
        (json!({"const": 1}), json!(1), json!(2)),
        (json!({"required": ["x"]}), json!({"x": 1}), json!({"y": 1})),
        (
            json!({"properties": {"x": {"type": "string"}}}),
            json!({"x": "s"}),
            json!({"x": 1}),
        ),
        (
            json!({"properties": {"x": {}}, "additionalProperties": false}),
            json!({"x": 1}),
            json!({"x": 1, "y": 2}),
        ),
        (
            json!({"additionalProperties": {"type": "integer"}}),
            json!({"a": 1}),
            json!({"a": "1"}),
        ),
        (
            json!({"items": {"type": "integer"}}),
            json!([1, 2]),
            json!([1, "2"]),
        ),
        (
            json!({"minItems": 2, "maxItems": 3}),
            json!([1, 2]),
            json!([1]),
        ),
        (json!({"maxItems": 1}), json!([1]), json!([1, 2])),
        (json!({"uniqueItems": true}), json!([1, 2]), json!([1, 1])),
        (json!({"minimum": 0, "maximum": 9}), json!(9), json!(10)),
        (json!({"minimum": 0}), json!(0), json!(-1)),
        (
            json!({"minLength": 2, "maxLength": 3}),
            json!("ab"),
            json!("abcd"),
        ),
        (json!({"pattern": "^[a-z]+$"}), json!("abc"), json!("ab1")),
        (json!({"pattern": "b"}), json!("abc"), json!("xyz")),
        (
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
            json!(1),
            json!(true),
        ),
        (
            json!({"oneOf": [{"minimum": 0}, {"maximum": 10}]}),
            json!(-1),
            json!(5),
        ),
        (
            json!({"allOf": [{"minimum": 0}, {"maximum": 10}]}),
            json!(5),
            json!(11),
        ),
        (json!({"not": {"type": "string"}}), json!(1), json!("s")),
        (
            json!({"definitions": {"n": {"type": "integer"}}, "properties": {"x": {"$ref": "#/definitions/n"}}}),
            json!({"x": 1}),
            json!({"x": "1"}),
        ),
        (json!(false), json!(null), json!(null)),
    ];
    for (i, (schema, good, bad)) in cases.iter().enumerate() {
        let v = Validator::new(schema).unwrap();
        if schema != &json!(false) {
            assert!(
                v.is_valid(good),
                "case {i}: {schema} refuses {good}: {:?}",
                v.errors(good)
            );
        }
        assert!(!v.is_valid(bad), "case {i}: {schema} accepts {bad}");
    }
    for unknown in [
        json!({"patternProperties": {}}),
        json!({"if": {}, "then": {}}),
        json!({"properties": {"x": {"dependencies": {}}}}),
        json!({"$ref": "other.json#/x"}),
        json!({"pattern": "("}),
    ] {
        assert!(Validator::new(&unknown).is_err(), "{unknown} was read");
    }
    // A pointer into the document names where it fails.
    let v = Validator::new(&json!({"properties": {"a": {"items": {"type": "string"}}}})).unwrap();
    assert_eq!(
        v.errors(&json!({"a": ["x", 2]})),
        vec!["/a/1: a number is not of type string"]
    );
}
