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
    // A device, through a link: refused, not read until memory runs out
    // (the link leads out of the workspace).
    let _ = std::fs::remove_file(&terms);
    std::os::unix::fs::symlink("/dev/zero", &terms).unwrap();
    let mut cmd = redline(&ws);
    cmd.arg("lint");
    let out = run_within(cmd, Duration::from_secs(10));
    expect_exit(&out, 2);
    assert!(
        text(&out).contains("redline::path-outside"),
        "{}",
        text(&out)
    );
    // A device named on the command line: no plan, refused at once.
    std::fs::remove_file(&terms).unwrap();
    std::fs::copy(fixtures().join("basic/rules/terms.toml"), &terms).unwrap();
    let mut cmd = redline(&ws);
    cmd.args(["check", "/dev/zero"]);
    let out = run_within(cmd, Duration::from_secs(10));
    expect_exit(&out, 2);
    assert!(text(&out).contains("/dev/zero"), "{}", text(&out));
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

    // A hard-linked plan is refused unless --force, which replaces it the
    // atomic way: the other name keeps the old text, and the output says so.
    let ws = basic_copy("hostile-hardlink");
    let plan = ws.join("proposals/draft.toml");
    let other = ws.join("draft-other-name.toml");
    std::fs::hard_link(&plan, &other).unwrap();
    let before = std::fs::read_to_string(&plan).unwrap();
    let out = amend_write(&ws, &[]);
    expect_exit(&out, 2);
    assert!(text(&out).contains("hard links"), "{}", text(&out));
    let out = amend_write(&ws, &["--force"]);
    expect_exit(&out, 0);
    assert!(
        text(&out).contains("1 other hard link of the plan's file keeps the old text"),
        "{}",
        text(&out)
    );
    assert_ne!(std::fs::read_to_string(&plan).unwrap(), before);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), before);
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

/// A workspace's own files must resolve inside it: a dangling link, a loop
/// of links, a link out of the workspace or a `.toml` folder in `rules/`,
/// `proposals/` or `tests/scenarios/` is a located error (exit 2), never
/// skipped (which would drop a party's red lines without a word) and never
/// read through (which would print another file's lines). So is a `corpus`
/// in `redline.toml` that names a folder outside.
#[test]
fn workspace_files_must_resolve_inside() {
    let outside = scratch("hostile-outside");
    std::fs::create_dir_all(&outside).unwrap();
    let secret = outside.join("secret.txt");
    std::fs::write(&secret, "root:x:0:0:the secret line = 1\n").unwrap();
    type Make<'a> = &'a dyn Fn(&Path);
    let cases: [(&str, Make); 6] = [
        ("dangling red-line file", &|ws| {
            std::fs::remove_file(ws.join("rules/south.toml")).unwrap();
            std::os::unix::fs::symlink(outside.join("gone.toml"), ws.join("rules/south.toml"))
                .unwrap();
        }),
        ("loop of links in rules", &|ws| {
            std::os::unix::fs::symlink("d.toml", ws.join("rules/c.toml")).unwrap();
            std::os::unix::fs::symlink("c.toml", ws.join("rules/d.toml")).unwrap();
        }),
        ("plan linked out of the workspace", &|ws| {
            std::os::unix::fs::symlink(&secret, ws.join("proposals/leak.toml")).unwrap();
        }),
        ("red-line file linked out", &|ws| {
            std::os::unix::fs::symlink(&secret, ws.join("rules/zz.toml")).unwrap();
        }),
        ("dangling plan", &|ws| {
            std::os::unix::fs::symlink("nowhere.toml", ws.join("proposals/x.toml")).unwrap();
        }),
        ("a folder named like a plan", &|ws| {
            std::fs::create_dir(ws.join("proposals/folder.toml")).unwrap();
        }),
    ];
    for (name, make) in cases {
        let ws = basic_copy(&format!("hostile-links-{}", name.replace(' ', "-")));
        make(&ws);
        for args in [&["check", "--as-of", "2025-12-01"][..], &["lint"]] {
            let out = redline(&ws).args(args).output().unwrap();
            expect_exit(&out, 2);
            let t = text(&out);
            assert!(!t.contains("the secret line"), "{name}: read outside:\n{t}");
            assert!(
                t.contains("redline::io") || t.contains("redline::path-outside"),
                "{name}: {args:?} says nothing:\n{t}"
            );
            // Located: the file is named with a line and column.
            let concise = redline(&ws)
                .args(args)
                .args(["--format", "concise"])
                .output()
                .unwrap();
            assert!(
                text(&concise).contains(".toml:1:1: error["),
                "{name}: not located:\n{}",
                text(&concise)
            );
        }
        let _ = std::fs::remove_dir_all(&ws);
    }
    // A scenario linked out of the workspace.
    let ws = basic_copy("hostile-links-scenario");
    std::os::unix::fs::symlink(&secret, ws.join("tests/scenarios/leak.toml")).unwrap();
    let out = redline(&ws).arg("test").output().unwrap();
    expect_exit(&out, 2);
    assert!(!text(&out).contains("the secret line"), "{}", text(&out));
    assert!(
        text(&out).contains("redline::path-outside"),
        "{}",
        text(&out)
    );
    let _ = std::fs::remove_dir_all(&ws);
    // A corpus outside the workspace, named in redline.toml: refused where
    // it is written, and `lint` reads nothing there (no word-by-word oracle).
    let ws = basic_copy("hostile-corpus");
    std::fs::write(&secret, "the vault code is 4711\n").unwrap();
    let settings = ws.join("redline.toml");
    let s = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        format!("{s}corpus = \"{}\"\n", outside.display()),
    )
    .unwrap();
    let sources = ws.join("rules/sources.toml");
    let src = std::fs::read_to_string(&sources).unwrap();
    std::fs::write(
        &sources,
        format!("{src}\n[[source]]\nid = \"s2\"\nfile = \"secret.txt\"\n"),
    )
    .unwrap();
    let north = ws.join("rules/north.toml");
    let n = std::fs::read_to_string(&north).unwrap();
    std::fs::write(&north, format!("{n}\n[[red_line]]\nid = \"q\"\nforbid = \"sanctions.relief\"\nsource = \"s2\"\nquote = \"the vault code is 9999\"\n")).unwrap();
    let out = redline(&ws).arg("lint").output().unwrap();
    expect_exit(&out, 2);
    let t = text(&out);
    assert!(
        t.contains("redline::path-outside") && t.contains("redline.toml"),
        "{t}"
    );
    assert!(
        !t.contains("vault code is"),
        "the outside file was compared:\n{t}"
    );
    // Named on the command line, the same folder is the user's choice.
    let out = redline(&ws)
        .args(["lint", "--corpus"])
        .arg(&outside)
        .output()
        .unwrap();
    assert!(text(&out).contains("quote-not-found"), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&ws);
    let _ = std::fs::remove_dir_all(&outside);
}

/// `schema` and `init` write only inside the workspace (or DIR), never
/// through a symbolic link, and `init` never overwrites what exists: the
/// starter files, the schemas or `.taplo.toml`, a dangling link included.
#[test]
fn schema_and_init_write_nothing_outside() {
    let outside = scratch("hostile-write-outside");
    std::fs::create_dir_all(&outside).unwrap();
    let listing = |d: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    };
    // `.redline/schemas` a link out of the workspace.
    let ws = basic_copy("hostile-schema-dir");
    std::fs::create_dir(ws.join(".redline")).unwrap();
    std::os::unix::fs::symlink(&outside, ws.join(".redline/schemas")).unwrap();
    expect_exit(&redline(&ws).arg("schema").output().unwrap(), 2);
    assert!(listing(&outside).is_empty(), "{:?}", listing(&outside));
    let _ = std::fs::remove_dir_all(&ws);
    // A schema file that is a link out.
    let ws = basic_copy("hostile-schema-file");
    std::fs::create_dir_all(ws.join(".redline/schemas")).unwrap();
    std::fs::write(outside.join("victim"), "precious\n").unwrap();
    std::os::unix::fs::symlink(
        outside.join("victim"),
        ws.join(".redline/schemas/plan.json"),
    )
    .unwrap();
    expect_exit(&redline(&ws).arg("schema").output().unwrap(), 2);
    assert_eq!(
        std::fs::read_to_string(outside.join("victim")).unwrap(),
        "precious\n"
    );
    let _ = std::fs::remove_dir_all(&ws);
    let _ = std::fs::remove_file(outside.join("victim"));
    // init over an existing `.taplo.toml` or schema: refused, nothing changed.
    let base = scratch("hostile-init");
    for (name, rel, text) in [
        ("taplo", ".taplo.toml", "# mine\n"),
        ("schema", ".redline/schemas/plan.json", "precious\n"),
    ] {
        let dir = base.join(name);
        std::fs::create_dir_all(dir.join(".redline/schemas")).unwrap();
        std::fs::write(dir.join(rel), text).unwrap();
        let out = redline(&base).arg("init").arg(&dir).output().unwrap();
        expect_exit(&out, 2);
        assert_eq!(std::fs::read_to_string(dir.join(rel)).unwrap(), text);
        assert!(!dir.join("rules").exists(), "init wrote despite refusing");
    }
    // A sub-folder of DIR that is a link out; a dangling link at a file name.
    let dir = base.join("linked-rules");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("rules")).unwrap();
    expect_exit(&redline(&base).arg("init").arg(&dir).output().unwrap(), 2);
    assert!(listing(&outside).is_empty(), "{:?}", listing(&outside));
    let dir = base.join("dangling");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(outside.join("planted.toml"), dir.join("redline.toml")).unwrap();
    std::os::unix::fs::symlink(outside.join("planted-taplo.toml"), dir.join(".taplo.toml"))
        .unwrap();
    expect_exit(&redline(&base).arg("init").arg(&dir).output().unwrap(), 2);
    assert!(listing(&outside).is_empty(), "{:?}", listing(&outside));
    // A fresh folder gets everything.
    let dir = base.join("fresh");
    expect_exit(&redline(&base).arg("init").arg(&dir).output().unwrap(), 0);
    assert!(dir.join(".taplo.toml").is_file() && dir.join(".redline/schemas/plan.json").is_file());
    let _ = std::fs::remove_dir_all(&base);
    let _ = std::fs::remove_dir_all(&outside);
}

/// A plan padded with comments, so that writing it takes long enough for a
/// signal to land in the middle.
fn padded_copy(name: &str, kib: usize) -> (PathBuf, PathBuf) {
    let ws = basic_copy(name);
    let plan = ws.join("proposals/draft.toml");
    let mut text = std::fs::read_to_string(&plan).unwrap();
    let line = "# padding padding padding padding padding padding padding padding padding\n";
    for _ in 0..(kib * 1024 / line.len()) {
        text.push_str(line);
    }
    std::fs::write(&plan, text).unwrap();
    (ws, plan)
}

/// `--write --force` on a hard-linked plan is atomic too: SIGKILL at random
/// moments leaves the old text or the new one, whole, every time.
#[test]
fn kill_nine_never_tears_a_hard_linked_plan() {
    let (ws, plan) = padded_copy("hostile-kill-hardlink", 4096);
    let old = std::fs::read_to_string(&plan).unwrap();
    let other = ws.join("other-name.toml");
    std::fs::hard_link(&plan, &other).unwrap();
    expect_exit(&amend_write(&ws, &["--force"]), 0);
    let new = std::fs::read_to_string(&plan).unwrap();
    assert_ne!(old, new);
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let start = Instant::now();
    let mut rounds = 0;
    while start.elapsed() < Duration::from_secs(5) && rounds < 200 {
        let _ = std::fs::remove_file(&plan);
        std::fs::write(&plan, &old).unwrap();
        let _ = std::fs::remove_file(&other);
        std::fs::hard_link(&plan, &other).unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % 60_000);
        let mut child = redline(&ws)
            .args(["amend", "draft", "--write", "--force"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = std::fs::read_to_string(&plan).unwrap();
        assert!(
            now == old || now == new,
            "a torn plan after a kill ({} bytes)",
            now.len()
        );
        rounds += 1;
    }
    assert!(rounds >= 10, "only {rounds} rounds");
    let _ = std::fs::remove_dir_all(&ws);
}

/// SIGTERM and SIGINT during `--write` leave the plan whole and no
/// temporary file behind.
#[test]
fn signals_leave_no_temporary_file() {
    let (ws, plan) = padded_copy("hostile-signals", 4096);
    let old = std::fs::read_to_string(&plan).unwrap();
    expect_exit(&amend_write(&ws, &[]), 0);
    let new = std::fs::read_to_string(&plan).unwrap();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let start = Instant::now();
    let mut rounds = 0;
    while start.elapsed() < Duration::from_secs(5) && rounds < 60 {
        std::fs::write(&plan, &old).unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let signal = if rounds % 2 == 0 { "-TERM" } else { "-INT" };
        let delay = Duration::from_micros(seed % 60_000);
        let mut child = redline(&ws)
            .args(["amend", "draft", "--write"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let _ = child.wait();
        let now = std::fs::read_to_string(&plan).unwrap();
        assert!(now == old || now == new, "a torn plan after {signal}");
        let left: Vec<_> = std::fs::read_dir(ws.join("proposals"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".redline-tmp-"))
            .map(|e| e.file_name())
            .collect();
        assert!(left.is_empty(), "{signal} left {left:?}");
        rounds += 1;
    }
    assert!(rounds >= 10, "only {rounds} rounds");
    let _ = std::fs::remove_dir_all(&ws);
}

/// Eight writers at once, each with its own amendment: one wins; each of
/// the others refuses (its base changed) and says so; the plan loads.
#[test]
fn concurrent_writers_are_serialised() {
    let ws = basic_copy("hostile-concurrent");
    let plan = ws.join("proposals/draft.toml");
    let old = std::fs::read_to_string(&plan).unwrap();
    let selections: [&[&str]; 8] = [
        &["--party", "north"],
        &["--party", "south"],
        &["--party", "west"],
        &["--party", "alliance"],
        &["--party", "north", "--party", "south"],
        &["--party", "south", "--party", "west"],
        &[],
        &["--party", "north", "--party", "west"],
    ];
    for round in 0..3 {
        std::fs::write(&plan, &old).unwrap();
        let children: Vec<_> = selections
            .iter()
            .map(|sel| {
                redline(&ws)
                    .args(["amend", "draft", "--write", "--as-of", "2025-12-01"])
                    .args(*sel)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outs: Vec<Output> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let wrote = outs
            .iter()
            .filter(|o| text(o).contains("wrote the amended plan"))
            .count();
        let refused = outs
            .iter()
            .filter(|o| text(o).contains("changed after redline read it"))
            .count();
        // A writer with nothing to change writes nothing, and says so.
        let idle = outs
            .iter()
            .filter(|o| {
                let t = text(o);
                t.contains("no amendment exists, so nothing was written")
                    || (o.status.code() != Some(2) && !t.contains("wrote the amended plan"))
            })
            .count();
        for o in &outs {
            eprintln!(
                "{:?}: {}",
                o.status.code(),
                text(o).lines().last().unwrap_or("")
            );
        }
        assert!(wrote >= 1, "round {round}: nobody wrote");
        assert_eq!(
            wrote + refused + idle,
            outs.len(),
            "round {round}: a writer neither wrote nor said why not"
        );
        let check = redline(&ws)
            .args(["check", "draft", "--as-of", "2025-12-01"])
            .output()
            .unwrap();
        assert_ne!(check.status.code(), Some(2), "{}", text(&check));
    }
    let _ = std::fs::remove_dir_all(&ws);
}

/// Output is bounded by input: a megabyte party name in a workspace whose
/// plan crosses 500 of its red lines makes no gigabyte report (each text
/// from a file is cut, with a mark, past 4,096 bytes).
#[test]
fn output_is_bounded_by_input() {
    let ws = basic_copy("hostile-amplify");
    let parties = ws.join("rules/parties.toml");
    let p = std::fs::read_to_string(&parties).unwrap();
    std::fs::write(
        &parties,
        p.replace(
            "name = \"Northland\"",
            &format!("name = \"{}\"", "N".repeat(1_000_000)),
        ),
    )
    .unwrap();
    let mut north = std::fs::read_to_string(ws.join("rules/north.toml")).unwrap();
    for i in 0..500 {
        north.push_str(&format!(
            "\n[[red_line]]\nid = \"amp-{i}\"\nabout = \"Amplified {i}\"\nforbid = \"army.cap < 500_000\"\n"
        ));
    }
    std::fs::write(ws.join("rules/north.toml"), north).unwrap();
    for format in [
        "html", "json", "human", "markdown", "sarif", "concise", "github",
    ] {
        let out = redline(&ws)
            .args([
                "check",
                "draft",
                "--as-of",
                "2025-12-01",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let size = out.stdout.len() + out.stderr.len();
        assert!(size < 16 << 20, "{format}: {size} bytes");
        let all = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            !all.contains(&"N".repeat(5_000)),
            "{format}: the name was not cut"
        );
        if all.contains(&"N".repeat(4_000)) {
            assert!(
                all.contains("more bytes cut]"),
                "{format}: no mark where the name was cut"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&ws);
}

/// A plan whose file name holds a line break and a CI workflow command
/// cannot forge a line of output: the break is shown as a code point in
/// every text format (and escaped in `--format github`).
#[test]
fn a_file_name_cannot_forge_an_output_line() {
    let ws = basic_copy("hostile-file-name");
    let name = "evil\n::error file=x::forged,.toml";
    let text_of = std::fs::read_to_string(ws.join("proposals/draft.toml"))
        .unwrap()
        .replace("id = \"draft\"", "id = \"evil\"");
    std::fs::write(ws.join("proposals").join(name), text_of).unwrap();
    for format in ["human", "concise", "markdown", "github", "sarif"] {
        let out = redline(&ws)
            .args(["check", "evil", "--as-of", "2025-12-01", "--format", format])
            .output()
            .unwrap();
        let t = text(&out);
        assert!(
            !t.lines().any(|l| l.starts_with("::error file=x")),
            "{format}: a forged line:\n{t}"
        );
    }
    let _ = std::fs::remove_dir_all(&ws);
}
