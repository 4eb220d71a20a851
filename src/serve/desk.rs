//! The questions the servers answer, as plain calls: a tool's name and its
//! JSON arguments in, the command's JSON document (exactly what
//! `--format json` prints) and a short text summary out.
//!
//! Arguments are untrusted (an assistant passes on whatever it was given):
//! every key is checked against the tool's list, texts are capped at
//! [`MAX_TEXT_BYTES`], plan ids and paths may not hold control characters
//! nor leave the workspace, and nothing is written unless a tool is asked
//! to and the server was given a [`Writer`].

use super::args::{check_name, hint, too_large, tools, visible, Args};
use crate::check::CheckOptions;
use crate::diagnostic::{did_you_mean, sort as sort_diagnostics, Code, Diagnostic, Level};
use crate::load::{self, Dir, Files};
use crate::model::{BasisFilter, Date, Plan, TermKind, Workspace};
use crate::report::view::{
    amend_view, check_view, coalitions_view, diagnostic_views, diff_view, lint_view, matrix_of,
    timeline_view, ExplainView, LocView,
};
use crate::report::{self, Body, Command, Document, Format, Style};
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// The largest plan text a tool accepts (1 MiB; the largest shipped plan
/// is under 20 KB).
pub const MAX_TEXT_BYTES: usize = 1 << 20;
/// The most plans one call may name.
pub const MAX_PLANS: usize = 64;
/// The longest plan id, clause id, party id or path a call may give.
pub const MAX_NAME_BYTES: usize = 512;
/// `amend`'s time limit when a call gives none, and the most it may ask.
pub const AMEND_TIME_LIMIT: Duration = Duration::from_secs(20);
/// The most `amend` may be given.
pub const MAX_AMEND_TIME_LIMIT: Duration = Duration::from_secs(300);

/// Writes an amended plan for `amend`: the full path, the new text, and
/// the text the file must still hold (`Some`, when a plan is rewritten in
/// place) or `None` (a new file, which must not exist). The CLI gives the
/// one writer it has (atomic, locked); without one, `amend` never writes.
pub type Writer = Box<dyn Fn(&Path, &str, Option<&str>) -> Result<(), String> + Send + Sync>;

/// A call refused before any work: a bad argument, a path outside the
/// workspace, a text too large. The servers send it as a protocol error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The diagnostic code (`bad-argument`, `path-outside`, ...).
    pub code: Code,
    /// What was wrong.
    pub message: String,
}

impl Refusal {
    pub(super) fn new(code: Code, message: impl Into<String>) -> Refusal {
        Refusal {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.name(), self.message)
    }
}

/// A tool's answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The JSON document, as `--format json` prints it.
    pub json: Value,
    /// A short text: the concise format where the command has one.
    pub summary: String,
    /// Whether the document is a failure (the input had errors, so there
    /// is no answer to the question asked); the servers mark it an error.
    pub failed: bool,
    /// `amend`: the amended plan's text (also when nothing was written).
    pub text: Option<String>,
}

/// A tool: its name, what it does, and the JSON Schema of its arguments.
#[derive(Debug, Clone)]
pub struct ToolSpec {
    /// The name a client calls it by.
    pub name: &'static str,
    /// What it answers, for the assistant.
    pub description: &'static str,
    /// Its arguments.
    pub input_schema: Value,
}

/// Answers questions about one workspace folder.
pub struct Desk {
    root: PathBuf,
    files: Dir,
    writer: Option<Writer>,
}

impl Desk {
    /// A desk over the workspace at `root`, that never writes.
    pub fn new(root: impl Into<PathBuf>) -> Desk {
        let root = root.into();
        Desk {
            files: Dir::new(&root),
            root,
            writer: None,
        }
    }

    /// Let `amend` write (when a call asks) through `writer`.
    pub fn with_writer(mut self, writer: Writer) -> Desk {
        self.writer = Some(writer);
        self
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The workspace's files, read under its read policy.
    pub fn files(&self) -> &Dir {
        &self.files
    }

    /// The text of the workspace file at `rel`: a path inside the
    /// workspace, read under its read policy, at most 1 MiB.
    pub fn read_file(&self, rel: &str) -> Result<String, Refusal> {
        self.check_path(rel)?;
        let p = load::normalize(Path::new(rel));
        if !self.toml_files().contains(&p) {
            return Err(Refusal::new(
                Code::BadArgument,
                format!(
                    "`{}` is not one of the workspace's files (redline.toml, rules/, proposals/, tests/scenarios/)",
                    visible(rel)
                ),
            ));
        }
        let text = self
            .files
            .read(&p)
            .map_err(|e| Refusal::new(Code::Io, format!("cannot read `{}`: {e}", visible(rel))))?;
        if text.len() > MAX_TEXT_BYTES {
            return Err(too_large(&format!("`{}`", visible(rel)), text.len()));
        }
        Ok(text)
    }

    /// The workspace's own TOML files: `redline.toml`, and those of
    /// `rules/`, `proposals/` and `tests/scenarios/`.
    pub fn toml_files(&self) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        if self.files.is_file(Path::new("redline.toml")) {
            paths.push(PathBuf::from("redline.toml"));
        }
        for dir in ["rules", "proposals", "tests/scenarios"] {
            paths.extend(
                self.files
                    .toml_files(Path::new(dir))
                    .into_iter()
                    .map(|p| load::normalize(&p)),
            );
        }
        paths
    }

    /// Every tool, in the order a client lists them.
    pub fn tools() -> Vec<ToolSpec> {
        tools()
    }

    /// Call the tool `name` with `args`.
    pub fn call(&self, name: &str, args: &Map<String, Value>) -> Result<Answer, Refusal> {
        let Some(spec) = tools().into_iter().find(|t| t.name == name) else {
            let names: Vec<&str> = tools().iter().map(|t| t.name).collect();
            return Err(Refusal::new(
                Code::BadArgument,
                format!(
                    "no tool `{}`{}",
                    visible(name),
                    hint(did_you_mean(name, names.iter().copied()))
                ),
            ));
        };
        let a = Args::new(name, &spec.input_schema, args)?;
        let out = match name {
            "vocabulary" => self.vocabulary(&a),
            "lint_plan" => self.lint_plan(&a),
            "check_plan" => self.check_plan(&a),
            "explain" => self.explain(&a),
            "amend" => self.amend(&a),
            "diff" => self.diff(&a),
            "matrix" => self.matrix(&a),
            "timeline" => self.timeline(&a),
            "coalitions" => self.coalitions(&a),
            _ => Err(Refusal::new(Code::Internal, format!("tool `{name}` has no handler")).into()),
        };
        match out {
            Ok(a) | Err(Stop::Failed(a)) => Ok(a),
            Err(Stop::Refused(r)) => Err(r),
        }
    }

    // ---- loading ----------------------------------------------------------

    /// The rules and the plans named by id or path (none: every proposal
    /// when `all`, else none), or the failed document.
    fn load(&self, command: Command, ids: &[String], all: bool) -> Result<Loaded, Stop> {
        let mut paths = Vec::new();
        for id in ids {
            paths.push(self.resolve_plan(id)?);
        }
        let loaded = if ids.is_empty() && !all {
            load::load_with_plans(&self.files, &[])
        } else {
            load::load_named(&self.files, &paths)
        };
        let (ws, diags) = (loaded.workspace, loaded.diagnostics);
        if diags.iter().any(|d| d.level == Level::Error) {
            return Err(Stop::Failed(failed(command, &ws, diags)));
        }
        Ok(Loaded {
            ws,
            warnings: diags,
            plan: 0,
        })
    }

    /// The `.toml` file a plan argument names: a path ending in `.toml`
    /// inside the workspace, or the id of a plan in `proposals/`. Nothing
    /// else is read, so that no other file of the workspace can be loaded
    /// as a plan and quoted back in its diagnostics.
    fn resolve_plan(&self, name: &str) -> Result<String, Refusal> {
        if name.ends_with(".toml") || name.contains(['/', '\\']) || name.starts_with('.') {
            self.check_path(name)?;
            if !name.ends_with(".toml") {
                return Err(Refusal::new(
                    Code::BadArgument,
                    format!(
                        "`{}` is not a plan: name a plan by its id, or by a `.toml` path inside the workspace",
                        visible(name)
                    ),
                ));
            }
            return Ok(name.to_string());
        }
        check_name("plan", name)?;
        let ids = load::plan_ids(&self.files);
        if let Some((path, _)) = ids.iter().find(|(_, id)| id == name) {
            return Ok(self.files.display(path));
        }
        let by_name = format!("proposals/{name}.toml");
        if !name.contains(['/', '\\']) && self.files.is_file(Path::new(&by_name)) {
            return Ok(by_name);
        }
        Err(Refusal::new(
            Code::BadArgument,
            format!(
                "no plan `{}` in proposals/{}",
                visible(name),
                hint(did_you_mean(name, ids.iter().map(|(_, id)| id.as_str())))
            ),
        ))
    }

    /// A path must stay inside the workspace.
    fn check_path(&self, name: &str) -> Result<(), Refusal> {
        check_name("plan", name)?;
        let p = Path::new(name);
        if p.is_absolute() || p.components().any(|c| matches!(c, Component::Prefix(_))) {
            return Err(Refusal::new(
                Code::PathOutside,
                format!("`{name}` is an absolute path: name a plan by its id or a path inside the workspace"),
            ));
        }
        if !self.files.contains(p) {
            return Err(Refusal::new(
                Code::PathOutside,
                format!("`{name}` lies outside the workspace"),
            ));
        }
        Ok(())
    }

    /// The plan a call names: `plan` (an id or a path) or `text` (TOML,
    /// shown as `name`, default `draft.toml`), added to `l`.
    fn plan_of(&self, command: Command, a: &Args<'_>, prefix: &str) -> Result<Loaded, Stop> {
        let key = |k: &str| format!("{prefix}{k}");
        let id = a.str(&key("plan"))?;
        let text = a.str(&key("text"))?;
        match (id, text) {
            (Some(id), None) => {
                let mut l = self.load(command, &[id.to_string()], false)?;
                if l.ws.plans.is_empty() {
                    return Err(Stop::Refused(Refusal::new(
                        Code::BadArgument,
                        format!("no plan `{id}`"),
                    )));
                }
                l.plan = 0;
                Ok(l)
            }
            (None, Some(text)) => {
                let mut l = self.load(command, &[], false)?;
                let name = a.str(&key("name"))?.unwrap_or("draft.toml");
                check_name("name", name)?;
                let (idx, diags) =
                    load::load_plan_text(&mut l.ws, name, Path::new(name), text.to_string());
                if diags.iter().any(|d| d.level == Level::Error) {
                    return Err(Stop::Failed(failed(command, &l.ws, diags)));
                }
                l.warnings.extend(diags);
                l.plan = idx.ok_or_else(|| Stop::Failed(failed(command, &l.ws, Vec::new())))?;
                Ok(l)
            }
            (Some(_), Some(_)) => Err(Stop::Refused(Refusal::new(
                Code::BadArgument,
                format!("give `{}` or `{}`, not both", key("plan"), key("text")),
            ))),
            (None, None) => Err(Stop::Refused(Refusal::new(
                Code::BadArgument,
                format!(
                    "give `{}` (a plan id) or `{}` (a plan's TOML)",
                    key("plan"),
                    key("text")
                ),
            ))),
        }
    }

    fn weigh(&self, command: Command, l: &Loaded, a: &Args<'_>) -> Result<CheckOptions, Stop> {
        let as_of = a.str("as_of")?;
        if let Some(d) = as_of {
            check_name("as_of", d)?;
        }
        let parties = a.strs("parties")?;
        let basis = match a.str("basis")? {
            None | Some("any") => BasisFilter::Any,
            Some("statement") => BasisFilter::Statement,
            Some(other) => {
                return Err(Stop::Refused(Refusal::new(
                    Code::BadArgument,
                    format!("`basis` is `any` or `statement`, not `{}`", visible(other)),
                )))
            }
        };
        crate::check::weigh(&l.ws, as_of, &parties, basis, Date::today())
            .map_err(|d| Stop::Failed(failed(command, &l.ws, d)))
    }

    // ---- the tools ----------------------------------------------------------

    fn vocabulary(&self, a: &Args<'_>) -> Result<Answer, Stop> {
        let l = self.load(Command::Lint, &[], false)?;
        let ws = &l.ws;
        let filter = a.str("term")?.map(str::to_lowercase);
        let party = match a.str("party")? {
            None => None,
            Some(name) => Some(ws.rules.lookup_party(name).ok_or_else(|| {
                Refusal::new(
                    Code::BadArgument,
                    format!(
                        "no party `{}` in rules/parties.toml{}",
                        visible(name),
                        hint(did_you_mean(
                            name,
                            ws.rules.party_by_id.keys().map(String::as_str)
                        ))
                    ),
                )
            })?),
        };
        let mut terms = Vec::new();
        for id in ws.rules.vocab.ids() {
            let t = ws.rules.vocab.get(id);
            if let Some(f) = &filter {
                if !t.id.to_lowercase().contains(f.as_str())
                    && !t.about.to_lowercase().contains(f.as_str())
                {
                    continue;
                }
            }
            let mut read_by = Vec::new();
            for (_, r) in ws.rules.red_line_ids() {
                if r.terms_read().contains(&id) {
                    read_by.push(ReadBy {
                        red_line: r.id.clone(),
                        party: ws.rules.party(r.party).id.clone(),
                        at: LocView::new(ws, r.loc),
                    });
                }
            }
            if let Some(p) = party {
                let mine = t.owned_by(p) || read_by.iter().any(|r| r.party == ws.rules.party(p).id);
                if !mine {
                    continue;
                }
            }
            let (kind, values, range) = match &t.kind {
                TermKind::Bool => ("bool", vec!["false".to_string(), "true".to_string()], None),
                TermKind::Enum(v) => ("enum", v.clone(), None),
                TermKind::Int { lo, hi } => ("integer", Vec::new(), Some([*lo, *hi])),
            };
            terms.push(TermInfo {
                id: t.id.clone(),
                about: t.about.clone(),
                kind,
                values,
                range,
                status_quo: t.default.map(|v| t.show(v)),
                owners: t
                    .owners
                    .iter()
                    .map(|p| ws.rules.party(*p).id.clone())
                    .collect(),
                signed_by: t.signed_by.map(|p| ws.rules.party(p).id.clone()),
                defined_at: LocView::new(ws, t.loc),
                read_by,
            });
        }
        let parties = ws
            .rules
            .party_ids()
            .map(|p| {
                let party = ws.rules.party(p);
                PartyInfo {
                    id: party.id.clone(),
                    name: party.name.clone(),
                    members: party
                        .members
                        .iter()
                        .map(|m| ws.rules.party(*m).id.clone())
                        .collect(),
                }
            })
            .collect();
        let mut summary = String::new();
        for t in &terms {
            let values = match t.range {
                Some([lo, hi]) => format!("{lo}..={hi}"),
                None => t.values.join(" | "),
            };
            let sq = t.status_quo.as_deref().unwrap_or("open");
            summary.push_str(&format!(
                "{} ({}: {values}; status quo {sq}): {}\n",
                t.id, t.kind, t.about
            ));
        }
        if terms.is_empty() {
            summary.push_str("no term matches\n");
        }
        let body = Vocabulary { terms, parties };
        Ok(Answer {
            json: serde_json::to_value(&body).unwrap_or(Value::Null),
            summary,
            failed: false,
            text: None,
        })
    }

    fn lint_plan(&self, a: &Args<'_>) -> Result<Answer, Stop> {
        let command = Command::Lint;
        let text = a
            .str("text")?
            .ok_or_else(|| Refusal::new(Code::BadArgument, "give `text`: the plan's TOML"))?;
        let name = a.str("name")?.unwrap_or("draft.toml");
        check_name("name", name)?;
        let mut l = self.load(command, &[], false)?;
        let (_, mut diags) =
            load::load_plan_text(&mut l.ws, name, Path::new(name), text.to_string());
        // As `redline lint`: the rules' warnings too.
        diags.append(&mut l.warnings);
        sort_diagnostics(&mut diags);
        let view = lint_view(&l.ws, &diags, false);
        let mut doc = Document::new(command, Body::Lint(view));
        doc.diagnostics = diagnostic_views(&l.ws.files, &diags);
        Ok(answer(doc, &l.ws, false))
    }

    fn check_plan(&self, a: &Args<'_>) -> Result<Answer, Stop> {
        let command = Command::Check;
        let l = self.plan_of(command, a, "")?;
        let opts = self.weigh(command, &l, a)?;
        let Some(plan) = l.ws.plans.get(l.plan) else {
            return Ok(failed(command, &l.ws, Vec::new()));
        };
        let report = match crate::check::check(&l.ws.rules, plan, &opts) {
            Ok(r) => r,
            Err(e) => return Ok(failed(command, &l.ws, vec![e.diagnostic()])),
        };
        let view = check_view(&l.ws, &[(plan, &report)], &opts.parties);
        Ok(l.answer(command, Body::Check(view), Some(&opts)))
    }

    /// As `redline explain`: `clause` explains a clause (for `parties`,
    /// if given); else one party, `party` or the one in `parties`.
    fn explain(&self, a: &Args<'_>) -> Result<Answer, Stop> {
        let command = Command::Explain;
        let clause = a.str("clause")?;
        let party = a.str("party")?;
        if let Some(p) = party {
            check_name("party", p)?;
        }
        let l = self.plan_of(command, a, "")?;
        let mut opts = self.weigh(command, &l, a)?;
        if let Some(p) = party {
            let one = crate::check::weigh(&l.ws, None, &[p.to_string()], opts.basis, Date::today())
                .map_err(|d| Stop::Failed(failed(command, &l.ws, d)))?;
            if a.strs("parties")?.is_empty() {
                opts.parties.clear();
            }
            opts.parties.extend(one.parties);
            opts.parties.dedup();
        }
        let Some(plan) = l.ws.plans.get(l.plan) else {
            return Ok(failed(command, &l.ws, Vec::new()));
        };
        let bad = |d: Diagnostic| Ok(failed(command, &l.ws, vec![d]));
        let clause = match clause.map(|c| crate::check::clause_named(plan, c, "")) {
            None => None,
            Some(Ok(ci)) => Some(ci),
            Some(Err(d)) => return bad(d),
        };

        if clause.is_none() && opts.parties.len() != 1 {
            return Err(Stop::Refused(Refusal::new(
                Code::BadArgument,
                "explain needs `clause`, or exactly one party (`party`)",
            )));
        }
        let report = match crate::check::check(&l.ws.rules, plan, &opts) {
            Ok(r) => r,
            Err(e) => return bad(e.diagnostic()),
        };
        let view = match (clause, opts.parties.as_slice()) {
            (Some(ci), _) => ExplainView::clause(&l.ws, plan, ci, &report),
            (None, [p]) => ExplainView::party(&l.ws, plan, *p, &report),
            (None, _) => {
                return bad(Diagnostic::new(
                    Code::BadArgument,
                    "explain needs one party",
                ))
            }
        };
        Ok(l.answer(command, Body::Explain(view), Some(&opts)))
    }

    fn amend(&self, a: &Args<'_>) -> Result<Answer, Stop> {
        let command = Command::Amend;
        let keep_names = a.strs("keep")?;
        let write = a.str("write")?;
        let limit = match a.number("time_limit_seconds")? {
            None => AMEND_TIME_LIMIT,
            Some(s) if s > 0.0 && s.is_finite() => {
                Duration::from_secs_f64(s.min(MAX_AMEND_TIME_LIMIT.as_secs_f64()))
            }
            Some(_) => {
                return Err(Stop::Refused(Refusal::new(
                    Code::BadArgument,
                    "`time_limit_seconds` must be a positive number",
                )))
            }
        };
        let target = match write {
            None => None,
            Some(w) => Some(self.write_target(w)?),
        };
        let l = self.plan_of(command, a, "")?;
        let selection = self.weigh(command, &l, a)?;
        let ws = &l.ws;
        let Some(plan) = ws.plans.get(l.plan) else {
            return Ok(failed(command, ws, Vec::new()));
        };
        let keep = match crate::check::clauses_to_keep(plan, &keep_names) {
            Ok(k) => k,
            Err(diags) => return Ok(failed(command, ws, diags)),
        };
        let opts = crate::solve::AmendOptions {
            selection: selection.clone(),
            keep: keep.clone(),
            time_limit: Some(limit),
        };
        let result = match crate::solve::amend(&ws.rules, plan, &opts) {
            Ok(r) => r,
            Err(e) => return Ok(failed(command, ws, vec![e.diagnostic()])),
        };
        let mut view = amend_view(ws, plan, &result, &selection.parties, &keep);
        let source = ws.files.get(plan.file);
        let original = source.text.to_string();
        let mut amended = None;
        if let crate::solve::AmendOutcome::Amended(am) = &result.outcome {
            // Written to a new file, the copy gets an id no plan has (as
            // `amend --out` does); rewritten in place, it keeps its own.
            let in_place = target
                .as_ref()
                .is_some_and(|t| self.files.identity(t) == self.files.identity(&source.path));
            let new_id = (target.is_some() && !in_place)
                .then(|| load::unused_plan_id(&self.files, &format!("{}-amended", plan.id)));
            match crate::solve::rewrite_checked(
                &original,
                &ws.rules,
                plan,
                am,
                &selection,
                new_id.as_deref(),
            ) {
                Ok(t) => amended = Some(t),
                Err(e) => {
                    return Ok(failed(
                        command,
                        ws,
                        vec![
                            Diagnostic::new(Code::Io, format!("cannot rewrite the plan: {e}"))
                                .help("nothing was written"),
                        ],
                    ))
                }
            }
            // As `amend --write`: a plan left as it is is not rewritten.
            let needed = !am.changes.is_empty() || !in_place;
            if let (Some(t), Some(text), true) = (&target, &amended, needed) {
                let Some(writer) = &self.writer else {
                    return Err(Stop::Refused(Refusal::new(
                        Code::BadArgument,
                        "this server does not write files",
                    )));
                };
                let base = in_place.then_some(original.as_str());
                let full = self.root.join(t);
                if let Err(e) = writer(&full, text, base) {
                    return Ok(failed(
                        command,
                        ws,
                        vec![Diagnostic::new(
                            Code::Io,
                            format!("cannot write `{}`: {e}", self.files.display(t)),
                        )
                        .help("nothing was written")],
                    ));
                }
                view.written = Some(self.files.display(t));
                view.written_as = new_id;
            }
        } else if target.is_some() {
            view.write_skipped = true;
        }
        let mut out = l.answer(command, Body::Amend(view), Some(&selection));
        out.text = amended;
        Ok(out)
    }

    /// Where `amend` may write: a relative `.toml` path inside the
    /// workspace, in a folder that exists.
    fn write_target(&self, name: &str) -> Result<PathBuf, Refusal> {
        if self.writer.is_none() {
            return Err(Refusal::new(
                Code::BadArgument,
                "this server does not write files",
            ));
        }
        self.check_path(name)?;
        let p = load::normalize(Path::new(name));
        if p.extension().is_none_or(|e| e != "toml") {
            return Err(Refusal::new(
                Code::BadArgument,
                format!("`{name}` is not a `.toml` file: amend writes plans only"),
            ));
        }
        let parent = p.parent().unwrap_or(Path::new(""));
        if !parent.as_os_str().is_empty() && !self.files.is_dir(parent) {
            return Err(Refusal::new(
                Code::BadArgument,
                format!("`{}` is not a folder of the workspace", parent.display()),
            ));
        }
        // The folder, symbolic links followed, must be inside the
        // workspace, and the file itself no link: the path names the file
        // that will be written.
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        let inside = self
            .root
            .join(parent)
            .canonicalize()
            .is_ok_and(|d| d.starts_with(&root));
        let link =
            std::fs::symlink_metadata(self.root.join(&p)).is_ok_and(|m| m.file_type().is_symlink());
        if !inside || link {
            return Err(Refusal::new(
                Code::PathOutside,
                format!("`{name}` leads outside the workspace through a symbolic link"),
            ));
        }
        Ok(p)
    }

    fn diff(&self, a: &Args<'_>) -> Result<Answer, Stop> {
        let command = Command::Diff;
        let mut l = self.plan_of(command, a, "old_")?;
        // The second draft is read on its own and added, so that two
        // versions of one plan (one id) can be compared.
        let other = self.plan_of(command, a, "new_")?;
        let Some(src) = other
            .ws
            .plans
            .get(other.plan)
            .map(|p| other.ws.files.get(p.file))
        else {
            return Ok(failed(command, &other.ws, Vec::new()));
        };
        let (idx, diags) =
            load::load_plan_text(&mut l.ws, &src.name, &src.path, src.text.to_string());
        if !diags.is_empty() {
            return Ok(failed(command, &l.ws, diags));
        }
        let opts = self.weigh(command, &l, a)?;
        let (Some(pa), Some(pb)) = (l.ws.plans.get(l.plan), idx.and_then(|i| l.ws.plans.get(i)))
        else {
            return Ok(failed(command, &l.ws, Vec::new()));
        };
        let d = match crate::solve::diff(&l.ws.rules, pa, pb, &opts) {
            Ok(d) => d,
            Err(e) => return Ok(failed(command, &l.ws, vec![e.diagnostic()])),
        };
        let view = diff_view(&l.ws, pa, pb, &d);
        Ok(l.answer(command, Body::Diff(view), Some(&opts)))
    }

    fn matrix(&self, a: &Args<'_>) -> Result<Answer, Stop> {
        let command = Command::Matrix;
        let ids = a.strs("plans")?;
        let l = self.load(command, &ids, true)?;
        let opts = self.weigh(command, &l, a)?;
        let mut reports = Vec::new();
        for p in &l.ws.plans {
            match crate::check::check(&l.ws.rules, p, &opts) {
                Ok(r) => reports.push(r),
                Err(e) => return Ok(failed(command, &l.ws, vec![e.diagnostic()])),
            }
        }
        let pairs: Vec<_> = l.ws.plans.iter().zip(reports.iter()).collect();
        let Some(matrix) = matrix_of(&l.ws, &pairs, &opts.parties) else {
            return Ok(failed(
                command,
                &l.ws,
                vec![Diagnostic::new(Code::BadArgument, "no plans to show")
                    .help("put plan files in `proposals/`, or name one")],
            ));
        };
        Ok(l.answer(command, Body::Matrix { matrix }, Some(&opts)))
    }

    fn timeline(&self, a: &Args<'_>) -> Result<Answer, Stop> {
        let command = Command::Timeline;
        let ids = a.strs("plans")?;
        let l = self.load(command, &ids, true)?;
        let opts = self.weigh(command, &l, a)?;
        let day = |key: &str| -> Result<Option<Date>, Refusal> {
            match a.str(key)? {
                None => Ok(None),
                Some(t) => Date::parse(t).map(Some).ok_or_else(|| {
                    Refusal::new(
                        Code::BadArgument,
                        format!("`{key}` `{}` is not a date: write YYYY-MM-DD", visible(t)),
                    )
                }),
            }
        };
        let (from, to) = (day("from")?, day("to")?);
        let Some(to) = to.or(opts.as_of) else {
            return Ok(failed(command, &l.ws, Vec::new()));
        };
        if let Some(from) = from.filter(|f| to < *f) {
            return Err(Stop::Failed(failed(
                command,
                &l.ws,
                vec![Diagnostic::new(
                    Code::BadArgument,
                    format!("the window ends ({to}) before it starts ({from})"),
                )
                .help("give `from` a day before `to`")],
            )));
        }

        if l.ws.plans.is_empty() {
            return Ok(failed(
                command,
                &l.ws,
                vec![Diagnostic::new(Code::BadArgument, "no plans to follow")],
            ));
        }
        let plans: Vec<&Plan> = l.ws.plans.iter().collect();
        let t = match from {
            Some(from) => crate::check::timeline(
                &l.ws.rules,
                &plans,
                &crate::check::TimelineOptions {
                    from,
                    to,
                    parties: opts.parties.clone(),
                    basis: opts.basis,
                },
            ),
            None => crate::check::timeline_to(&l.ws.rules, &plans, &opts.parties, opts.basis, to),
        };
        let t = match t {
            Ok(t) => t,
            Err(e) => return Ok(failed(command, &l.ws, vec![e.diagnostic()])),
        };
        let view = timeline_view(&l.ws, &plans, &t, &opts.parties);
        let mut doc = Document::new(command, Body::Timeline(view));
        doc.basis = Some(opts.basis);
        doc.diagnostics = diagnostic_views(&l.ws.files, &l.warnings);
        Ok(answer(doc, &l.ws, false))
    }

    fn coalitions(&self, a: &Args<'_>) -> Result<Answer, Stop> {
        let command = Command::Coalitions;
        let ids: Vec<String> = a.str("plan")?.map(str::to_string).into_iter().collect();
        let l = self.load(command, &ids, false)?;
        let opts = self.weigh(command, &l, a)?;
        let plan = l.ws.plans.first();
        let found = match crate::solve::coalitions(&l.ws.rules, &opts, plan) {
            Ok(c) => c,
            Err(e) => return Ok(failed(command, &l.ws, vec![e.diagnostic()])),
        };
        let view = coalitions_view(&l.ws, &found, plan);
        Ok(l.answer(command, Body::Coalitions(view), Some(&opts)))
    }
}

/// Why a call stops short of its answer: refused before any work, or
/// answered with the failed document (the input has errors).
enum Stop {
    Refused(Refusal),
    Failed(Answer),
}

impl From<Refusal> for Stop {
    fn from(r: Refusal) -> Stop {
        Stop::Refused(r)
    }
}

/// A workspace loaded for one call, its warnings, and the plan asked about.
struct Loaded {
    ws: Workspace,
    warnings: Vec<Diagnostic>,
    plan: usize,
}

impl Loaded {
    fn answer(&self, command: Command, body: Body, opts: Option<&CheckOptions>) -> Answer {
        let mut doc = Document::new(command, body);
        if let Some(o) = opts {
            if let Some(d) = o.as_of {
                doc = doc.weighed(d, o.basis);
            }
        }
        doc.diagnostics = diagnostic_views(&self.ws.files, &self.warnings);
        answer(doc, &self.ws, false)
    }
}

fn answer(doc: Document, ws: &Workspace, failed: bool) -> Answer {
    let style = Style {
        color: false,
        width: 100,
    };
    let json = report::render(&doc, &ws.files, Format::Json, style).stdout;
    // Diagnostics read best with their source line and help (the human
    // format); findings, one line each (the concise format).
    let short = if doc.diagnostics.is_empty()
        && doc
            .command
            .formats()
            .iter()
            .any(|o| o.format == Format::Concise)
    {
        Format::Concise
    } else {
        Format::Human
    };
    let r = report::render(&doc, &ws.files, short, style);
    let mut summary = format!("{}{}", r.stdout, r.stderr);
    if summary.trim().is_empty() {
        // Nothing to list (a clean lint): the human format's one line.
        let r = report::render(&doc, &ws.files, Format::Human, style);
        summary = format!("{}{}", r.stdout, r.stderr);
    }
    Answer {
        json: serde_json::from_str(&json).unwrap_or(Value::Null),
        summary,
        failed,
        text: None,
    }
}

/// The failed document of `command` holding `diags`.
fn failed(command: Command, ws: &Workspace, mut diags: Vec<Diagnostic>) -> Answer {
    if diags.is_empty() {
        diags.push(Diagnostic::new(Code::Internal, "no plan was loaded"));
    }
    sort_diagnostics(&mut diags);
    let doc = Document::failed(command, diagnostic_views(&ws.files, &diags));
    answer(doc, ws, true)
}

#[derive(Serialize)]
struct Vocabulary {
    terms: Vec<TermInfo>,
    parties: Vec<PartyInfo>,
}

#[derive(Serialize)]
struct TermInfo {
    id: String,
    about: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<[i64; 2]>,
    status_quo: Option<String>,
    owners: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    signed_by: Option<String>,
    defined_at: LocView,
    read_by: Vec<ReadBy>,
}

#[derive(Serialize)]
struct ReadBy {
    red_line: String,
    party: String,
    at: LocView,
}

#[derive(Serialize)]
struct PartyInfo {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    members: Vec<String>,
}
