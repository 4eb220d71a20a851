//! What a new user hit, one test each (issue 12): each failed before its fix.

use crate::common::{copy_dir, expect_exit, fixtures, redline, scratch};

fn basic_copy(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    copy_dir(&fixtures().join("basic"), &dir);
    dir
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// 1. `amend --out proposals/x.toml` gives the copy a new id, so that every
///    later command still loads the workspace.
#[test]
fn amend_out_into_proposals_gets_a_new_id() {
    let ws = basic_copy("fix-amend-out");
    let out = redline(&ws)
        .args(["amend", "draft", "--out", "proposals/draft_amended.toml"])
        .output()
        .unwrap();
    expect_exit(&out, 0);
    assert!(
        stdout(&out).contains("as plan `draft-amended`"),
        "{}",
        stdout(&out)
    );
    let text = std::fs::read_to_string(ws.join("proposals/draft_amended.toml")).unwrap();
    assert!(text.contains("id = \"draft-amended\""), "{text}");
    let check = redline(&ws)
        .args(["check", "--fail-on", "never"])
        .output()
        .unwrap();
    expect_exit(&check, 0);
    assert!(stdout(&check).contains("`draft-amended`: no party vetoes"));
    // A second copy takes the next free id.
    let again = redline(&ws)
        .args(["amend", "draft", "--out", "proposals/draft_amended_2.toml"])
        .output()
        .unwrap();
    expect_exit(&again, 0);
    assert!(stdout(&again).contains("as plan `draft-amended-2`"));
    let _ = std::fs::remove_dir_all(&ws);
}

/// 2. `explain --party` in markdown and JSON does not say a satisfied red
///    line "accepts the plan's silence" when a clause decides it.
#[test]
fn explain_satisfied_is_not_silence() {
    let ws = fixtures().join("basic");
    for format in ["markdown", "human"] {
        let out = redline(&ws)
            .args(["explain", "draft", "--party", "north", "--format", format])
            .output()
            .unwrap();
        assert!(
            !stdout(&out).contains("accepts the plan's silence"),
            "{}",
            stdout(&out)
        );
    }
}

/// 3. A scenario that drops a clause and then expects a finding on it is
///    told that its own amendment dropped it.
#[test]
fn expectation_on_a_dropped_clause_says_so() {
    let ws = basic_copy("fix-dropped-clause");
    std::fs::write(
        ws.join("tests/scenarios/dropped.toml"),
        r#"name = "Drops clause 3, then expects north's veto on it"
plan = "../../proposals/draft.toml"

[[amend]]
clause = "3"
drop = true

[[expect.veto]]
party = "north"
clause = "3"
"#,
    )
    .unwrap();
    let out = redline(&ws)
        .args(["test", "tests/scenarios/dropped.toml"])
        .output()
        .unwrap();
    expect_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("was dropped by this scenario's own amendment"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&ws);
}

/// 4. Options a command does not use are refused, and `-k` that matches
///    nothing is an error.
#[test]
fn unused_options_are_refused() {
    let ws = fixtures().join("basic");
    for args in [
        &["lint", "--party", "nobody"][..],
        &["test", "--party", "nobody"],
        &["test", "--fail-on", "never"],
        &["codes", "--as-of", "2025-01-01"],
    ] {
        let out = redline(&ws).args(args).output().unwrap();
        expect_exit(&out, 2);
        assert!(String::from_utf8_lossy(&out.stderr).contains("unexpected argument"));
    }
    let out = redline(&ws)
        .args(["test", "-k", "no-such-scenario"])
        .output()
        .unwrap();
    expect_exit(&out, 2);
}

/// 5. One documented exit rule per command: `graph PLAN` draws a vetoed
///    plan and exits 0; `explain` exits 1 on a veto, as `check` does.
#[test]
fn exit_codes_follow_the_rule() {
    let ws = fixtures().join("basic");
    expect_exit(&redline(&ws).args(["graph", "draft"]).output().unwrap(), 0);
    expect_exit(
        &redline(&ws)
            .args(["explain", "draft", "--clause", "3"])
            .output()
            .unwrap(),
        1,
    );
    expect_exit(
        &redline(&ws)
            .args(["explain", "draft", "--clause", "3", "--fail-on", "never"])
            .output()
            .unwrap(),
        0,
    );
}

/// 6. `--color always` wins over NO_COLOR; `auto` honours it.
#[test]
fn explicit_color_wins_over_no_color() {
    let ws = fixtures().join("basic");
    let always = redline(&ws)
        .args(["matrix", "--color", "always"])
        .output()
        .unwrap();
    assert!(
        stdout(&always).contains('\u{1b}'),
        "no colour with --color always"
    );
    let auto = redline(&ws).args(["matrix"]).output().unwrap();
    assert!(
        !stdout(&auto).contains('\u{1b}'),
        "colour with NO_COLOR set"
    );
}

/// 7. Plurals agree with their numbers.
#[test]
fn plurals_agree() {
    let ws = fixtures().join("solve/deadlock");
    let out = redline(&ws)
        .args(["graph", "--format", "markdown"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        !text.contains("1 pairs") && !text.contains("1 nodes") && !text.contains("1 edges"),
        "{text}"
    );
    assert!(
        text.contains("pair of vetoes") || text.contains("pairs of vetoes"),
        "{text}"
    );
}

/// 8. `amend` says which clause texts may no longer match their new
///    settings, and `--write` leaves a comment on each changed clause.
#[test]
fn amend_flags_stale_clause_texts() {
    let ws = basic_copy("fix-stale-texts");
    let out = redline(&ws)
        .args(["amend", "draft", "--write"])
        .output()
        .unwrap();
    expect_exit(&out, 0);
    assert!(
        stdout(&out).contains("may no longer match its new settings"),
        "{}",
        stdout(&out)
    );
    let text = std::fs::read_to_string(ws.join("proposals/draft.toml")).unwrap();
    assert!(
        text.contains(
            "# redline amend changed army.cap: check that the text still says what the clause sets"
        ),
        "{text}"
    );
    // The rewritten plan still loads and is acceptable.
    expect_exit(&redline(&ws).args(["check", "draft"]).output().unwrap(), 0);
    let _ = std::fs::remove_dir_all(&ws);
}

#[test]
fn values_of_the_wrong_type_are_reported_once() {
    // `values = [false, true]`: each item is the wrong type, and the list
    // they leave empty is not a second mistake.
    let files = redline::Memory::new()
        .with(
            "rules/terms.toml",
            "[[term]]\nid = \"a.x\"\nvalues = [false, true]\n",
        )
        .with("rules/parties.toml", "[[party]]\nid = \"n\"\n");
    let loaded = redline::load(&files);
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.name()).collect();
    assert_eq!(
        codes,
        ["wrong-type", "wrong-type"],
        "{:?}",
        loaded.diagnostics
    );
}

#[test]
fn a_plan_without_title_or_signatories_reads_cleanly() {
    use redline::report::{self, view, Body, Command, Document, Format, Style};
    let files = redline::Memory::new()
        .with("rules/terms.toml", "[[term]]\nid = \"a.x\"\n")
        .with("rules/parties.toml", "[[party]]\nid = \"n\"\n")
        .with(
            "proposals/p.toml",
            "id = \"p\"\n[[clause]]\nid = \"c\"\nset = { \"a.x\" = true }\n",
        );
    let loaded = redline::load(&files);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let ws = &loaded.workspace;
    let plan = ws.plan("p").unwrap();
    let opts = redline::CheckOptions::default();
    let r = redline::check(&ws.rules, plan, &opts).unwrap();
    let doc = Document::new(
        Command::Check,
        Body::Check(view::check_view(ws, &[(plan, &r)], &[])),
    );
    let human = report::render(&doc, &ws.files, Format::Human, Style::plain()).stdout;
    assert!(
        human.contains("plan `p` (proposals/p.toml)\nno signatories"),
        "{human}"
    );
    let md = report::render(&doc, &ws.files, Format::Markdown, Style::plain()).stdout;
    assert!(
        md.contains("## `p`\n\nFile `proposals/p.toml`, no signatories;"),
        "{md}"
    );
}
