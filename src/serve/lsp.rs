//! `redline lsp`: a language server for the workspace's TOML files.
//!
//! [`Server::handle`] takes one message from the editor and returns the
//! messages to send back; the CLI connects it to stdin and stdout with
//! `lsp-server` (as rust-analyzer does). The editor's unsaved buffers are
//! laid over the files on disk ([`Overlay`]), and every change loads the
//! workspace again through them, so that what the editor shows is what
//! `redline lint` and `redline check` would print if the buffers were
//! saved:
//!
//! - diagnostics: the loader's (with their codes and help), and each veto
//!   as a warning on the setting that crosses it (an objection as
//!   information), pointing to the red line;
//! - hover on a term, party, red line or source id, and on a clause (its
//!   findings);
//! - go to definition of a term, party, red line or source id;
//! - completion of term ids, and of a term's values after `=`, `==`,
//!   `!=` or `in [`;
//! - quick fixes for the diagnostics that end in "did you mean `x`?".

use crate::check::{check, weigh, BasisFilter};
use crate::diagnostic::{Diagnostic, Level};
use crate::load::{self, Dir, Files, ReadError};
use crate::model::{Date, Loc, TermKind, Workspace};
use crate::report::format::words;
use crate::report::view::{check_view, Explanation, PlanView};
use lsp_server::{Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The workspace's files on disk, with the editor's open buffers laid
/// over them (by path relative to the workspace root).
pub struct Overlay {
    base: Dir,
    open: BTreeMap<PathBuf, String>,
}

impl Files for Overlay {
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        match self.open.get(&load::normalize(path)) {
            Some(t) => Ok(t.clone()),
            None => self.base.read(path),
        }
    }
    fn is_file(&self, path: &Path) -> bool {
        self.open.contains_key(&load::normalize(path)) || self.base.is_file(path)
    }
    fn is_dir(&self, path: &Path) -> bool {
        self.base.is_dir(path)
    }
    fn toml_files(&self, dir: &Path) -> Vec<PathBuf> {
        let mut all: BTreeSet<PathBuf> = self.base.toml_files(dir).into_iter().collect();
        let want = load::normalize(dir);
        for p in self.open.keys() {
            if p.parent() == Some(want.as_path()) && p.extension().is_some_and(|e| e == "toml") {
                all.insert(dir.join(p.file_name().unwrap_or_default()));
            }
        }
        all.into_iter().collect()
    }
    fn display(&self, path: &Path) -> String {
        self.base.display(path)
    }
    fn identity(&self, path: &Path) -> PathBuf {
        self.base.identity(path)
    }
    fn contains(&self, path: &Path) -> bool {
        self.base.contains(path)
    }
}

/// The workspace as last loaded: the model, the loader's diagnostics, and
/// each plan that could be checked, with its findings.
struct Analysis {
    ws: Workspace,
    diags: Vec<Diagnostic>,
    plans: Vec<PlanView>,
    /// Plan files not checked, and why.
    unchecked: Vec<(crate::model::FileId, &'static str)>,
}

/// The language server's state.
pub struct Server {
    root: PathBuf,
    files: Overlay,
    /// Files that were given diagnostics last time (to clear them).
    published: BTreeSet<PathBuf>,
    analysis: Option<Analysis>,
    /// The workspace root as the editor or the command line named it
    /// (`root` is its canonical form), for the URIs sent back.
    shown_root: PathBuf,
    /// The URI the editor gave each open document, sent back as given.
    uris: BTreeMap<PathBuf, String>,
}

impl Server {
    /// A server for the workspace at `root` (an absolute path).
    pub fn new(root: impl Into<PathBuf>) -> Server {
        let shown_root: PathBuf = root.into();
        let root = shown_root.canonicalize().unwrap_or(shown_root.clone());
        Server {
            files: Overlay {
                base: Dir::new(&root),
                open: BTreeMap::new(),
            },
            root,
            published: BTreeSet::new(),
            analysis: None,
            shown_root,
            uris: BTreeMap::new(),
        }
    }

    /// What the server can do, for the `initialize` response.
    pub fn capabilities() -> Value {
        json!({
            "capabilities": {
                "textDocumentSync": { "openClose": true, "change": 1, "save": { "includeText": false } },
                "hoverProvider": true,
                "definitionProvider": true,
                "completionProvider": { "triggerCharacters": ["\"", "'", ".", "="] },
                "codeActionProvider": { "codeActionKinds": ["quickfix"] },
            },
            "serverInfo": { "name": "redline", "version": env!("CARGO_PKG_VERSION") },
        })
    }

    /// Handle one message; the messages to send back, in order.
    pub fn handle(&mut self, msg: Message) -> Vec<Message> {
        match msg {
            Message::Request(r) => vec![Message::Response(self.request(r))],
            Message::Notification(n) => self.notification(n),
            Message::Response(_) => Vec::new(),
        }
    }

    fn notification(&mut self, n: Notification) -> Vec<Message> {
        let p = &n.params;
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let uri = str_at(p, &["textDocument", "uri"]);
                let text = str_at(p, &["textDocument", "text"]);
                if let (Some(uri), Some(text)) = (uri, text) {
                    if let Some(rel) = self.rel(uri) {
                        self.uris.insert(rel.clone(), uri.to_string());
                        self.files.open.insert(rel, text.to_string());
                    }
                }
                self.refresh()
            }
            "textDocument/didChange" => {
                let uri = str_at(p, &["textDocument", "uri"]);
                // Full sync: the last change holds the whole text.
                let text = p
                    .get("contentChanges")
                    .and_then(Value::as_array)
                    .and_then(|c| c.last())
                    .and_then(|c| c.get("text"))
                    .and_then(Value::as_str);
                if let (Some(rel), Some(text)) = (uri.and_then(|u| self.rel(u)), text) {
                    self.files.open.insert(rel, text.to_string());
                }
                self.refresh()
            }
            "textDocument/didClose" => {
                if let Some(rel) = str_at(p, &["textDocument", "uri"]).and_then(|u| self.rel(u)) {
                    self.files.open.remove(&rel);
                }
                // The URI is still needed to clear the file's diagnostics;
                // `publish` forgets it then.
                self.refresh()
            }
            "textDocument/didSave" | "workspace/didChangeWatchedFiles" => self.refresh(),
            _ => Vec::new(),
        }
    }

    fn request(&mut self, r: Request) -> Response {
        let result = match r.method.as_str() {
            "textDocument/hover" => self.at(&r.params).map(|(rel, off)| self.hover(&rel, off)),
            "textDocument/definition" => self
                .at(&r.params)
                .map(|(rel, off)| self.definition(&rel, off)),
            "textDocument/completion" => self
                .at(&r.params)
                .map(|(rel, off)| self.completion(&rel, off)),
            "textDocument/codeAction" => Some(self.code_actions(&r.params)),
            "shutdown" => Some(Value::Null),
            other => {
                return Response::new_err(
                    r.id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("redline does not answer `{other}`"),
                )
            }
        };
        Response::new_ok(r.id, result.unwrap_or(Value::Null))
    }

    // ---- paths and positions ------------------------------------------------

    /// The path inside the workspace a `file://` URI names.
    fn rel(&self, uri: &str) -> Option<PathBuf> {
        let path = uri.strip_prefix("file://")?;
        let path = path.strip_prefix("localhost").unwrap_or(path);
        let path = load::normalize(Path::new(&super::percent_decode(path)));
        let path = match path.parent().and_then(|d| d.canonicalize().ok()) {
            Some(dir) => dir.join(path.file_name()?),
            None => path,
        };
        let rel = load::normalize(path.strip_prefix(&self.root).ok()?);
        // Nothing outside the workspace.
        (!rel.starts_with("..") && rel.is_relative()).then_some(rel)
    }

    fn uri(&self, rel: &Path) -> String {
        if let Some(u) = self.uris.get(rel) {
            return u.clone();
        }
        let abs = self.shown_root.join(rel);
        format!("file://{}", super::percent_encode(&abs.to_string_lossy()))
    }

    /// The document and byte offset a position request names.
    fn at(&self, params: &Value) -> Option<(PathBuf, usize)> {
        let rel = self.rel(str_at(params, &["textDocument", "uri"])?)?;
        let line = params.pointer("/position/line")?.as_u64()? as usize;
        let ch = params.pointer("/position/character")?.as_u64()? as usize;
        let text = self.files.read(&rel).ok()?;
        Some((rel, offset_of(&text, line, ch)))
    }

    fn range(&self, loc: Loc) -> Option<(PathBuf, Value)> {
        let a = self.analysis.as_ref()?;
        let f = a.ws.files.get(loc.file);
        let rel = load::normalize(&f.path);
        Some((rel, range_of(&f.text, loc.span.start, loc.span.end)))
    }

    // ---- analysis -------------------------------------------------------------

    /// Load the workspace through the overlay, check what can be checked,
    /// and publish every file's diagnostics (clearing those now clean).
    fn refresh(&mut self) -> Vec<Message> {
        let loaded = load::load(&self.files);
        let mut ws = loaded.workspace;
        let mut diags = loaded.diagnostics;
        // An open plan outside proposals/ is loaded too (a TOML file with
        // clauses; not any TOML file the editor has open).
        let extra: Vec<PathBuf> = self
            .files
            .open
            .iter()
            .filter(|(p, text)| is_loose_plan(p, text))
            .map(|(p, _)| p.clone())
            .collect();
        for p in extra {
            diags.extend(load::ensure_plan(&mut ws, &self.files, &p).1);
        }
        let is_plan_file = |p: &Path| {
            p.starts_with("proposals")
                || self.files.open.get(p).is_some_and(|t| is_loose_plan(p, t))
        };
        let broken: BTreeSet<_> = diags
            .iter()
            .filter(|d| d.level == Level::Error)
            .filter_map(|d| d.loc().map(|l| l.file))
            .collect();
        // The rules are broken when an error lies outside every plan file
        // (a plan that does not even parse is still a plan file).
        let rules_broken = diags.iter().any(|d| {
            d.level == Level::Error
                && d.loc()
                    .is_none_or(|l| !is_plan_file(&load::normalize(&ws.files.get(l.file).path)))
        });
        let mut plans = Vec::new();
        // Every plan file that is not checked says so, rather than showing
        // no veto.
        let mut unchecked = Vec::new();
        for (id, f) in ws.files.files() {
            if !is_plan_file(&load::normalize(&f.path)) {
                continue;
            }
            if rules_broken {
                unchecked.push((
                    id,
                    "this plan is not checked against the red lines while the rules have errors",
                ));
            } else if broken.contains(&id) {
                unchecked.push((
                    id,
                    "this plan is not checked against the red lines until its errors are fixed",
                ));
            }
        }
        if !rules_broken {
            if let Ok(opts) = weigh(&ws, None, &[], BasisFilter::Any, Date::today()) {
                for plan in ws.plans.iter().filter(|p| !broken.contains(&p.file)) {
                    if let Ok(report) = check(&ws.rules, plan, &opts) {
                        let view = check_view(&ws, &[(plan, &report)], &opts.parties);
                        plans.extend(view.plans);
                    }
                }
            }
        }
        self.analysis = Some(Analysis {
            ws,
            diags,
            plans,
            unchecked,
        });
        self.publish()
    }

    fn publish(&mut self) -> Vec<Message> {
        let Some(a) = &self.analysis else {
            return Vec::new();
        };
        let mut by_file: BTreeMap<PathBuf, Vec<Value>> = BTreeMap::new();
        for d in &a.diags {
            let Some(loc) = d.loc() else { continue };
            if let Some((rel, range)) = self.range(loc) {
                let related: Vec<Value> = d
                    .labels
                    .iter()
                    .skip(1)
                    .filter_map(|l| {
                        let (r, range) = self.range(l.loc)?;
                        Some(json!({
                            "location": { "uri": self.uri(&r), "range": range },
                            "message": l.message.clone().unwrap_or_default(),
                        }))
                    })
                    .collect();
                let mut message = d.message.clone();
                if let Some(h) = &d.help {
                    message.push_str(&format!("\nhelp: {h}"));
                }
                let mut v = json!({
                    "range": range,
                    "severity": if d.level == Level::Error { 1 } else { 2 },
                    "code": d.code.name(),
                    "source": "redline",
                    "message": message,
                    "relatedInformation": related,
                });
                if let Some(fix) = d.help.as_deref().and_then(suggestion) {
                    if let Some(o) = v.as_object_mut() {
                        o.insert("data".into(), json!({ "replace_with": fix }));
                    }
                }
                by_file.entry(rel).or_default().push(v);
            }
        }
        for plan in &a.plans {
            for e in &plan.findings {
                if let Some((rel, v)) = self.finding(a, plan, e) {
                    by_file.entry(rel).or_default().push(v);
                }
            }
        }
        for (file, why) in &a.unchecked {
            if let Some((rel, range)) = self.range(load::file_start(*file)) {
                by_file.entry(rel).or_default().push(json!({
                    "range": range,
                    "severity": 3,
                    "code": "not-checked",
                    "source": "redline",
                    "message": why,
                }));
            }
        }
        let mut out = Vec::new();
        let now: BTreeSet<PathBuf> = by_file.keys().cloned().collect();
        for gone in self.published.difference(&now) {
            out.push(publish(&self.uri(gone), Vec::new()));
        }
        for (rel, diags) in by_file {
            out.push(publish(&self.uri(&rel), diags));
        }
        self.published = now;
        let open = &self.files.open;
        self.uris.retain(|rel, _| open.contains_key(rel));
        out
    }

    /// A violated finding as a diagnostic at the setting that crosses it
    /// (else at the clause it names, else, for the plan's silence, at the
    /// top of the plan).
    fn finding(&self, a: &Analysis, plan: &PlanView, e: &Explanation) -> Option<(PathBuf, Value)> {
        use crate::check::Verdict;
        use crate::model::Severity;
        let severity = match (e.verdict, e.severity) {
            (Verdict::Violated, Severity::Veto) => 2,
            (Verdict::Violated, Severity::Objection) => 3,
            _ => return None,
        };
        let file = a.ws.plans.iter().find(|p| p.id == plan.id)?.file;
        let at = e
            .causes
            .iter()
            .filter_map(|c| c.location.as_ref())
            .map(|l| l.loc)
            .find(|l| l.file == file)
            .or_else(|| {
                let first = e.clauses.first()?;
                plan.clauses
                    .iter()
                    .find(|c| &c.id == first)
                    .map(|c| c.location.loc)
            })
            .unwrap_or_else(|| load::file_start(file));
        let (rel, range) = self.range(at)?;
        let mut related = Vec::new();
        if let Some(rl) = &e.location {
            if let Some((r, range)) = self.range(rl.loc) {
                let what = match &e.red_line {
                    Some(id) => format!("red line `{id}` of {}", e.party),
                    None => format!("{}'s red line", e.party),
                };
                related.push(json!({
                    "location": { "uri": self.uri(&r), "range": range },
                    "message": what,
                }));
            }
        }
        let mut message = format!("{}: {}", words::headline(e), words::about(e));
        if let Some(q) = &e.quote {
            message.push_str(&format!("\n“{q}”"));
        }
        let code = match e.severity {
            Severity::Veto => "veto",
            Severity::Objection => "objection",
        };
        Some((
            rel,
            json!({
                "range": range,
                "severity": severity,
                "code": code,
                "source": "redline",
                "message": message,
                "relatedInformation": related,
            }),
        ))
    }

    // ---- what is under the cursor ------------------------------------------------

    /// The id under `off` in `rel`, if it names something of the workspace.
    fn item(&self, rel: &Path, off: usize) -> Option<Item> {
        let a = self.analysis.as_ref()?;
        let text = self.files.read(rel).ok()?;
        let word = word_at(&text, off)?;
        let rules = &a.ws.rules;
        if let Some(t) = rules.vocab.lookup(word) {
            return Some(Item::Term(t));
        }
        if let Some(p) = rules.lookup_party(word) {
            return Some(Item::Party(p));
        }
        // A red line by its full id (`russia/no-ukraine-in-nato`), or by the
        // id it is written with (`no-ukraine-in-nato`), its party's own file
        // first (two parties may use one id).
        let full = |r: &crate::model::RedLine| format!("{}/{}", rules.party(r.party).id, r.id);
        let here =
            |r: &crate::model::RedLine| load::normalize(&a.ws.files.get(r.loc.file).path) == rel;
        if let Some((id, _)) = rules
            .red_line_ids()
            .find(|(_, r)| full(r) == word)
            .or_else(|| rules.red_line_ids().find(|(_, r)| r.id == word && here(r)))
            .or_else(|| rules.red_line_ids().find(|(_, r)| r.id == word))
        {
            return Some(Item::RedLine(id));
        }
        if let Some(s) = rules.source_by_id.get(word).copied() {
            return Some(Item::Source(s));
        }
        None
    }

    fn hover(&self, rel: &Path, off: usize) -> Value {
        let Some(a) = &self.analysis else {
            return Value::Null;
        };
        let rules = &a.ws.rules;
        let md = match self.item(rel, off) {
            Some(Item::Term(t)) => term_markdown(a, t),
            Some(Item::Party(p)) => {
                let party = rules.party(p);
                let mut s = format!("**{}** (party `{}`)", party.name, party.id);
                if !party.members.is_empty() {
                    s.push_str(&format!(
                        "\n\nmembers: {}",
                        party_ids(rules, &party.members)
                    ));
                }
                let n = rules.red_line_ids().filter(|(_, r)| r.party == p).count();
                s.push_str(&format!("\n\n{n} red lines"));
                s
            }
            Some(Item::RedLine(id)) => {
                let r = rules.red_line(id);
                let severity = match r.severity {
                    crate::model::Severity::Veto => "veto",
                    crate::model::Severity::Objection => "objection",
                };
                let basis = match r.basis {
                    crate::model::Basis::Statement => "on the party's own words",
                    crate::model::Basis::Analysis => "on an analyst's reading",
                };
                let party = &rules.party(r.party).id;
                let mut s = format!(
                    "**{party}/{}**, red line of {party} ({severity}, {basis})\n\n{}",
                    r.id, r.about
                );
                if let Some(q) = &r.quote {
                    s.push_str(&format!("\n\n> {}", q.value));
                }
                s
            }
            Some(Item::Source(id)) => {
                let src = rules.source(id);
                format!("**{}**: source ({})", src.id, src.outlet)
            }
            None => match self.clause_at(rel, off) {
                Some(md) => md,
                None => return Value::Null,
            },
        };
        json!({ "contents": { "kind": "markdown", "value": md } })
    }

    /// The findings of the clause whose table holds `off`.
    fn clause_at(&self, rel: &Path, off: usize) -> Option<String> {
        let a = self.analysis.as_ref()?;
        let plan =
            a.ws.plans
                .iter()
                .find(|p| load::normalize(&a.ws.files.get(p.file).path) == rel)?;
        let text = &a.ws.files.get(plan.file).text;
        // The n-th `[[clause]]` header starts clause n.
        let mut starts = Vec::new();
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            if line.trim_start().starts_with("[[clause]]") {
                starts.push(pos);
            }
            pos += line.len();
        }
        let n = starts.iter().rposition(|s| *s <= off)?;
        let clause = plan.clauses.get(n)?;
        let view = a.plans.iter().find(|v| v.id == plan.id);
        let mut s = format!("**clause `{}`**", clause.id);
        if !clause.text.is_empty() {
            s.push_str(&format!(": {}", clause.text));
        }
        let findings: Vec<&Explanation> = view
            .map(|v| {
                v.findings
                    .iter()
                    .filter(|e| e.clauses.contains(&clause.id))
                    .collect()
            })
            .unwrap_or_default();
        if findings.is_empty() {
            s.push_str("\n\nno party objects to this clause");
        }
        for e in findings {
            s.push_str(&format!(
                "\n\n- {}: {}",
                words::headline(e),
                words::about(e)
            ));
            if let Some(l) = &e.location {
                s.push_str(&format!(" ({}:{})", l.file, l.line));
            }
        }
        Some(s)
    }

    fn definition(&self, rel: &Path, off: usize) -> Value {
        let Some(a) = &self.analysis else {
            return Value::Null;
        };
        let rules = &a.ws.rules;
        let loc = match self.item(rel, off) {
            Some(Item::Term(t)) => rules.vocab.get(t).loc,
            Some(Item::Party(p)) => rules.party(p).loc,
            Some(Item::RedLine(r)) => rules.red_line(r).loc,
            Some(Item::Source(s)) => rules.source(s).loc,
            None => return Value::Null,
        };
        match self.range(loc) {
            Some((r, range)) => json!({ "uri": self.uri(&r), "range": range }),
            None => Value::Null,
        }
    }

    fn completion(&self, rel: &Path, off: usize) -> Value {
        let Some(a) = &self.analysis else {
            return json!([]);
        };
        let Ok(text) = self.files.read(rel) else {
            return json!([]);
        };
        let vocab = &a.ws.rules.vocab;
        let line_start = text
            .get(..off)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let before = text.get(line_start..off).unwrap_or("");
        // In a condition (`require = "..."`), values are quoted with `'`.
        let key = before
            .split('=')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        let in_expr = matches!(key, "require" | "forbid" | "when");
        // What is typed of the word under the cursor, with the quote that
        // opened it, is replaced (and a closing quote the editor paired).
        let word = |extra: &[char], quoted: bool| {
            let typed = before
                .char_indices()
                .rev()
                .take_while(|(_, c)| {
                    c.is_alphanumeric() || matches!(c, '_' | '-') || extra.contains(c)
                })
                .last()
                .map_or(before.len(), |(i, _)| i);
            let quote = before
                .get(..typed)
                .and_then(|b| b.chars().last())
                .filter(|c| quoted && (*c == '"' || *c == '\''));
            let start = line_start + typed - quote.map_or(0, char::len_utf8);
            let end = match (quote, text.get(off..).and_then(|t| t.chars().next())) {
                (Some(q), Some(c)) if c == q => off + 1,
                _ => off,
            };
            (range_of(&text, start, end), quote)
        };
        // A value: the last term named before the cursor, then an operator.
        if let Some(t) = term_before_operator(before).and_then(|w| vocab.lookup(w)) {
            let term = vocab.get(t);
            let quote = if in_expr { "'" } else { "\"" };
            let (range, _) = word(&[], true);
            let values: Vec<String> = match &term.kind {
                TermKind::Bool => vec!["true".into(), "false".into()],
                TermKind::Enum(v) => v.iter().map(|v| format!("{quote}{v}{quote}")).collect(),
                TermKind::Int { lo, hi } => vec![lo.to_string(), hi.to_string()],
            };
            let items: Vec<Value> = values
                .into_iter()
                .map(|v| {
                    json!({
                        "label": v,
                        "kind": 12,
                        "detail": format!("a value of {}", term.id),
                        "filterText": v,
                        "textEdit": { "range": range, "newText": v },
                    })
                })
                .collect();
            return json!(items);
        }
        // A term id is quoted in a plan's `set`, bare in a condition.
        let (range, quote) = word(&['.'], !in_expr);
        let items: Vec<Value> = vocab
            .ids()
            .map(|t| {
                let term = vocab.get(t);
                let new = match quote {
                    Some(q) => format!("{q}{}{q}", term.id),
                    None => term.id.clone(),
                };
                json!({
                    "label": term.id,
                    "filterText": new,
                    "textEdit": { "range": range, "newText": new },
                    "kind": 10,
                    "detail": term.kind.describe(),
                    "documentation": term.about,
                })
            })
            .collect();
        json!(items)
    }

    fn code_actions(&self, params: &Value) -> Value {
        let Some(uri) = str_at(params, &["textDocument", "uri"]) else {
            return json!([]);
        };
        let Some(rel) = self.rel(uri) else {
            return json!([]);
        };
        let Ok(text) = self.files.read(&rel) else {
            return json!([]);
        };
        let diags = params
            .pointer("/context/diagnostics")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut out = Vec::new();
        for d in diags {
            let Some(fix) = d
                .pointer("/data/replace_with")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| {
                    d.get("message")
                        .and_then(Value::as_str)
                        .and_then(|m| m.split("help: ").nth(1))
                        .and_then(suggestion)
                })
            else {
                continue;
            };
            let Some(range) = d.get("range") else {
                continue;
            };
            // Keep the quotes the old name was written in.
            let (s, e) = (
                pos_of(&text, range.get("start")),
                pos_of(&text, range.get("end")),
            );
            let old = s.zip(e).and_then(|(s, e)| text.get(s..e)).unwrap_or("");
            let new = match old.chars().next() {
                Some(q @ ('"' | '\'')) if old.len() > 1 && old.ends_with(q) => {
                    format!("{q}{fix}{q}")
                }
                _ => fix.clone(),
            };
            out.push(json!({
                "title": format!("Replace with `{fix}`"),
                "kind": "quickfix",
                "diagnostics": [d],
                "isPreferred": true,
                "edit": { "changes": { uri: [{ "range": range, "newText": new }] } },
            }));
        }
        json!(out)
    }
}

enum Item {
    Term(crate::model::TermId),
    Party(crate::model::PartyId),
    RedLine(crate::model::RedLineId),
    Source(crate::model::SourceId),
}

fn term_markdown(a: &Analysis, t: crate::model::TermId) -> String {
    let rules = &a.ws.rules;
    let term = rules.vocab.get(t);
    let mut s = format!("**{}** ({})", term.id, term.kind.describe());
    if !term.about.is_empty() {
        s.push_str(&format!(": {}", term.about));
    }
    let values = match &term.kind {
        TermKind::Bool => "true | false".to_string(),
        TermKind::Enum(v) => v.join(" | "),
        TermKind::Int { lo, hi } => format!("{lo} ..= {hi}"),
    };
    s.push_str(&format!("\n\nvalues: {values}"));
    match term.default {
        Some(v) => s.push_str(&format!("\n\nstatus quo: {}", term.show(v))),
        None => s.push_str("\n\nstatus quo: open"),
    }
    if !term.owners.is_empty() {
        s.push_str(&format!("\n\nowners: {}", party_ids(rules, &term.owners)));
    }
    let mut readers = Vec::new();
    for (_, r) in rules.red_line_ids() {
        if r.terms_read().contains(&t) {
            readers.push(format!("`{}` ({})", r.id, rules.party(r.party).id));
        }
    }
    if !readers.is_empty() {
        s.push_str(&format!("\n\nread by: {}", readers.join(", ")));
    }
    s
}

/// An open file outside `rules/`, `tests/` and `proposals/` that is a plan:
/// a `.toml` file with a `[[clause]]` table.
fn is_loose_plan(p: &Path, text: &str) -> bool {
    !p.starts_with("rules")
        && !p.starts_with("tests")
        && !p.starts_with("proposals")
        && p != Path::new("redline.toml")
        && p.extension().is_some_and(|e| e == "toml")
        && text.lines().any(|l| l.trim() == "[[clause]]")
}

/// `a, b, c`: the parties' ids.
fn party_ids(rules: &crate::model::Rules, parties: &[crate::model::PartyId]) -> String {
    let ids: Vec<&str> = parties
        .iter()
        .map(|p| rules.party(*p).id.as_str())
        .collect();
    ids.join(", ")
}

fn publish(uri: &str, diagnostics: Vec<Value>) -> Message {
    Message::Notification(Notification::new(
        "textDocument/publishDiagnostics".to_string(),
        json!({ "uri": uri, "diagnostics": diagnostics }),
    ))
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for k in path {
        cur = cur.get(k)?;
    }
    cur.as_str()
}

/// `x` from a help text "did you mean `x`?".
fn suggestion(help: &str) -> Option<String> {
    let rest = help.split("did you mean `").nth(1)?;
    let end = rest.find("`?")?;
    rest.get(..end).map(str::to_string)
}

/// The word (an id: letters, digits, `_`, `.`, `-`, `/`) around byte `off`.
fn word_at(text: &str, off: usize) -> Option<&str> {
    let is = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '/');
    let off = off.min(text.len());
    let start = text
        .get(..off)?
        .char_indices()
        .rev()
        .take_while(|(_, c)| is(*c))
        .last()
        .map_or(off, |(i, _)| i);
    let end = text
        .get(off..)?
        .char_indices()
        .find(|(_, c)| !is(*c))
        .map_or(text.len(), |(i, _)| off + i);
    let w = text.get(start..end)?.trim_matches('.');
    (!w.is_empty()).then_some(w)
}

/// In `"term.id" = "va` or `term.id == 'va` or `term in ['a', 'b`: the
/// term, when only an operator, quotes and a partial value follow it.
fn term_before_operator(before: &str) -> Option<&str> {
    let t = before
        .trim_end_matches(|c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '"' | '\''));
    let t = t.trim_end();
    // Inside a list: back to its `[`, past earlier values.
    let t = match t.rfind(" in [") {
        Some(i) if !t.get(i..).unwrap_or("").contains(']') => t.get(..i + 3).unwrap_or(t),
        _ => t,
    };
    let t = t.trim_end();
    let t = ["==", "!=", "<=", ">=", "=", "<", ">", "in"]
        .iter()
        .find_map(|op| t.strip_suffix(op))?
        .trim_end()
        .trim_end_matches(['"', '\'']);
    let start = t
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .last()
        .map(|(i, _)| i)?;
    t.get(start..)
}

/// The byte offset of LSP position (`line`, `ch` in UTF-16 units).
fn offset_of(text: &str, line: usize, ch: usize) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match text.get(start..).and_then(|t| t.find('\n')) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let mut units = 0;
    for (i, c) in text.get(start..).unwrap_or("").char_indices() {
        if units >= ch || c == '\n' || c == '\r' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

fn pos_of(text: &str, p: Option<&Value>) -> Option<usize> {
    let p = p?;
    let line = p.get("line")?.as_u64()? as usize;
    let ch = p.get("character")?.as_u64()? as usize;
    Some(offset_of(text, line, ch))
}

/// The LSP position of byte `off`.
fn position(text: &str, off: usize) -> Value {
    let mut off = off.min(text.len());
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    let head = text.get(..off).unwrap_or("");
    let line = head.matches('\n').count();
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let ch: usize = head
        .get(line_start..)
        .unwrap_or("")
        .chars()
        .map(char::len_utf16)
        .sum();
    json!({ "line": line, "character": ch })
}

fn range_of(text: &str, start: usize, end: usize) -> Value {
    json!({ "start": position(text, start), "end": position(text, end.max(start)) })
}

/// A request's id, for tests that drive [`Server::handle`].
pub fn request(id: i32, method: &str, params: Value) -> Message {
    Message::Request(Request::new(
        RequestId::from(id),
        method.to_string(),
        params,
    ))
}

/// A notification, for tests that drive [`Server::handle`].
pub fn notification(method: &str, params: Value) -> Message {
    Message::Notification(Notification::new(method.to_string(), params))
}
