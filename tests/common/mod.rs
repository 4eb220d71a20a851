//! Helpers shared by the integration tests: where things are, how to run the
//! binary, scratch copies of fixture workspaces.

#![allow(dead_code, unused_macros)]

use insta_cmd::get_cargo_bin;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A property test's case count, scaled by `REDLINE_PROP_SCALE` (default
/// 1): e.g. `REDLINE_PROP_SCALE=25 cargo test --release prop_solve`.
pub fn scaled(cases: u32) -> u32 {
    let scale: u32 = std::env::var("REDLINE_PROP_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    cases.saturating_mul(scale.max(1))
}

/// The repository root (the shipped workspace).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// The binary, with colour off, run inside a workspace.
pub fn redline(workspace: &Path) -> Command {
    let mut c = Command::new(get_cargo_bin("redline"));
    c.env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("REDLINE_CORPUS")
        .current_dir(workspace);
    c
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A scratch path under the target dir, named after the test; whatever an
/// earlier run left there is removed.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Assert a finished command's exit code, showing both streams if it differs.
pub fn expect_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Snapshot each `(name, args)` case run in `$ws` in every output format,
/// as `command@{name}_{format}` (a macro, so that snapshots are named after
/// the calling test file).
macro_rules! snapshot_every_format {
    ($ws:expr, $cases:expr) => {
        for (name, args) in $cases {
            for format in ["human", "concise", "json", "markdown"] {
                insta::with_settings!({ snapshot_suffix => format!("{name}_{format}") }, {
                    insta_cmd::assert_cmd_snapshot!(
                        "command",
                        $crate::common::redline($ws).args(*args).arg("--format").arg(format)
                    );
                });
            }
        }
    };
}

/// Diagnostics rendered in `format` exactly as a failed command renders
/// them (stdout and stderr together).
pub fn render_diagnostics(
    files: &redline::SourceMap,
    diags: &[redline::Diagnostic],
    format: redline::report::Format,
) -> String {
    use redline::report::{self, view::diagnostic_views, Command, Document, Style};
    let doc = Document::failed(Command::Lint, diagnostic_views(files, diags));
    let out = report::render(&doc, files, format, Style::plain());
    out.stdout + &out.stderr
}

/// Whether `holder`'s red lines speak for `party`: it is `party`, or
/// `party` is a bloc deciding by consensus with `holder` among its members
/// (through nested blocs too).
pub fn speaks_for(
    rules: &redline::Rules,
    party: redline::PartyId,
    holder: redline::PartyId,
) -> bool {
    if party == holder {
        return true;
    }
    if rules.party(party).decides != redline::Decides::Consensus {
        return false;
    }
    let mut stack = vec![party];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(b) = stack.pop() {
        if !seen.insert(b) {
            continue;
        }
        for m in &rules.party(b).members {
            if *m == holder {
                return true;
            }
            stack.push(*m);
        }
    }
    false
}

/// A workspace's parties, terms, constraints and red lines, one per line:
/// what a property test prints for a failing case.
pub fn dump_rules(f: &mut std::fmt::Formatter<'_>, rules: &redline::Rules) -> std::fmt::Result {
    writeln!(f, "parties:")?;
    for p in &rules.parties {
        writeln!(f, "  {} members {:?} {:?}", p.id, p.members, p.decides)?;
    }
    writeln!(f, "terms:")?;
    for t in &rules.vocab.terms {
        writeln!(
            f,
            "  {} {:?} default {:?} owners {:?} signed_by {:?}",
            t.id, t.kind, t.default, t.owners, t.signed_by
        )?;
    }
    writeln!(f, "constraints:")?;
    for c in &rules.constraints {
        writeln!(f, "  {} {:?} {:?}", c.id, c.polarity, c.rule.value)?;
    }
    writeln!(f, "red lines:")?;
    for r in &rules.red_lines {
        writeln!(
            f,
            "  {} party {} {:?} {:?} {:?} when {:?} since {:?} stated {:?} until {:?} {:?} reads {:?}",
            r.id,
            r.party.index(),
            r.severity,
            r.polarity,
            r.rule.value,
            r.when.as_ref().map(|w| &w.value),
            r.since,
            r.stated,
            r.until,
            r.basis,
            r.reads.map(|x| x.index())
        )?;
    }
    Ok(())
}

/// The property tests' settings: `cases` times `REDLINE_PROP_SCALE`, and
/// failures found saved beside `file` (the caller's `file!()`), in its
/// committed `.proptest-regressions` file, and re-run first on every run.
pub fn prop_config(cases: u32, file: &'static str) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: scaled(cases),
        source_file: Some(file),
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..proptest::test_runner::Config::default()
    }
}
