//! End-to-end tests of the solver's commands: `amend`, `space`, `diff` and
//! `graph`, each a snapshot of exactly what the user sees, plus `--write`
//! and `--out` on scratch copies, and every amendment of the shipped
//! workspace applied and re-checked.

use crate::common::{copy_dir, expect_exit, fixtures, redline, root, scratch};
use insta_cmd::assert_cmd_snapshot;

/// Each command on the basic workspace, in every format.
#[test]
fn commands_in_every_format() {
    let ws = fixtures().join("basic");
    let cases: &[(&str, &[&str])] = &[
        ("amend", &["amend", "draft", "--as-of", "2025-12-01"]),
        ("space", &["space", "--count", "--as-of", "2025-12-01"]),
        (
            "diff",
            &["diff", "draft", "counter", "--as-of", "2025-12-01"],
        ),
        ("graph", &["graph", "--as-of", "2025-12-01"]),
        ("graph_plan", &["graph", "draft", "--as-of", "2025-12-01"]),
    ];
    snapshot_every_format!(&ws, cases);
}

/// A workspace where two parties' vetoes contradict each other: no
/// amendment exists, and no plan is acceptable to both.
#[test]
fn deadlock() {
    let ws = fixtures().join("solve/deadlock");
    for format in ["human", "json", "markdown"] {
        insta::with_settings!({ snapshot_suffix => format!("amend_{format}") }, {
            assert_cmd_snapshot!("deadlock", redline(&ws).args(["amend", "plan", "--as-of", "2025-12-01", "--format", format]));
        });
        insta::with_settings!({ snapshot_suffix => format!("space_{format}") }, {
            assert_cmd_snapshot!("deadlock", redline(&ws).args(["space", "--count", "--as-of", "2025-12-01", "--format", format]));
        });
    }
    // Without one of the two, the deal is possible.
    insta::with_settings!({ snapshot_suffix => "amend_for_red" }, {
        assert_cmd_snapshot!("deadlock", redline(&ws).args(["amend", "plan", "--party", "red", "--party", "donor", "--as-of", "2025-12-01"]));
    });
    insta::with_settings!({ snapshot_suffix => "graph" }, {
        assert_cmd_snapshot!("deadlock", redline(&ws).args(["graph", "plan", "--as-of", "2025-12-01"]));
    });
}

/// `--time-limit`: a bad duration is refused with the units it takes; a
/// limit the search stays within changes nothing (the deadlock's answer is
/// proved, as without one). Answers cut short are tested in `prop_anytime`.
#[test]
fn time_limit() {
    let ws = fixtures().join("solve/deadlock");
    insta::with_settings!({ snapshot_suffix => "bad_unit" }, {
        assert_cmd_snapshot!("time_limit", redline(&ws).args(["amend", "plan", "--as-of", "2025-12-01", "--time-limit", "5x"]));
    });
    insta::with_settings!({ snapshot_suffix => "not_positive" }, {
        assert_cmd_snapshot!("time_limit", redline(&ws).args(["amend", "plan", "--as-of", "2025-12-01", "--time-limit", "0s"]));
    });
    let plain = redline(&ws)
        .args(["amend", "plan", "--as-of", "2025-12-01"])
        .output()
        .unwrap();
    let limited = redline(&ws)
        .args([
            "amend",
            "plan",
            "--as-of",
            "2025-12-01",
            "--time-limit",
            "10m",
        ])
        .output()
        .unwrap();
    expect_exit(&limited, 1);
    assert_eq!(
        String::from_utf8_lossy(&plain.stdout),
        String::from_utf8_lossy(&limited.stdout)
    );
}

/// Found by `prop_solve` at a million cases: a conflict was re-checked on a
/// model of its members only, where a setting whose owner had not signed
/// could no longer be dropped, so a correct core looked reducible and amend
/// stopped with an internal error. Dropping must not depend on which
/// demands a model weighs.
#[test]
fn consent_drop_regression() {
    let ws = fixtures().join("solve/consent-drop");
    assert_cmd_snapshot!(
        "consent_drop",
        redline(&ws).args(["amend", "plan", "--as-of", "2025-12-01"])
    );
}

/// Options and mistakes.
#[test]
fn options() {
    let ws = fixtures().join("basic");
    let cases: &[(&str, &[&str])] = &[
        (
            "amend_one_party",
            &[
                "amend",
                "draft",
                "--party",
                "north",
                "--as-of",
                "2025-12-01",
            ],
        ),
        (
            "amend_keep",
            &["amend", "draft", "--keep", "2", "--as-of", "2025-12-01"],
        ),
        (
            "amend_nothing_to_do",
            &["amend", "counter", "--as-of", "2025-12-01"],
        ),
        (
            "amend_objection",
            &[
                "amend",
                "draft",
                "--party",
                "north",
                "--fail-on",
                "objection",
                "--as-of",
                "2025-12-01",
            ],
        ),
        (
            "amend_unknown_clause",
            &["amend", "draft", "--keep", "4", "--as-of", "2025-12-01"],
        ),
        ("amend_unknown_plan", &["amend", "drat"]),
        (
            "amend_write_and_out",
            &["amend", "draft", "--write", "--out", "x.toml"],
        ),
        (
            "space_one_party",
            &["space", "--party", "south", "--as-of", "2025-12-01"],
        ),
        (
            "space_later",
            &["space", "--count", "--as-of", "2026-06-01"],
        ),
        ("space_unknown_party", &["space", "--party", "nort"]),
        (
            "diff_reverse",
            &["diff", "counter", "draft", "--as-of", "2025-12-01"],
        ),
        (
            "diff_open",
            &["diff", "draft", "open", "--as-of", "2025-12-01"],
        ),
        ("diff_one_plan", &["diff", "draft"]),
        (
            "diff_same_id",
            &[
                "diff",
                "draft",
                "../solve/commented_draft.toml",
                "--as-of",
                "2025-12-01",
            ],
        ),
        (
            "graph_one_party",
            &["graph", "draft", "--party", "west", "--as-of", "2025-12-01"],
        ),
    ];
    for (name, args) in cases {
        insta::with_settings!({ snapshot_suffix => *name }, {
            assert_cmd_snapshot!("option", redline(&ws).args(*args));
        });
    }
}

/// Same input, same bytes.
#[test]
fn deterministic_output() {
    let ws = fixtures().join("basic");
    let runs: &[&[&str]] = &[
        &[
            "amend",
            "draft",
            "--as-of",
            "2025-12-01",
            "--format",
            "json",
        ],
        &["space", "--count", "--as-of", "2025-12-01"],
        &["diff", "draft", "counter", "--as-of", "2025-12-01"],
        &["graph", "draft", "--as-of", "2025-12-01"],
    ];
    for args in runs {
        let run = || redline(&ws).args(*args).output().unwrap();
        let (a, b) = (run(), run());
        assert_eq!(a.stdout, b.stdout, "{args:?} differs between runs");
        assert!(!a.stdout.is_empty());
    }
}

/// `--write` rewrites the plan in place: comments and layout survive, the
/// amended plan loads, and no veto remains.
#[test]
fn write_keeps_comments_and_leaves_no_veto() {
    let dir = scratch("solve-write");
    copy_dir(&fixtures().join("basic"), &dir);
    let plan = dir.join("proposals/draft.toml");
    std::fs::copy(fixtures().join("solve/commented_draft.toml"), &plan).unwrap();
    let before = std::fs::read_to_string(&plan).unwrap();

    let out = redline(&dir)
        .args(["amend", "draft", "--write", "--as-of", "2025-12-01"])
        .output()
        .unwrap();
    expect_exit(&out, 0);
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("wrote the amended plan to proposals/draft.toml"));
    let after = std::fs::read_to_string(&plan).unwrap();
    assert_ne!(before, after);
    for comment in [
        "# The first draft, with the negotiators' notes.",
        "parties = [\"north\", \"south\"]  # the alliance has not signed",
        "# Clause 1: the hardest one.",
        "# Under negotiation: the south wants more.",
    ] {
        assert!(after.contains(comment), "lost `{comment}`:\n{after}");
    }
    insta::assert_snapshot!("write_rewritten_plan", after);
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("proposals"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("redline"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // The re-checked plan: nobody vetoes.
    let check = redline(&dir)
        .args(["check", "draft", "--as-of", "2025-12-01"])
        .output()
        .unwrap();
    expect_exit(&check, 0);
    let loaded = redline::load_workspace(&dir);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let p = loaded.workspace.plan("draft").unwrap();
    let opts = redline::CheckOptions {
        as_of: redline::Date::parse("2025-12-01"),
        parties: vec![],
        ..Default::default()
    };
    let report = redline::check(&loaded.workspace.rules, p, &opts).unwrap();
    assert!(report.acceptable());
    // A second run has nothing left to change.
    let again = redline(&dir)
        .args(["amend", "draft", "--write", "--as-of", "2025-12-01"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("no change needed"));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), after);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--out FILE` writes the amended plan elsewhere and leaves the original
/// alone; when no amendment exists, nothing is written.
#[test]
fn out_writes_elsewhere() {
    let dir = scratch("solve-out");
    copy_dir(&fixtures().join("basic"), &dir);
    let original = std::fs::read_to_string(dir.join("proposals/draft.toml")).unwrap();
    let target = dir.join("amended.toml");
    let out = redline(&dir)
        .args([
            "amend",
            "draft",
            "--out",
            "amended.toml",
            "--as-of",
            "2025-12-01",
        ])
        .output()
        .unwrap();
    expect_exit(&out, 0);
    assert_eq!(
        std::fs::read_to_string(dir.join("proposals/draft.toml")).unwrap(),
        original
    );
    let amended = std::fs::read_to_string(&target).unwrap();
    assert!(
        amended.contains("\"army.cap\" = 500_000") || amended.contains("\"army.cap\" = 500000"),
        "{amended}"
    );
    let check = redline(&dir)
        .args(["check", "amended.toml", "--as-of", "2025-12-01"])
        .output()
        .unwrap();
    expect_exit(&check, 0);

    // The two versions compare (the copy is plan `draft-amended`).
    let diff = redline(&dir)
        .args(["diff", "draft", "amended.toml", "--as-of", "2025-12-01"])
        .output()
        .unwrap();
    expect_exit(&diff, 0);
    let text = String::from_utf8_lossy(&diff.stdout);
    assert!(text.contains("3 terms decided differently"), "{text}");
    assert!(text.contains("`draft-amended`: no party vetoes"), "{text}");

    let dead = scratch("solve-out-deadlock");
    copy_dir(&fixtures().join("solve/deadlock"), &dead);
    let out = redline(&dead)
        .args([
            "amend",
            "plan",
            "--out",
            "amended.toml",
            "--as-of",
            "2025-12-01",
        ])
        .output()
        .unwrap();
    expect_exit(&out, 1);
    assert!(!dead.join("amended.toml").exists());
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing was written"));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dead);
}

/// The shipped workspace: for each plan and each party, the amendment is
/// applied to a copy of the file with `--write`, and `check` finds no veto
/// from that party; when none exists, only the red lines that would have to
/// yield still veto the best amendment once they do.
#[test]
fn shipped_workspace_amendments_leave_no_veto() {
    let shipped = root();
    if !shipped.join("rules").is_dir() || !shipped.join("proposals").is_dir() {
        return;
    }
    let loaded = redline::load_workspace(&shipped);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let ws = &loaded.workspace;
    let as_of = "2025-12-01";
    let date = redline::Date::parse(as_of);
    let dir = scratch("solve-shipped");
    copy_dir(&shipped.join("rules"), &dir.join("rules"));
    copy_dir(&shipped.join("proposals"), &dir.join("proposals"));
    let mut amended = 0;
    let mut impossible = 0;
    for plan in &ws.plans {
        let file = ws.files.get(plan.file).path.clone();
        let name = file.file_name().unwrap().to_owned();
        let mut selections: Vec<Vec<redline::PartyId>> = vec![vec![]];
        selections.extend(ws.rules.party_ids().map(|p| vec![p]));
        for parties in selections {
            let opts = redline::AmendOptions {
                selection: redline::CheckOptions {
                    as_of: date,
                    parties: parties.clone(),
                    ..Default::default()
                },
                keep: vec![],
                time_limit: None,
            };
            let result = redline::amend(&ws.rules, plan, &opts).unwrap();
            let check_opts = redline::CheckOptions {
                as_of: date,
                parties: parties.clone(),
                ..Default::default()
            };
            match &result.outcome {
                redline::AmendOutcome::Amended(a) => {
                    amended += 1;
                    assert!(a.report.acceptable());
                    // Through the CLI: rewrite a copy, then check it.
                    let copy = dir.join("proposals").join(&name);
                    std::fs::copy(&file, &copy).unwrap();
                    let mut args: Vec<String> = vec![
                        "amend".into(),
                        copy.to_string_lossy().into(),
                        "--write".into(),
                        "--as-of".into(),
                        as_of.into(),
                    ];
                    let mut check_args: Vec<String> = vec![
                        "check".into(),
                        copy.to_string_lossy().into(),
                        "--as-of".into(),
                        as_of.into(),
                    ];
                    for p in &parties {
                        for a in [&mut args, &mut check_args] {
                            a.push("--party".into());
                            a.push(ws.rules.party(*p).id.clone());
                        }
                    }
                    let out = redline(&dir).args(&args).output().unwrap();
                    assert_eq!(
                        out.status.code(),
                        Some(0),
                        "{args:?}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let out = redline(&dir).args(&check_args).output().unwrap();
                    assert_eq!(
                        out.status.code(),
                        Some(0),
                        "{check_args:?} still vetoed:\n{}",
                        String::from_utf8_lossy(&out.stdout)
                    );
                    // And through the library, on the rewritten text.
                    let text = std::fs::read_to_string(&copy).unwrap();
                    let mut fresh = ws.clone();
                    fresh.plans.clear();
                    let (idx, diags) =
                        redline::load_plan_text(&mut fresh, "copy.toml", &copy, text);
                    assert!(diags.is_empty(), "{diags:?}");
                    let p = &fresh.plans[idx.unwrap()];
                    let r = redline::check(&fresh.rules, p, &check_opts).unwrap();
                    assert!(r.acceptable(), "{} for {parties:?}", plan.id);
                    std::fs::copy(&file, &copy).unwrap();
                }
                redline::AmendOutcome::Impossible(i) => {
                    impossible += 1;
                    assert!(!i.core.is_empty() && !i.correction.is_empty());
                    let a = i
                        .after_yield
                        .as_ref()
                        .expect("an amendment once they yield");
                    for f in a.report.findings.iter().filter(|f| f.is_veto()) {
                        let c = match &f.kind {
                            redline::FindingKind::RedLine(r)
                            | redline::FindingKind::Consensus { red_line: r, .. } => {
                                redline::Demand::RedLine(*r)
                            }
                            redline::FindingKind::Consent { term, .. } => {
                                redline::Demand::Consent {
                                    term: *term,
                                    owner: f.party,
                                }
                            }
                        };
                        assert!(
                            i.correction.contains(&c),
                            "{} {parties:?}: stray veto {f:?}",
                            plan.id
                        );
                    }
                }
            }
        }
    }
    assert!(
        amended > 0 && impossible > 0,
        "{amended} amended, {impossible} impossible"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
