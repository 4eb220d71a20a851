//! Untrusted input and a hostile file system (issue 13): paths that leave
//! the workspace, special files, files too large to be plans, every way
//! `amend --write` and `--out` could clobber a file, a kill-9 loop, and
//! closed pipes.

use crate::common::{copy_dir, expect_exit, fixtures, redline, scratch};
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Say loudly that a case could not run (cargo hides a passing test's output).
fn skipped(why: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

fn basic_copy(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_dir(&fixtures().join("basic"), &dir);
    dir
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
}

/// Run `cmd`, killing it if it takes longer than `limit`: a hang fails.
fn run_within(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("redline did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn paths_from_files_stay_inside() {
    let ws = basic_copy("hostile-paths");
    let secret = ws.parent().unwrap().join("hostile-secret.txt");
    std::fs::write(&secret, "root:x:0:0:the secret line\n").unwrap();
    for (name, plan) in [
        ("absolute", secret.display().to_string()),
        ("climbing", "../../../hostile-secret.txt".to_string()),
    ] {
        let file = ws.join(format!("tests/scenarios/{name}.toml"));
        std::fs::write(
            &file,
            format!("name = \"{name}\"\nplan = \"{plan}\"\n\n[expect]\nacceptable = true\n"),
        )
        .unwrap();
        let out = redline(&ws)
            .args(["test", &format!("tests/scenarios/{name}.toml")])
            .output()
            .unwrap();
        expect_exit(&out, 2);
        let t = text(&out);
        assert!(t.contains("redline::path-outside"), "{t}");
        assert!(
            !t.contains("the secret line"),
            "the outside file was shown:\n{t}"
        );
    }
    // A source's `file` that leaves the corpus.
    let sources = ws.join("rules/sources.toml");
    let s = std::fs::read_to_string(&sources).unwrap();
    std::fs::write(
        &sources,
        s.replace(
            "file = \"gazette.txt\"",
            "file = \"../../hostile-secret.txt\"",
        ),
    )
    .unwrap();
    let out = redline(&ws)
        .args(["lint", "--corpus", "corpus"])
        .output()
        .unwrap();
    let t = text(&out);
    assert!(t.contains("redline::path-outside"), "{t}");
    assert!(!t.contains("the secret line"), "{t}");
    let _ = std::fs::remove_dir_all(&ws);
    let _ = std::fs::remove_file(&secret);
}

#[test]
fn special_and_huge_files_are_refused() {
    // A FIFO as the vocabulary: refused at once, not read for ever.
    let ws = basic_copy("hostile-fifo");
    let terms = ws.join("rules/terms.toml");
    std::fs::remove_file(&terms).unwrap();
    let made = Command::new("mkfifo").arg(&terms).status();
    if made.is_ok_and(|s| s.success()) {
        let mut cmd = redline(&ws);
        cmd.arg("lint");
        let out = run_within(cmd, Duration::from_secs(10));
        expect_exit(&out, 2);
        assert!(text(&out).contains("not a regular file"), "{}", text(&out));
    } else {
        skipped("no mkfifo: the FIFO case was not tested");
    }
    // A device: refused, not read until memory runs out.
    let _ = std::fs::remove_file(&terms);
    std::os::unix::fs::symlink("/dev/zero", &terms).unwrap();
    let mut cmd = redline(&ws);
    cmd.arg("lint");
    let out = run_within(cmd, Duration::from_secs(10));
    expect_exit(&out, 2);
    assert!(text(&out).contains("not a regular file"), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&ws);
    // A plan larger than the cap.
    let ws = basic_copy("hostile-huge");
    let big = ws.join("proposals/huge.toml");
    // 65 MiB of nothing, without writing them (a sparse file).
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let mut cmd = redline(&ws);
    cmd.args(["check", "proposals/huge.toml"]);
    let out = run_within(cmd, Duration::from_secs(20));
    expect_exit(&out, 2);
    assert!(
        text(&out).contains("more than the 64 MiB"),
        "{}",
        text(&out)
    );
    let _ = std::fs::remove_dir_all(&ws);
}

fn amend_write(ws: &Path, extra: &[&str]) -> Output {
    redline(ws)
        .args(["amend", "draft", "--write"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn writes_respect_the_file_system() {
    // Mode kept.
    let ws = basic_copy("hostile-mode");
    let plan = ws.join("proposals/draft.toml");
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o600)).unwrap();
    expect_exit(&amend_write(&ws, &[]), 0);
    assert_eq!(
        std::fs::metadata(&plan).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let _ = std::fs::remove_dir_all(&ws);

    // A read-only plan is refused unless --force; with it, it stays read-only.
    let ws = basic_copy("hostile-readonly");
    let plan = ws.join("proposals/draft.toml");
    let before = std::fs::read_to_string(&plan).unwrap();
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = amend_write(&ws, &[]);
    expect_exit(&out, 2);
    assert!(text(&out).contains("read-only"), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), before);
    expect_exit(&amend_write(&ws, &["--force"]), 0);
    assert_ne!(std::fs::read_to_string(&plan).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&plan).unwrap().permissions().mode() & 0o777,
        0o444
    );
    let _ = std::fs::remove_dir_all(&ws);

    // A symlinked plan: the link stays a link, its target changes.
    let ws = basic_copy("hostile-symlink");
    let real = ws.join("draft-real.toml");
    let plan = ws.join("proposals/draft.toml");
    std::fs::rename(&plan, &real).unwrap();
    std::os::unix::fs::symlink(&real, &plan).unwrap();
    let before = std::fs::read_to_string(&real).unwrap();
    expect_exit(&amend_write(&ws, &[]), 0);
    assert!(std::fs::symlink_metadata(&plan)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_ne!(std::fs::read_to_string(&real).unwrap(), before);
    let _ = std::fs::remove_dir_all(&ws);

    // A hard-linked plan is refused unless --force, which keeps the links.
    let ws = basic_copy("hostile-hardlink");
    let plan = ws.join("proposals/draft.toml");
    let other = ws.join("draft-other-name.toml");
    std::fs::hard_link(&plan, &other).unwrap();
    let out = amend_write(&ws, &[]);
    expect_exit(&out, 2);
    assert!(text(&out).contains("hard links"), "{}", text(&out));
    expect_exit(&amend_write(&ws, &["--force"]), 0);
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        std::fs::read_to_string(&other).unwrap()
    );
    let _ = std::fs::remove_dir_all(&ws);

    // --out: a new path is written; an existing file only with --force;
    // never a FIFO or a symbolic link.
    let ws = basic_copy("hostile-out");
    let out = redline(&ws)
        .args(["amend", "draft", "--out", "copy.toml"])
        .output()
        .unwrap();
    expect_exit(&out, 0);
    let again = redline(&ws)
        .args(["amend", "draft", "--out", "copy.toml"])
        .output()
        .unwrap();
    expect_exit(&again, 2);
    assert!(text(&again).contains("the file exists"), "{}", text(&again));
    let forced = redline(&ws)
        .args(["amend", "draft", "--out", "copy.toml", "--force"])
        .output()
        .unwrap();
    expect_exit(&forced, 0);
    if Command::new("mkfifo")
        .arg(ws.join("fifo.toml"))
        .status()
        .is_ok_and(|s| s.success())
    {
        let mut cmd = redline(&ws);
        cmd.args(["amend", "draft", "--out", "fifo.toml", "--force"]);
        let out = run_within(cmd, Duration::from_secs(10));
        expect_exit(&out, 2);
        assert!(text(&out).contains("not a regular file"), "{}", text(&out));
    } else {
        skipped("no mkfifo: --out to a FIFO was not tested");
    }
    std::os::unix::fs::symlink(ws.join("copy.toml"), ws.join("link.toml")).unwrap();
    let out = redline(&ws)
        .args(["amend", "draft", "--out", "link.toml", "--force"])
        .output()
        .unwrap();
    expect_exit(&out, 2);
    assert!(std::fs::symlink_metadata(ws.join("link.toml"))
        .unwrap()
        .file_type()
        .is_symlink());
    let _ = std::fs::remove_dir_all(&ws);
}

/// Kill `amend --write` at random moments: the plan is always the old text
/// or the new one, and the next run leaves no temporary file.
#[test]
fn kill_nine_never_tears_a_plan() {
    let ws = basic_copy("hostile-kill");
    let plan = ws.join("proposals/draft.toml");
    let old = std::fs::read_to_string(&plan).unwrap();
    expect_exit(&amend_write(&ws, &[]), 0);
    let new = std::fs::read_to_string(&plan).unwrap();
    assert_ne!(old, new);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let start = Instant::now();
    let mut rounds = 0;
    while start.elapsed() < Duration::from_secs(4) && rounds < 200 {
        std::fs::write(&plan, &old).unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % 40_000);
        let mut child = redline(&ws)
            .args(["amend", "draft", "--write"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = std::fs::read_to_string(&plan).unwrap();
        assert!(now == old || now == new, "a torn plan after a kill:\n{now}");
        rounds += 1;
    }
    assert!(rounds >= 10, "only {rounds} rounds");
    // The next write in the folder removes what killed runs left.
    std::fs::write(&plan, &old).unwrap();
    expect_exit(&amend_write(&ws, &[]), 0);
    let left: Vec<_> = std::fs::read_dir(ws.join("proposals"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".redline-tmp-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
    let _ = std::fs::remove_dir_all(&ws);
}

/// A closed pipe on stdout or stderr ends the command with exit 2, quietly:
/// never a panic (exit 101).
#[test]
fn closed_pipes_are_not_a_panic() {
    let ws = fixtures().join("basic");
    for args in [
        &["check"][..],
        &["check", "no-such-plan"],
        &["lint"],
        &["codes"],
    ] {
        let (r1, w1) = std::io::pipe().unwrap();
        let (r2, w2) = std::io::pipe().unwrap();
        drop(r1);
        drop(r2);
        let status = redline(&ws)
            .args(args)
            .stdout(Stdio::from(w1))
            .stderr(Stdio::from(w2))
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(2), "{args:?}");
    }
}
