//! The servers: `redline mcp`'s tools answer as the command line does, and
//! refuse hostile input; the protocol spoken by the binary (MCP over
//! stdio, JSON-RPC lines); `redline lsp`'s requests in process, on the
//! shipped workspace with a draft typed in an editor.

use crate::common::{copy_dir, redline, root, scratch};
use redline::serve::desk::{Desk, MAX_TEXT_BYTES};
use redline::serve::lsp::{notification, request, Server};
use redline::Code;
use serde_json::{json, Map, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

/// `redline ARGS --format json` on the shipped workspace, parsed.
fn cli_json(a: &[&str]) -> Value {
    let out = redline(&root())
        .args(a)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{a:?}: {e}\n{}", String::from_utf8_lossy(&out.stderr)))
}

fn call(desk: &Desk, tool: &str, a: Value) -> redline::serve::desk::Answer {
    desk.call(tool, &args(a))
        .unwrap_or_else(|r| panic!("{tool} refused: {r}"))
}

/// Every tool gives the document the command line prints.
#[test]
fn tools_answer_as_the_cli_does() {
    let desk = Desk::new(root());
    let plan = "three-tier-security-plan";
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        ("check_plan", json!({"plan": plan}), vec!["check", plan]),
        (
            "check_plan",
            json!({"plan": "us-russia-28-point", "basis": "statement", "as_of": "2025-06-01", "parties": ["russia", "ukraine"]}),
            vec![
                "check",
                "us-russia-28-point",
                "--basis",
                "statement",
                "--as-of",
                "2025-06-01",
                "--party",
                "russia",
                "--party",
                "ukraine",
            ],
        ),
        (
            "explain",
            json!({"plan": plan, "clause": "tier-3"}),
            vec!["explain", plan, "--clause", "tier-3"],
        ),
        (
            "explain",
            json!({"plan": plan, "party": "russia"}),
            vec!["explain", plan, "--party", "russia"],
        ),
        (
            "amend",
            json!({"plan": "european-counter-proposal"}),
            vec!["amend", "european-counter-proposal"],
        ),
        (
            "diff",
            json!({"old_plan": "us-russia-28-point", "new_plan": "european-counter-proposal"}),
            vec!["diff", "us-russia-28-point", "european-counter-proposal"],
        ),
        ("matrix", json!({}), vec!["matrix"]),
        ("matrix", json!({"plans": [plan]}), vec!["matrix", plan]),
        (
            "timeline",
            json!({"parties": ["russia"]}),
            vec!["timeline", "--party", "russia"],
        ),
        (
            "coalitions",
            json!({"plan": plan}),
            vec!["coalitions", plan],
        ),
    ];
    for (tool, a, cli) in cases {
        let got = call(&desk, tool, a.clone());
        assert!(!got.failed, "{tool} {a}: {}", got.summary);
        assert_eq!(
            got.json,
            cli_json(&cli),
            "{tool} {a} differs from `redline {}`",
            cli.join(" ")
        );
        assert!(!got.summary.is_empty(), "{tool}: no summary");
    }
}

/// A plan given as text is checked as the same plan on disk is.
#[test]
fn a_plan_as_text_checks_as_on_disk() {
    let desk = Desk::new(root());
    let file = "proposals/three_tier_security_plan.toml";
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let by_text = call(&desk, "check_plan", json!({"text": text, "name": file}));
    let by_id = call(
        &desk,
        "check_plan",
        json!({"plan": "three-tier-security-plan"}),
    );
    assert_eq!(by_text.json, by_id.json);
    // And it lints clean.
    let lint = call(&desk, "lint_plan", json!({"text": text, "name": file}));
    assert_eq!(lint.json["ok"], json!(true), "{}", lint.summary);
    assert!(lint.json.get("diagnostics").is_none(), "{}", lint.json);
}

/// A short draft as an assistant or an editor might type it: clause 2
/// misspells a term; clause 1 crosses a red line of Russia.
const DRAFT: &str = include_str!("clients/draft.toml");

/// `lint_plan` finds a misspelt term with its line, column and a
/// did-you-mean; fixed, the draft lints clean and is checked.
#[test]
fn lint_plan_then_check_plan() {
    let desk = Desk::new(root());
    let lint = call(&desk, "lint_plan", json!({"text": DRAFT}));
    assert!(!lint.failed);
    assert_eq!(lint.json["ok"], json!(false));
    let d = &lint.json["diagnostics"][0];
    assert_eq!(d["code"], json!("unknown-term"), "{}", lint.summary);
    assert_eq!(d["file"], json!("draft.toml"));
    assert_eq!(d["line"], json!(13));
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("ukraine.western_arms_and_training"),
        "{d}"
    );
    // The summary shows the line, and the help.
    assert!(
        lint.summary.contains("[draft.toml:13:9]"),
        "{}",
        lint.summary
    );
    assert!(
        lint.summary
            .contains("help: did you mean `ukraine.western_arms_and_training`?"),
        "{}",
        lint.summary
    );

    // Checking the broken draft fails with the same diagnostic.
    let check = call(&desk, "check_plan", json!({"text": DRAFT}));
    assert!(check.failed);
    assert_eq!(check.json["diagnostics"][0]["code"], json!("unknown-term"));

    let fixed = DRAFT.replace("trainin\"", "training\"");
    let lint = call(&desk, "lint_plan", json!({"text": fixed}));
    assert_eq!(lint.json["ok"], json!(true), "{}", lint.summary);
    let check = call(&desk, "check_plan", json!({"text": fixed}));
    assert!(!check.failed, "{}", check.summary);
    assert!(check.summary.contains("russia veto"), "{}", check.summary);
    assert_eq!(check.json["plans"][0]["acceptable"], json!(false));
}

#[test]
fn vocabulary_lists_terms_and_filters() {
    let desk = Desk::new(root());
    let all = call(&desk, "vocabulary", json!({}));
    let terms = all.json["terms"].as_array().unwrap();
    assert_eq!(terms.len(), 64);
    let t = terms
        .iter()
        .find(|t| t["id"] == "troops.western_timing")
        .unwrap();
    assert_eq!(t["kind"], json!("enum"));
    assert!(t["values"]
        .as_array()
        .unwrap()
        .contains(&json!("preemptive")));
    assert!(!t["read_by"].as_array().unwrap().is_empty());
    assert_eq!(t["defined_at"]["file"], json!("rules/terms.toml"));
    let some = call(&desk, "vocabulary", json!({"term": "troops."}));
    let n = some.json["terms"].as_array().unwrap().len();
    assert!(n > 0 && n < 64, "{n}");
    let mine = call(&desk, "vocabulary", json!({"party": "turkey"}));
    assert!(mine.json["terms"].as_array().unwrap().len() < 64);
}

/// Untrusted arguments: each refused with its code, nothing read outside
/// the workspace, nothing written.
#[test]
fn hostile_arguments_are_refused() {
    let desk = Desk::new(root());
    let refuse = |tool: &str, a: Value, code: Code, says: &str| {
        let r = desk
            .call(tool, &args(a.clone()))
            .err()
            .unwrap_or_else(|| panic!("{tool} {a} answered"));
        assert_eq!(r.code, code, "{tool} {a}: {r}");
        assert!(r.message.contains(says), "{tool} {a}: {r}");
    };
    let huge = "#".repeat(MAX_TEXT_BYTES + 1);
    let many = vec!["a"; 65];
    // Sizes, paths, control characters, unknown names and types; a plan
    // named by anything but a plan id or a .toml path (no other file of the
    // workspace is loaded and quoted back); a write asked of a desk that
    // was given no writer.
    let cases = [
        (
            "lint_plan",
            json!({"text": huge}),
            Code::BadArgument,
            "at most 1048576",
        ),
        (
            "check_plan",
            json!({"plan": "../../../etc/passwd"}),
            Code::PathOutside,
            "outside the workspace",
        ),
        (
            "check_plan",
            json!({"plan": "/etc/passwd"}),
            Code::PathOutside,
            "absolute path",
        ),
        (
            "check_plan",
            json!({"plan": "three-tier\u{0}plan"}),
            Code::BadArgument,
            "U+0000",
        ),
        (
            "check_plan",
            json!({"plan": "x\u{202e}y"}),
            Code::BadArgument,
            "U+202E",
        ),
        (
            "check_plan",
            json!({"pla": "x"}),
            Code::BadArgument,
            "did you mean `plan`?",
        ),
        (
            "check_plan",
            json!({"plan": 7}),
            Code::BadArgument,
            "must be a string",
        ),
        (
            "chek_plan",
            json!({}),
            Code::BadArgument,
            "did you mean `check_plan`?",
        ),
        (
            "check_plan",
            json!({"plan": "Cargo"}),
            Code::BadArgument,
            "no plan `Cargo`",
        ),
        (
            "check_plan",
            json!({"plan": "README.md"}),
            Code::BadArgument,
            "no plan",
        ),
        (
            "check_plan",
            json!({"plan": "three-tier-security-pla"}),
            Code::BadArgument,
            "did you mean `three-tier-security-plan`?",
        ),
        (
            "matrix",
            json!({"as_of": "x\u{1b}[2J"}),
            Code::BadArgument,
            "U+001B",
        ),
        (
            "matrix",
            json!({ "plans": many }),
            Code::BadArgument,
            "at most 64",
        ),
        (
            "lint_plan",
            json!({"text": DRAFT, "name": "a\nb"}),
            Code::BadArgument,
            "U+000A",
        ),
        (
            "amend",
            json!({"plan": "three-tier-security-plan", "write": "proposals/x.toml"}),
            Code::BadArgument,
            "does not write",
        ),
    ];
    for (tool, a, code, says) in cases {
        refuse(tool, a, code, says);
    }
    // Control characters inside a plan's text are the loader's to report,
    // at their line and column.
    let lint = call(&desk, "lint_plan", json!({"text": "id = \"a\u{7}b\"\n"}));
    assert_eq!(lint.json["ok"], json!(false), "{}", lint.summary);
    assert!(lint.summary.contains("draft.toml:1:"), "{}", lint.summary);
}

/// `amend` returns the amended text; with a writer, it writes a new plan
/// inside the workspace and nothing outside it.
#[test]
fn amend_writes_only_inside_the_workspace() {
    let ws = scratch("serve-amend");
    for d in ["rules", "proposals"] {
        copy_dir(&root().join(d), &ws.join(d));
    }
    std::fs::copy(root().join("redline.toml"), ws.join("redline.toml")).unwrap();
    // A folder of the workspace that is a link to a folder outside it.
    let outside = scratch("serve-amend-outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, ws.join("elsewhere")).unwrap();
    let written = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = written.clone();
    let desk = Desk::new(&ws).with_writer(Box::new(
        move |path: &Path, text: &str, base: Option<&str>| {
            assert!(base.is_none());
            log.lock().unwrap().push(path.to_path_buf());
            std::fs::write(path, text).map_err(|e| e.to_string())
        },
    ));
    for (target, code) in [
        ("../outside.toml", Code::PathOutside),
        ("/tmp/outside.toml", Code::PathOutside),
        ("proposals/x.txt", Code::BadArgument),
        ("nowhere/x.toml", Code::BadArgument),
        ("elsewhere/x.toml", Code::PathOutside),
    ] {
        let r = desk
            .call(
                "amend",
                &args(json!({"plan": "european-counter-proposal", "write": target})),
            )
            .err()
            .unwrap_or_else(|| panic!("{target} was not refused"));
        assert_eq!(r.code, code, "{target}: {r}");
    }
    assert!(written.lock().unwrap().is_empty());
    // Among the draft's signatories, an amendment exists.
    let parties = ["ukraine", "united_kingdom", "france"];
    let a = call(
        &desk,
        "amend",
        json!({"text": DRAFT.replace("trainin\"", "training\""), "write": "proposals/amended.toml", "parties": parties}),
    );
    assert!(!a.failed, "{}", a.summary);
    let text = a.text.clone().unwrap();
    assert_eq!(
        std::fs::read_to_string(ws.join("proposals/amended.toml")).unwrap(),
        text
    );
    assert_eq!(a.json["written"], json!("proposals/amended.toml"));
    // The amended plan lints clean and nobody vetoes it.
    let check = redline(&ws)
        .args(["check", "proposals/amended.toml"])
        .args(parties.iter().flat_map(|p| ["--party", p]))
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

/// Kill the server `pid` if the test is still talking to it after two
/// minutes, so that a server that stops answering fails the test (its
/// reader sees the end of the stream) instead of hanging it. Dropping the
/// guard calls the watchdog off.
struct Watchdog(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Watchdog {
    fn new(pid: u32) -> Watchdog {
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = done.clone();
        std::thread::spawn(move || {
            for _ in 0..1200 {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if flag.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
            }
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        });
        Watchdog(done)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// One JSON-RPC session with `redline mcp`, line by line.
struct Session {
    child: std::process::Child,
    out: BufReader<std::process::ChildStdout>,
    next: u64,
    _watchdog: Watchdog,
}

impl Session {
    fn start(ws: &Path, extra: &[&str]) -> Session {
        let mut child = redline(ws)
            .arg("mcp")
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        let _watchdog = Watchdog::new(child.id());
        let mut s = Session {
            child,
            out,
            next: 1,
            _watchdog,
        };
        let init = s.ask(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "0"}}),
        );
        assert_eq!(
            init["result"]["serverInfo"]["name"],
            json!("redline"),
            "{init}"
        );
        s.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        s
    }

    fn send(&mut self, v: Value) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{v}").unwrap();
        stdin.flush().unwrap();
    }

    fn ask(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let mut line = String::new();
            assert!(
                self.out.read_line(&mut line).unwrap() > 0,
                "the server closed stdout"
            );
            let v: Value = serde_json::from_str(&line).unwrap();
            if v["id"] == json!(id) {
                return v;
            }
        }
    }

    fn call(&mut self, tool: &str, a: Value) -> Value {
        self.ask("tools/call", json!({"name": tool, "arguments": a}))
    }

    fn finish(mut self) {
        drop(self.child.stdin.take());
        let status = self.child.wait().unwrap();
        assert!(status.success(), "redline mcp exited with {status}");
    }
}

/// The binary speaks MCP: tools and resources listed, every tool called,
/// refusals as `invalid_params` errors carrying the diagnostic code.
#[test]
fn mcp_protocol_over_stdio() {
    let mut s = Session::start(&root(), &[]);
    let tools = s.ask("tools/list", json!({}));
    let names: Vec<&str> = tools["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "vocabulary",
            "lint_plan",
            "check_plan",
            "explain",
            "amend",
            "diff",
            "matrix",
            "timeline",
            "coalitions"
        ]
    );
    let r = s.call("check_plan", json!({"plan": "three-tier-security-plan"}));
    assert_eq!(r["result"]["isError"], json!(false), "{r}");
    assert_eq!(
        r["result"]["structuredContent"],
        cli_json(&["check", "three-tier-security-plan"])
    );
    assert!(r["result"]["content"][0]["text"]
        .as_str()
        .unwrap()
        .contains("russia veto"));
    let r = s.call("lint_plan", json!({"text": DRAFT}));
    assert_eq!(r["result"]["structuredContent"]["ok"], json!(false), "{r}");
    let r = s.call("check_plan", json!({"text": DRAFT}));
    assert_eq!(r["result"]["isError"], json!(true), "{r}");
    let r = s.call("check_plan", json!({"plan": "../secret"}));
    assert_eq!(r["error"]["code"], json!(-32602), "{r}");
    assert_eq!(r["error"]["data"]["code"], json!("path-outside"), "{r}");
    for (tool, a) in [
        ("vocabulary", json!({"term": "dmz"})),
        (
            "explain",
            json!({"plan": "three-tier-security-plan", "clause": "tier-1"}),
        ),
        (
            "amend",
            json!({"plan": "three-tier-security-plan", "time_limit_seconds": 30}),
        ),
        (
            "diff",
            json!({"old_plan": "us-russia-28-point", "new_plan": "european-counter-proposal"}),
        ),
        ("matrix", json!({})),
        ("timeline", json!({"plans": ["three-tier-security-plan"]})),
        ("coalitions", json!({"plan": "three-tier-security-plan"})),
    ] {
        let r = s.call(tool, a);
        assert_eq!(r["result"]["isError"], json!(false), "{tool}: {r}");
    }
    let res = s.ask("resources/list", json!({}));
    let uris: Vec<&str> = res["result"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert!(uris.contains(&"redline://docs/format.md"));
    assert!(uris.contains(&"redline://workspace/rules/terms.toml"));
    let read = s.ask(
        "resources/read",
        json!({"uri": "redline://workspace/rules/terms.toml"}),
    );
    let text = read["result"]["contents"][0]["text"].as_str().unwrap();
    assert_eq!(
        text,
        std::fs::read_to_string(root().join("rules/terms.toml")).unwrap()
    );
    let bad = s.ask(
        "resources/read",
        json!({"uri": "redline://workspace/../Cargo.toml"}),
    );
    assert_eq!(bad["error"]["data"]["code"], json!("path-outside"), "{bad}");
    // Inside the workspace, but not one of its files: refused.
    let bad = s.ask(
        "resources/read",
        json!({"uri": "redline://workspace/Cargo.toml"}),
    );
    assert_eq!(bad["error"]["data"]["code"], json!("bad-argument"), "{bad}");
    s.finish();
}

/// `--read-only`: `amend` is refused a path, and nothing appears.
#[test]
fn mcp_read_only_never_writes() {
    let mut s = Session::start(&root(), &["--read-only"]);
    let r = s.call(
        "amend",
        json!({"plan": "european-counter-proposal", "write": "proposals/never.toml"}),
    );
    assert_eq!(r["error"]["data"]["code"], json!("bad-argument"), "{r}");
    assert!(!root().join("proposals/never.toml").exists());
    s.finish();
}

// ---- the language server, in process ----------------------------------------

fn uri(rel: &str) -> String {
    format!(
        "file://{}",
        root()
            .join(rel)
            .canonicalize()
            .unwrap_or(root().join(rel))
            .display()
    )
}

fn open(server: &mut Server, rel: &str, text: &str) -> Vec<lsp_server::Message> {
    server.handle(notification(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(rel), "languageId": "toml", "version": 1, "text": text}}),
    ))
}

/// The diagnostics published for `rel` among `msgs`.
fn published(msgs: &[lsp_server::Message], rel: &str) -> Vec<Value> {
    let want = uri(rel);
    msgs.iter()
        .filter_map(|m| match m {
            lsp_server::Message::Notification(n)
                if n.method == "textDocument/publishDiagnostics" =>
            {
                Some(&n.params)
            }
            _ => None,
        })
        .filter(|p| p["uri"] == json!(want))
        .flat_map(|p| p["diagnostics"].as_array().unwrap().clone())
        .collect()
}

fn answer(server: &mut Server, method: &str, params: Value) -> Value {
    static NEXT: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(1);
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    match server.handle(request(id, method, params)).pop() {
        Some(lsp_server::Message::Response(r)) => r
            .response_result
            .unwrap_or_else(|e| panic!("{method}: {e:?}")),
        other => panic!("{method}: {other:?}"),
    }
}

/// The markdown of a hover at `line`:`character` of `rel`.
fn hover(server: &mut Server, rel: &str, line: u32, character: u32) -> String {
    let h = answer(server, "textDocument/hover", at(rel, line, character));
    h["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The file (as a URI) and the text of the line a definition points to.
fn definition(server: &mut Server, rel: &str, line: u32, character: u32) -> (String, String) {
    let d = answer(server, "textDocument/definition", at(rel, line, character));
    let uri = d["uri"].as_str().unwrap().to_string();
    let path = uri.strip_prefix("file://").unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let at = d["range"]["start"]["line"].as_u64().unwrap() as usize;
    (uri, text.lines().nth(at).unwrap().to_string())
}

fn at(rel: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri(rel)}, "position": {"line": line, "character": character}})
}

const DRAFT_PATH: &str = "proposals/editor_draft.toml";

#[test]
fn lsp_diagnostics_quick_fix_and_vetoes() {
    let mut server = Server::new(root());
    let msgs = open(&mut server, DRAFT_PATH, DRAFT);
    let diags = published(&msgs, DRAFT_PATH);
    let unknown = diags
        .iter()
        .find(|d| d["code"] == "unknown-term")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(unknown["severity"], json!(1));
    assert_eq!(unknown["range"]["start"]["line"], json!(12));
    // Nothing else is claimed about a plan that does not load, and it says so.
    assert!(diags.iter().all(|d| d["code"] != "veto"), "{diags:?}");
    assert!(
        diags.iter().any(|d| d["code"] == "not-checked"),
        "{diags:?}"
    );
    // The shipped plans are checked as `redline check` checks them: a
    // warning per violated veto, an information per violated objection.
    let cli = cli_json(&["check"]);
    for plan in cli["plans"].as_array().unwrap() {
        let file = plan["file"].as_str().unwrap();
        let shipped = published(&msgs, file);
        for severity in ["veto", "objection"] {
            let want = plan["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["verdict"] == "violated" && f["severity"] == severity)
                .count();
            let got = shipped.iter().filter(|d| d["code"] == severity).count();
            assert_eq!(got, want, "{file} {severity}: {shipped:?}");
        }
        assert!(
            shipped.iter().all(|d| d["code"] != "not-checked"),
            "{shipped:?}"
        );
    }

    // The quick fix replaces the name inside its quotes.
    let actions = answer(
        &mut server,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(DRAFT_PATH)}, "range": unknown["range"], "context": {"diagnostics": [unknown]}}),
    );
    let edit = &actions[0]["edit"]["changes"][uri(DRAFT_PATH)][0];
    assert_eq!(
        edit["newText"],
        json!("\"ukraine.western_arms_and_training\""),
        "{actions}"
    );

    // Fixed, the draft is checked: Russia's veto sits on clause 1's setting,
    // pointing to the red line.
    let fixed = DRAFT.replace("trainin\"", "training\"");
    let msgs = server.handle(notification(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(DRAFT_PATH), "version": 2}, "contentChanges": [{"text": fixed}]}),
    ));
    let diags = published(&msgs, DRAFT_PATH);
    assert!(
        diags.iter().all(|d| d["code"] != "unknown-term"),
        "{diags:?}"
    );
    let veto = diags
        .iter()
        .find(|d| d["code"] == "veto")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(veto["severity"], json!(2));
    assert_eq!(veto["range"]["start"]["line"], json!(7));
    assert!(
        veto["message"]
            .as_str()
            .unwrap()
            .starts_with("russia vetoes clause `1`"),
        "{veto}"
    );
    let related = &veto["relatedInformation"][0]["location"]["uri"];
    assert!(
        related.as_str().unwrap().ends_with("rules/russia.toml"),
        "{veto}"
    );

    // Closing the buffer clears what was published for it.
    let msgs = server.handle(notification(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(DRAFT_PATH)}}),
    ));
    assert!(published(&msgs, DRAFT_PATH).is_empty());
    assert!(msgs.iter().any(|m| matches!(m, lsp_server::Message::Notification(n) if n.params["uri"] == json!(uri(DRAFT_PATH)))));
}

#[test]
fn lsp_hover_definition_completion() {
    let mut server = Server::new(root());
    let fixed = DRAFT.replace("trainin\"", "training\"");
    open(&mut server, DRAFT_PATH, &fixed);
    // On a term id: its values, status quo and readers.
    let md = hover(&mut server, DRAFT_PATH, 7, 14);
    assert!(md.starts_with("**troops.western_timing**"), "{md}");
    assert!(md.contains("status quo") && md.contains("read by"), "{md}");
    // On a clause's text: its findings.
    let md = hover(&mut server, DRAFT_PATH, 6, 3);
    assert!(md.contains("russia vetoes clause `1`"), "{md}");
    // Definition of a term: its line in terms.toml; of a party, parties.toml.
    let (file, line) = definition(&mut server, DRAFT_PATH, 7, 14);
    assert!(file.ends_with("rules/terms.toml"), "{file}");
    assert!(line.contains("\"troops.western_timing\""), "{line}");
    let (file, line) = definition(&mut server, DRAFT_PATH, 2, 13);
    assert!(
        file.ends_with("rules/parties.toml") && line.contains("\"ukraine\""),
        "{file}: {line}"
    );
    // On a red line's short id in its party's file: the red line.
    let russia = std::fs::read_to_string(root().join("rules/russia.toml")).unwrap();
    let at_line = russia
        .lines()
        .position(|l| l == "id = \"no-stationed-nato-contingent\"")
        .unwrap() as u32;
    let md = hover(&mut server, "rules/russia.toml", at_line, 8);
    assert!(md.starts_with("**russia/no-stationed-nato-contingent**, red line of russia (veto, on an analyst's reading)"), "{md}");
    assert!(md.contains("> If Russia remains unmoved"), "{md}");
    // Completion: a term's values after `=`, term ids elsewhere.
    let line7 = fixed.lines().nth(7).unwrap();
    let col = line7.find("\"preemptive\"").unwrap() as u32;
    let c = answer(
        &mut server,
        "textDocument/completion",
        at(DRAFT_PATH, 7, col),
    );
    let labels: Vec<&str> = c
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"\"preemptive\"") && labels.len() < 10,
        "{labels:?}"
    );
    // The value replaces what is typed, its opening quote and the closing
    // quote an editor paired: `"pre|"` becomes `"preemptive"`.
    let typing = fixed.replace("= \"preemptive\"", "= \"pre\"");
    server.handle(notification(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(DRAFT_PATH), "version": 2}, "contentChanges": [{"text": typing}]}),
    ));
    let line7 = typing.lines().nth(7).unwrap();
    let quote = line7.find("\"pre\"").unwrap() as u32;
    let c = answer(
        &mut server,
        "textDocument/completion",
        at(DRAFT_PATH, 7, quote + 4),
    );
    let item = c
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "\"preemptive\"")
        .unwrap();
    let edit = &item["textEdit"];
    assert_eq!(edit["newText"], json!("\"preemptive\""));
    assert_eq!(edit["range"]["start"]["character"], json!(quote), "{item}");
    assert_eq!(
        edit["range"]["end"]["character"],
        json!(quote + 5),
        "{item}"
    );
    server.handle(notification(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(DRAFT_PATH), "version": 3}, "contentChanges": [{"text": fixed}]}),
    ));
    let c = answer(&mut server, "textDocument/completion", at(DRAFT_PATH, 7, 9));
    assert_eq!(c.as_array().unwrap().len(), 64);
    // A request it does not answer is an error, not a silence.
    let r = server.handle(request(7, "textDocument/formatting", json!({})));
    assert!(matches!(&r[0], lsp_server::Message::Response(r) if r.response_result.is_err()));
}

/// The language server binary, spoken to with Content-Length frames.
#[test]
fn lsp_protocol_over_stdio() {
    let mut child = redline(&root())
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let _watchdog = Watchdog::new(child.id());
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut send = |v: Value| {
        let body = v.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let mut read = || -> Value {
        let mut len = 0;
        loop {
            let mut line = String::new();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "the server closed stdout"
            );
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                len = n.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; len];
        std::io::Read::read_exact(&mut out, &mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": null}}),
    );
    let init = read();
    assert_eq!(
        init["result"]["capabilities"]["hoverProvider"],
        json!(true),
        "{init}"
    );
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri(DRAFT_PATH), "languageId": "toml", "version": 1, "text": DRAFT}}}),
    );
    let mut found = false;
    while !found {
        let v = read();
        found = v["method"] == "textDocument/publishDiagnostics"
            && v["params"]["uri"] == json!(uri(DRAFT_PATH))
            && v["params"]["diagnostics"][0]["code"] == "unknown-term";
    }
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    loop {
        if read()["id"] == json!(2) {
            break;
        }
    }
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

/// `redline mcp` through the official inspector's command-line mode, and
/// `redline lsp` through headless Neovim: see tests/clients/.
#[test]
fn real_clients() {
    let script = root().join("tests/clients/run.sh");
    let bin = insta_cmd::get_cargo_bin("redline");
    let out = Command::new("bash")
        .arg(&script)
        .env("REDLINE_BIN", &bin)
        .current_dir(root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let _ = writeln!(std::io::stderr(), "{stdout}");
    assert!(
        out.status.success(),
        "tests/clients/run.sh failed:\n{stdout}\n{stderr}"
    );
}

/// A draft that does not parse, and a TOML file that is not a plan, leave
/// every other plan checked.
#[test]
fn lsp_a_broken_draft_hides_nothing() {
    let mut server = Server::new(root());
    open(&mut server, "Cargo.toml", "[package]\nname = \"x\"\n");
    let msgs = open(&mut server, DRAFT_PATH, "id = \"half\nparties = [\n");
    let draft = published(&msgs, DRAFT_PATH);
    assert!(draft.iter().any(|d| d["severity"] == 1), "{draft:?}");
    assert!(
        draft.iter().any(|d| d["code"] == "not-checked"
            && d["message"]
                .as_str()
                .unwrap()
                .contains("until its errors are fixed")),
        "{draft:?}"
    );
    let shipped = published(&msgs, "proposals/three_tier_security_plan.toml");
    assert!(shipped.iter().any(|d| d["code"] == "veto"), "{shipped:?}");
    assert!(published(&msgs, "Cargo.toml").is_empty());
    // A document outside the workspace is neither loaded nor read.
    let outside = "file:///etc/hostname";
    let msgs = server.handle(notification(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": outside, "languageId": "toml", "version": 1, "text": "[[clause]]\n"}}),
    ));
    assert!(msgs
        .iter()
        .all(|m| !matches!(m, lsp_server::Message::Notification(n) if n.params["uri"] == outside)));
    let far = format!("file://{}/../../../etc/hostname", root().display());
    for uri in [outside, far.as_str()] {
        let h = answer(
            &mut server,
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
        );
        assert_eq!(h, Value::Null, "{uri}");
    }
}
