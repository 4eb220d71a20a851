//! End-to-end tests of the `redline` binary: each case is data (a fixture
//! workspace and arguments), and the expectation is a snapshot of exactly
//! what the user sees.

use crate::common::{copy_dir, expect_exit, fixtures, redline, scratch};
use insta_cmd::assert_cmd_snapshot;
use std::path::{Path, PathBuf};

/// A scratch copy of the `basic` workspace with a fixture's files laid over it.
fn overlay(name: &str) -> (PathBuf, Vec<String>) {
    let dir = scratch(&format!("diag-{name}"));
    copy_dir(&fixtures().join("basic"), &dir);
    let fixture = fixtures().join("diagnostics").join(name);
    let mut args = vec!["lint".to_string()];
    for entry in walk(&fixture) {
        let rel = entry
            .strip_prefix(&fixture)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        match rel.as_str() {
            "args" => {
                args = std::fs::read_to_string(&entry)
                    .unwrap()
                    .split_whitespace()
                    .map(String::from)
                    .collect()
            }
            "remove" => {
                for f in std::fs::read_to_string(&entry).unwrap().lines() {
                    std::fs::remove_file(dir.join(f)).unwrap();
                }
            }
            _ => {
                let target = dir.join(&rel);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(&entry, target).unwrap();
            }
        }
    }
    (dir, args)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Every diagnostic code has a fixture and a snapshot of what the user sees.
#[test]
fn diagnostics() {
    let dir = fixtures().join("diagnostics");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    for code in redline::Code::ALL {
        // `internal` is a bug in redline, not a mistake any input can make.
        if *code == redline::Code::Internal {
            assert!(code.example().is_none());
            continue;
        }
        assert!(
            names.contains(&code.name().to_string()),
            "no fixture for diagnostic `{}` in tests/fixtures/diagnostics",
            code.name()
        );
        // The example `redline codes CODE` shows is an excerpt of the fixture.
        let example = code
            .example()
            .unwrap_or_else(|| panic!("code `{}` has no example", code.name()));
        let file = dir.join(code.name()).join(example.file);
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("example of `{}`: {}: {e}", code.name(), file.display()));
        assert!(
            text.contains(example.text),
            "the example of `{}` is not in {}",
            code.name(),
            file.display()
        );
    }
    for name in names {
        let (ws, args) = overlay(&name);
        let out = redline(&ws).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stderr.contains(&format!("redline::{name}"))
                || stdout.contains(&format!("\"{name}\""))
                || stdout.contains(&format!("redline::{name}")),
            "fixture `{name}` does not raise `{name}`:\n{stderr}{stdout}"
        );
        insta::with_settings!({ snapshot_suffix => name.clone() }, {
            assert_cmd_snapshot!("diagnostic", redline(&ws).args(&args));
        });
        // The same mistakes as JSON, for tools.
        if name == "unknown-term" || name == "clause-conflict" {
            insta::with_settings!({ snapshot_suffix => name.clone() }, {
                assert_cmd_snapshot!("diagnostic_json", redline(&ws).args(&args).arg("--format").arg("json"));
            });
        }
        let _ = std::fs::remove_dir_all(&ws);
    }
}

/// `redline codes` lists every code; `redline codes CODE` explains each one.
#[test]
fn codes() {
    let ws = fixtures().join("basic");
    assert_cmd_snapshot!("codes", redline(&ws).arg("codes"));
    assert_cmd_snapshot!(
        "codes_markdown",
        redline(&ws).args(["codes", "--format", "markdown"])
    );
    for code in redline::Code::ALL {
        insta::with_settings!({ snapshot_suffix => code.name() }, {
            assert_cmd_snapshot!("code", redline(&ws).args(["codes", code.name()]));
        });
    }
    assert_cmd_snapshot!(
        "code_json",
        redline(&ws).args(["codes", "redline::unknown-term", "--format", "json"])
    );
    assert_cmd_snapshot!("code_unknown", redline(&ws).args(["codes", "unknown-trem"]));
}

/// The HTML report and the SVG picture, for each command that has one.
/// The page is one line; the snapshot breaks it between tags to be read.
#[test]
fn html_and_svg() {
    let ws = fixtures().join("basic");
    let cases: &[(&str, &[&str])] = &[
        ("check", &["check", "--format", "html"]),
        ("matrix", &["matrix", "draft", "--format", "html"]),
        (
            "explain",
            &["explain", "draft", "--clause", "3", "--format", "html"],
        ),
        ("amend", &["amend", "draft", "--format", "html"]),
        ("diff", &["diff", "draft", "counter", "--format", "html"]),
        ("test", &["test", "--format", "html"]),
        ("graph_svg", &["graph", "draft", "--format", "svg"]),
    ];
    for (name, args) in cases {
        let out = redline(&ws).args(*args).output().unwrap();
        assert!(out.status.code().is_some_and(|c| c <= 1), "{name}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap().replace("><", ">\n<");
        insta::with_settings!({ snapshot_suffix => *name }, {
            insta::assert_snapshot!("html", text);
        });
    }
}

/// A workspace whose texts carry markup, script, terminal escapes and bidi
/// overrides: every format shows them as text. Human, concise, markdown and
/// DOT show control and bidi characters as code points; JSON keeps the
/// file's text (escaped as JSON). The browser test covers HTML.
#[test]
fn hostile_workspace_in_every_format() {
    let ws = fixtures().join("hostile");
    for format in ["human", "concise", "markdown", "json", "sarif", "github"] {
        let out = redline(&ws)
            .args(["check", "draft", "--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
        if format != "json" {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{202E}') && !text.contains('\u{7}'),
                "{format}"
            );
        }
        insta::with_settings!({ snapshot_suffix => format }, {
            insta::assert_snapshot!("hostile", text);
        });
    }
    for (name, args) in [
        ("explain_human", &["explain", "draft", "--clause", "1"][..]),
        ("dot", &["graph", "draft"]),
        ("svg", &["graph", "draft", "--format", "svg"]),
    ] {
        let out = redline(&ws).args(args).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202E}'),
            "{name}"
        );
        insta::with_settings!({ snapshot_suffix => name }, {
            insta::assert_snapshot!("hostile", text);
        });
    }
    // Markdown: no tag, no link, no heading from a text.
    let md = redline(&ws)
        .args(["check", "draft", "--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(!md.contains("<script") && !md.contains("<img") && !md.contains("](javascript"));
    assert!(!md.lines().any(|l| l.starts_with("# not a heading")));
}

/// Human output wraps at the terminal's width (`COLUMNS` here), 80 and 120.
#[test]
fn terminal_widths() {
    let ws = fixtures().join("basic");
    for cols in ["80", "120"] {
        insta::with_settings!({ snapshot_suffix => format!("check_{cols}") }, {
            assert_cmd_snapshot!("width", redline(&ws).env("COLUMNS", cols).args(["check", "draft"]));
        });
        insta::with_settings!({ snapshot_suffix => format!("matrix_{cols}") }, {
            assert_cmd_snapshot!("width", redline(&ws).env("COLUMNS", cols).args(["matrix", "draft"]));
        });
    }
}

/// `check`, `matrix` and `explain` on the basic workspace, in every format.
#[test]
fn commands_in_every_format() {
    let ws = fixtures().join("basic");
    let cases: &[(&str, &[&str])] = &[
        ("check", &["check", "--as-of", "2025-12-01"]),
        (
            "check_one_party",
            &[
                "check",
                "draft",
                "--party",
                "north",
                "--as-of",
                "2025-12-01",
            ],
        ),
        (
            "matrix_clauses",
            &["matrix", "proposals/draft.toml", "--as-of", "2025-12-01"],
        ),
        ("matrix_plans", &["matrix", "--as-of", "2025-12-01"]),
        (
            "explain_clause",
            &["explain", "draft", "--clause", "1", "--as-of", "2025-12-01"],
        ),
        (
            "explain_party",
            &[
                "explain",
                "draft",
                "--party",
                "south",
                "--as-of",
                "2025-12-01",
            ],
        ),
    ];
    snapshot_every_format!(&ws, cases);
}

/// Readings, joint owners and joint positions (`tests/fixtures/readings`):
/// a reading stands in for the party's words and shows them; with
/// `--basis statement` the words apply as worded and name their reading; a
/// term owned jointly draws a consent finding from each owner; a file held
/// jointly gives each party its own findings.
#[test]
fn readings_and_joint_owners() {
    let ws = fixtures().join("readings");
    let cases: &[(&str, &[&str])] = &[
        ("readings_check", &["check"]),
        ("readings_statement", &["check", "--basis", "statement"]),
        ("readings_matrix", &["matrix"]),
        ("readings_test", &["test"]),
        ("readings_failing", &["test", "tests/failing"]),
    ];
    snapshot_every_format!(&ws, cases);
    expect_exit(&redline(&ws).arg("lint").output().unwrap(), 0);
}

/// Options that change the verdict or the exit code.
#[test]
fn options() {
    let ws = fixtures().join("basic");
    let cases: &[(&str, &[&str])] = &[
        // Before `south`'s conditional red line lapses, and after.
        (
            "as_of_later",
            &[
                "check",
                "draft",
                "--party",
                "south",
                "--as-of",
                "2026-06-01",
            ],
        ),
        (
            "fail_on_never",
            &[
                "check",
                "draft",
                "--fail-on",
                "never",
                "--party",
                "west",
                "--as-of",
                "2025-12-01",
            ],
        ),
        (
            "fail_on_objection",
            &[
                "check",
                "counter",
                "--fail-on",
                "objection",
                "--as-of",
                "2025-12-01",
            ],
        ),
        ("unknown_party", &["check", "--party", "nort"]),
        ("bad_date", &["check", "--as-of", "2025-13-01"]),
        ("explain_needs_subject", &["explain", "draft"]),
        (
            "explain_unknown_clause",
            &["explain", "draft", "--clause", "9"],
        ),
        ("lint_corpus", &["lint", "--corpus", "corpus"]),
        // Only what the parties said themselves: north's analyst-read red line drops out.
        (
            "basis_statement",
            &["check", "draft", "--party", "north", "--basis", "statement"],
        ),
        // No `--as-of`: redline.toml's `as_of` holds.
        (
            "as_of_from_settings",
            &["check", "counter", "--format", "json"],
        ),
        // Colour on demand (the snapshot keeps the escape codes).
        (
            "color_always",
            &[
                "check",
                "draft",
                "--party",
                "west",
                "--color",
                "always",
                "--as-of",
                "2025-12-01",
            ],
        ),
    ];
    for (name, args) in cases {
        insta::with_settings!({ snapshot_suffix => *name }, {
            assert_cmd_snapshot!("option", redline(&ws).args(*args));
        });
    }
}

/// Running a check twice gives the same bytes.
#[test]
fn deterministic_output() {
    let ws = fixtures().join("basic");
    for format in ["human", "json", "markdown"] {
        let run = || {
            redline(&ws)
                .args(["check", "--as-of", "2025-12-01", "--format", format])
                .output()
                .unwrap()
        };
        let (a, b) = (run(), run());
        assert_eq!(a.stdout, b.stdout, "{format} output differs between runs");
        assert!(!a.stdout.is_empty());
    }
}

/// A workspace with no rules folder is bad input, exit 2.
#[test]
fn not_a_workspace() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("empty");
    std::fs::create_dir_all(&dir).unwrap();
    let out = redline(&dir).arg("check").output().unwrap();
    expect_exit(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no `rules/` folder"));
    // `-C` points elsewhere, as `git -C` does.
    let out = redline(&dir)
        .arg("-C")
        .arg(fixtures().join("basic"))
        .args(["check", "--as-of", "2025-12-01"])
        .output()
        .unwrap();
    expect_exit(&out, 1);
    assert!(String::from_utf8_lossy(&out.stdout).contains("vetoed by north, south, west, alliance"));
    let out = redline(&dir).arg("check").output().unwrap();
    expect_exit(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no `rules/` folder"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `redline test`: a passing suite, a failing one (exit 1, expected beside actual), JSON and `-k`.
#[test]
fn scenarios() {
    let ws = fixtures().join("basic");
    let cases: &[(&str, &[&str])] = &[
        ("all", &["test"]),
        ("failing", &["test", "tests/failing"]),
        (
            "failing_json",
            &["test", "tests/failing", "--format", "json"],
        ),
        ("select", &["test", "-k", "alliance vetoes"]),
        ("select_nothing", &["test", "-k", "no such scenario"]),
        (
            "markdown",
            &[
                "test",
                "tests/scenarios",
                "tests/failing",
                "--format",
                "markdown",
            ],
        ),
    ];
    for (name, args) in cases {
        insta::with_settings!({ snapshot_suffix => *name }, {
            assert_cmd_snapshot!("test", redline(&ws).args(*args));
        });
    }
    let out = redline(&ws)
        .args(["test", "tests/failing"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failing scenario makes `redline test` exit 1"
    );
}

/// `redline.toml`: its mistakes are diagnostics located in it, like any
/// other file's, and its `parties` are the default `--party`.
#[test]
fn settings_file() {
    let dir = scratch("settings-file");
    copy_dir(&fixtures().join("basic"), &dir);
    std::fs::write(
        dir.join("redline.toml"),
        "as_of = \"2025-13-01\"\nparties = [\"nort\"]\ncolour = true\n",
    )
    .unwrap();
    insta::with_settings!({ snapshot_suffix => "errors" }, {
        assert_cmd_snapshot!("settings", redline(&dir).args(["check"]));
    });
    std::fs::write(
        dir.join("redline.toml"),
        "as_of = 2025-12-01\nparties = [\"west\"]\n",
    )
    .unwrap();
    insta::with_settings!({ snapshot_suffix => "parties" }, {
        assert_cmd_snapshot!("settings", redline(&dir).args(["check", "draft"]));
    });
    let _ = std::fs::remove_dir_all(&dir);
}

/// The arguments each command is run with on the `basic` fixture, to try
/// every format it offers. A command the library adds without an entry here
/// fails the test below.
fn sample_args(command: redline::report::Command) -> Option<&'static [&'static str]> {
    use redline::report::Command as C;
    Some(match command {
        C::Check => &["check"],
        C::Matrix => &["matrix", "draft"],
        C::Explain => &["explain", "draft", "--clause", "3"],
        C::Test => &["test"],
        C::Lint => &["lint"],
        C::Amend => &["amend", "draft"],
        C::Space => &["space"],
        C::Diff => &["diff", "draft", "counter"],
        C::Graph => &["graph", "draft"],
        C::Timeline => &["timeline"],
        C::Coalitions => &["coalitions", "draft"],
        C::Codes => &["codes"],
        C::Init | C::Schema => return None,
    })
}

/// `--format` follows the one declaration of each command's formats
/// (`Command::formats`): every format offered is accepted and writes
/// something, every other is refused as a usage error, the default is the
/// first, and the table in docs/format.md is the declaration's.
#[test]
fn every_command_offers_exactly_its_declared_formats() {
    use redline::report::{Command, Format};
    let ws = fixtures().join("basic");
    for command in Command::ALL {
        let offered = command.formats();
        let Some(args) = sample_args(command) else {
            assert!(offered.is_empty(), "{command:?} writes files, no report");
            continue;
        };
        assert!(!offered.is_empty(), "{command:?} offers no format");
        for format in Format::ALL {
            let out = redline(&ws)
                .args(args)
                .args(["--format", format.name()])
                .output()
                .unwrap();
            let code = out.status.code();
            if command.offers(format) {
                // A document format always writes one; the line formats
                // (concise, GitHub annotations) may have no line to write.
                let document = !matches!(format, Format::Concise | Format::Github);
                let written = !out.stdout.is_empty() || !document;
                assert!(
                    code.is_some_and(|c| c <= 1) && written,
                    "{} --format {format}: {out:?}",
                    command.name()
                );
            } else {
                let err = String::from_utf8_lossy(&out.stderr);
                assert!(
                    code == Some(2) && err.contains("invalid value"),
                    "{} --format {format} is not offered: {out:?}",
                    command.name()
                );
            }
        }
        let default = redline(&ws).args(args).output().unwrap();
        let chosen = redline(&ws)
            .args(args)
            .args(["--format", command.default_format().name()])
            .output()
            .unwrap();
        assert_eq!(default.stdout, chosen.stdout, "{command:?} default");
    }

    let mut table = String::from("| command | formats (the default first) |\n|---|---|\n");
    for command in Command::ALL {
        let names: Vec<String> = command
            .formats()
            .iter()
            .map(|o| format!("`{}`", o.format))
            .collect();
        let names = if names.is_empty() {
            "none: it writes files".to_string()
        } else {
            names.join(", ")
        };
        table.push_str(&format!("| `{}` | {names} |\n", command.name()));
    }
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md"))
        .unwrap();
    assert!(
        doc.contains(&table),
        "docs/format.md's table of formats differs from Command::formats; it should read:\n{table}"
    );
}

/// `timeline` and `coalitions` on a workspace whose positions change over
/// time, in every format each offers; their scenario expectations, passing
/// and failing; their exit codes and refused options.
#[test]
fn timeline_and_coalitions() {
    use redline::report::Command;
    let ws = fixtures().join("over_time");
    let runs: [(Command, &[&str]); 2] = [
        (Command::Timeline, &["timeline", "--from", "2023-01-01"]),
        (
            Command::Coalitions,
            &["coalitions", "deal", "--as-of", "2024-12-01"],
        ),
    ];
    for (command, args) in runs {
        for offer in command.formats() {
            let f = offer.format.name();
            let out = redline(&ws)
                .args(args)
                .args(["--format", f])
                .output()
                .unwrap();
            let mut text = String::from_utf8(out.stdout).unwrap();
            if matches!(f, "html" | "svg") {
                text = text.replace("><", ">\n<");
            }
            text.push_str(&String::from_utf8(out.stderr).unwrap());
            text.push_str(&format!("\nexit: {:?}\n", out.status.code()));
            insta::with_settings!({ snapshot_suffix => format!("{}_{f}", command.name()) }, {
                insta::assert_snapshot!("over_time", text);
            });
        }
    }
    insta::with_settings!({ snapshot_suffix => "scenarios" }, {
        assert_cmd_snapshot!("over_time", redline(&ws).args(["test", "tests/scenarios", "tests/failing"]));
    });
    // Mistakes in the new expectations: each reported once, all of them.
    insta::with_settings!({ snapshot_suffix => "broken_scenario" }, {
        assert_cmd_snapshot!("over_time", redline(&ws).env("COLUMNS", "80").args(["test", "tests/broken"]));
    });
    // Exit codes: the timeline answers 0 unless --fail-on asks; coalitions 1
    // when not every party can agree.
    expect_exit(&redline(&ws).args(["timeline"]).output().unwrap(), 0);
    expect_exit(
        &redline(&ws)
            .args(["timeline", "--fail-on", "veto"])
            .output()
            .unwrap(),
        1,
    );
    expect_exit(
        &redline(&ws)
            .args(["timeline", "--from", "2025-09-01", "--fail-on", "veto"])
            .output()
            .unwrap(),
        0,
    );
    expect_exit(
        &redline(&ws)
            .args(["timeline", "--from", "2025-09-01", "--fail-on", "objection"])
            .output()
            .unwrap(),
        1,
    );
    expect_exit(
        &redline(&ws)
            .args(["coalitions", "--as-of", "2024-12-01"])
            .output()
            .unwrap(),
        1,
    );
    expect_exit(
        &redline(&ws)
            .args(["coalitions", "--as-of", "2024-12-01", "--fail-on", "never"])
            .output()
            .unwrap(),
        0,
    );
    expect_exit(&redline(&ws).args(["coalitions"]).output().unwrap(), 0);
    // Options that mean nothing to them are refused.
    expect_exit(
        &redline(&ws)
            .args(["timeline", "--as-of", "2025-01-01"])
            .output()
            .unwrap(),
        2,
    );
    expect_exit(
        &redline(&ws)
            .args(["coalitions", "--from", "2025-01-01"])
            .output()
            .unwrap(),
        2,
    );
    expect_exit(
        &redline(&ws)
            .args(["timeline", "--from", "2025-12-02"])
            .output()
            .unwrap(),
        2,
    );
    expect_exit(
        &redline(&ws)
            .args(["timeline", "--from", "2025-13-01"])
            .output()
            .unwrap(),
        2,
    );
}
