//! The formats CI reads: SARIF validated against the SARIF 2.1.0 schema
//! (`tests/schemas/sarif-2.1.0.json`, the OASIS schema as shipped by the
//! serde-sarif crate), JUnit read back with a JUnit reader, GitHub workflow
//! commands, and shell completions and the man page generated.

use crate::common::{fixtures, redline, root};

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/schemas/sarif-2.1.0.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(v: &jsonschema::Validator, doc: &serde_json::Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
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
    let suites = junit_parser::from_reader(std::io::Cursor::new(out.stdout)).unwrap();
    let suite = &suites.suites[0];
    assert_eq!(suite.tests, 4);
    assert_eq!(suite.failures, 1);
    let failed = suite.cases.iter().find(|c| c.status.is_failure()).unwrap();
    let text = failed.status.failure_as_ref().text.clone();
    assert!(
        text.contains("expected") && text.contains("actual"),
        "{text}"
    );
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

fn schema_for(schemas: &[redline::Schema], rel: &str) -> Option<jsonschema::Validator> {
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
    Some(jsonschema::validator_for(&s.schema).unwrap())
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
            let errors: Vec<String> = v
                .iter_errors(&toml_to_json(&doc))
                .map(|e| format!("{e} at {}", e.instance_path))
                .collect();
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
