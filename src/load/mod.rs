//! Loading a workspace: TOML files → validated [`model`](crate::model),
//! collecting every mistake as a [`Diagnostic`] instead of stopping at the first.
//!
//! Files come from a [`Files`] source: a folder on disk ([`Dir`]) or a map
//! in memory ([`Memory`]); [`load`] reads a whole workspace from either, and
//! [`load_workspace`] is `load(&Dir::new(root))`.

mod doc;
mod files;
mod plan;
mod reader;
mod red_lines;
mod rules;
pub mod scenario;
mod settings;

pub use crate::model::Workspace;
pub use files::{normalize, Dir, Files, Memory, ReadError};

pub use reader::At;

use crate::diagnostic::{self, did_you_mean, Code, Diagnostic, Level};
use crate::model::{FileId, Loc, Plan, Rules, SourceMap};
use doc::Table as DocTable;
use reader::Sink;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::de::DeTable;

/// The index of the plan of `ws` loaded from the file at `path`, whichever
/// path named it.
pub fn plan_loaded_from(ws: &Workspace, files: &dyn Files, path: &Path) -> Option<usize> {
    let want = files.identity(path);
    ws.plans
        .iter()
        .position(|p| files.identity(&ws.files.get(p.file).path) == want)
}

/// The result of loading: the workspace (as much as could be understood)
/// and every diagnostic, sorted by location.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The workspace, as much of it as could be understood.
    pub workspace: Workspace,
    /// Every mistake found, sorted by location.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Whether any diagnostic is an error (not just a warning).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Error)
    }
}

/// Load `rules/`, `redline.toml` and every plan in `proposals/` from `files`.
pub fn load(files: &dyn Files) -> Loaded {
    let plans = files.toml_files(Path::new("proposals"));
    load_with_plans(files, &plans)
}

/// Load `rules/` and `redline.toml` from `files`, and only the plans at
/// `plans` (which may lie outside `proposals/`).
pub fn load_with_plans(files: &dyn Files, plans: &[PathBuf]) -> Loaded {
    let mut loader = Loader::new(files);
    loader.load(plans, None);
    loader.finish()
}

/// The id of each plan in `proposals/`, read without the vocabulary: one
/// pass of the TOML parser per file, for its top-level `id`. A file that
/// cannot be read or parsed, or has no id, is left out (loading it says
/// why). For naming plans by id, and for choosing an id no plan has.
pub fn plan_ids(files: &dyn Files) -> Vec<(PathBuf, String)> {
    files
        .toml_files(Path::new("proposals"))
        .into_iter()
        .filter_map(|path| {
            let text = files.read(&path).ok()?;
            let mut sink = Sink::default();
            let table = parse_file(FileId::default(), &text, &mut sink)?;
            let id = table.get("id")?.get_ref().as_str()?.to_string();
            Some((path, id))
        })
        .collect()
}

/// `base`, or `base-2`, `base-3`, ...: the first that no plan in
/// `proposals/` has as its id.
pub fn unused_plan_id(files: &dyn Files, base: &str) -> String {
    let taken: Vec<String> = plan_ids(files).into_iter().map(|(_, id)| id).collect();
    (1..)
        .map(|n| match n {
            1 => base.to_string(),
            n => format!("{base}-{n}"),
        })
        .find(|id| !taken.contains(id))
        .unwrap_or_else(|| base.to_string())
}

/// Load the rules and the plans that `args` name, each a plan file (as
/// given, or under `proposals/`, with or without `.toml`) or a plan id
/// (every proposal when `args` is empty): the one way the command line
/// loads plans. An argument that names no plan is a `bad-argument`
/// diagnostic, with a did-you-mean among the workspace's plan ids.
pub fn load_named(files: &dyn Files, args: &[String]) -> Loaded {
    if args.is_empty() {
        return load(files);
    }
    let mut paths = Vec::new();
    let mut unknown = Vec::new();
    let mut ids: Option<Vec<(PathBuf, String)>> = None;
    for arg in args {
        let p = Path::new(arg);
        let candidates = [
            p.to_path_buf(),
            Path::new("proposals").join(p),
            Path::new("proposals").join(format!("{arg}.toml")),
        ];
        match candidates.into_iter().find(|c| files.is_file(c)) {
            Some(path) => paths.push(path),
            None => {
                let known = ids.get_or_insert_with(|| plan_ids(files));
                match known.iter().find(|(_, id)| id == arg) {
                    Some((path, _)) => paths.push(path.clone()),
                    None => unknown.push(arg.clone()),
                }
            }
        }
    }
    let mut loaded = load_with_plans(files, &paths);
    for arg in unknown {
        let known: Vec<String> = ids.iter().flatten().map(|(_, id)| id.clone()).collect();
        loaded.diagnostics.push(
            Diagnostic::new(
                Code::BadArgument,
                format!("no plan file or plan id `{arg}`"),
            )
            .maybe_help(
                did_you_mean(&arg, known.iter().map(String::as_str)).or_else(|| {
                    (!known.is_empty())
                        .then(|| format!("plans in this workspace: {}", known.join(", ")))
                }),
            ),
        );
    }
    diagnostic::sort(&mut loaded.diagnostics);
    loaded
}

/// Load the workspace in the folder `root` (see [`load`]).
pub fn load_workspace(root: &Path) -> Loaded {
    load(&Dir::new(root))
}

/// Parse one plan's text against already-loaded rules (used by scenarios,
/// `diff`, and the check of a rewritten plan).
pub fn load_plan_text(
    ws: &mut Workspace,
    name: &str,
    path: &Path,
    text: String,
) -> (Option<usize>, Vec<Diagnostic>) {
    let mut sink = Sink::default();
    let file = ws
        .files
        .add(name.to_string(), path.to_path_buf(), text.clone());
    let plan =
        parse_file(file, &text, &mut sink).and_then(|t| plan::plan(&ws.rules, file, &t, &mut sink));
    let idx = plan.map(|p| {
        ws.plans.push(p);
        ws.plans.len() - 1
    });
    let mut diags = sink.diags;
    diagnostic::sort(&mut diags);
    (idx, diags)
}

/// Parse a plan's text against `rules` alone, on a source map of its own
/// (for checking a rewritten plan before it is written; locations in the
/// diagnostics refer to that map, so only their messages are of use).
pub fn plan_from_text(rules: &Rules, name: &str, text: &str) -> (Option<Plan>, Vec<Diagnostic>) {
    let mut sink = Sink::default();
    let mut map = SourceMap::default();
    let file = map.add(name.to_string(), PathBuf::from(name), text.to_string());
    let plan =
        parse_file(file, text, &mut sink).and_then(|t| plan::plan(rules, file, &t, &mut sink));
    let mut diags = sink.diags;
    diagnostic::sort(&mut diags);
    (plan, diags)
}

/// `cannot read `x`: why`, as a diagnostic: `path-outside` for a link out
/// of the workspace, `io` otherwise.
fn unreadable(name: &str, e: &ReadError) -> Diagnostic {
    let code = match e {
        ReadError::Outside => Code::PathOutside,
        _ => Code::Io,
    };
    Diagnostic::new(code, format!("cannot read `{name}`: {e}"))
}

/// The label on a file that is there but cannot be used.
fn unusable_label(e: &ReadError) -> &'static str {
    match e {
        ReadError::Dangling(_) => "a symbolic link that leads nowhere",
        ReadError::Outside => "a symbolic link out of the workspace",
        ReadError::NotRegular => "not a regular file",
        ReadError::TooLarge(_) => "too large",
        ReadError::NotFound | ReadError::Other(_) => "cannot be read",
    }
}

/// What to do about a file that is there but cannot be used.
fn unusable_help(e: &ReadError) -> String {
    match e {
        ReadError::Dangling(_) => "redline does not skip it, since that would silently drop what it holds: restore the file it points to, or remove the link".to_string(),
        ReadError::Outside => "a workspace file must lie inside the workspace, so that a workspace from elsewhere cannot make redline read (and print) files outside it: copy the file in, or remove the link".to_string(),
        ReadError::NotRegular => "only regular files are read: a `.toml` folder, FIFO or device in the workspace is refused rather than skipped; rename or remove it".to_string(),
        ReadError::TooLarge(_) => format!("split the file, or remove it: redline reads files up to {} MiB", files::MAX_FILE_BYTES / 1024 / 1024),
        ReadError::NotFound | ReadError::Other(_) => "check that the file can be read".to_string(),
    }
}

/// Parse TOML, reporting every syntax error; `None` if the file is unusable.
///
/// Plain files take the fast parser ([`doc::parse_plain`]); anything else,
/// and every file with a syntax error, is read by the `toml` crate.
fn parse_file<'i>(file: FileId, text: &'i str, sink: &mut Sink) -> Option<DocTable<'i>> {
    if let Some(t) = doc::parse_plain(text) {
        return Some(t);
    }
    let (table, errors) = DeTable::parse_recoverable(text);
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().trim_end_matches('.').to_string();
        let first = message.lines().next().unwrap_or("invalid TOML").to_string();
        let d = Diagnostic::new(Code::TomlSyntax, format!("invalid TOML: {first}"));
        // A multi-line string left open runs to the end of the file, where
        // `toml` reports it: point at where it opens as well.
        let at_end = text
            .get(span.start..)
            .is_some_and(|rest| rest.trim().is_empty());
        let opened = at_end.then(|| unclosed_multi_line(text)).flatten();
        let last = text.trim_end().len();
        sink.push(match opened {
            Some((at, quotes)) => d
                .at(
                    reader::loc(file, at..at + 3),
                    Some("this string is never closed".to_string()),
                )
                // At the last character, not past the final newline,
                // where no line is left to draw it on.
                .at(
                    reader::loc(file, last..last),
                    Some("the file ends inside it".to_string()),
                )
                .help(format!("end the string with `{quotes}`")),
            None => d.at(reader::loc(file, span), None),
        });
    }
    // A file with syntax errors is still read as far as it parsed, so that
    // later mistakes are reported in the same run.
    Some(doc::from_toml(table.into_inner()))
}

/// Where the multi-line string that `text` leaves open begins, and its
/// quotes. `toml`'s own lexer finds the strings (a string left open runs to
/// the end of the file); one that reaches the end without its closing
/// quotes is open.
fn unclosed_multi_line(text: &str) -> Option<(usize, &'static str)> {
    use toml_parser::lexer::TokenKind;
    let (start, quotes) = toml_parser::Source::new(text)
        .lex()
        .filter(|t| t.span().end() == text.len())
        .find_map(|t| match t.kind() {
            TokenKind::MlBasicString => Some((t.span().start(), "\"\"\"")),
            TokenKind::MlLiteralString => Some((t.span().start(), "'''")),
            _ => None,
        })?;
    let string = text.get(start..)?;
    let closed = string.len() >= 6 && string.ends_with(quotes);
    (!closed).then_some((start, quotes))
}

/// Whether the fast TOML parser reads `text` as the `toml` crate does:
/// `Ok(true)` when it read it and the trees (spans included) agree,
/// `Ok(false)` when it left the text to `toml`, `Err` with both trees when
/// they differ or when it accepted a text `toml` rejects. For the
/// differential tests and the `toml` fuzz target.
#[doc(hidden)]
pub fn plain_toml_agrees(text: &str) -> Result<bool, String> {
    let Some(plain) = doc::parse_plain(text) else {
        return Ok(false);
    };
    let (reference, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(format!(
            "the plain parser accepted {text:?}, which toml rejects: {errors:?}"
        ));
    }
    let reference = doc::from_toml(reference.into_inner());
    if plain != reference {
        return Err(format!(
            "trees differ for {text:?}\nplain: {plain:#?}\ntoml: {reference:#?}"
        ));
    }
    Ok(true)
}

/// From this many bytes of TOML in all, a second thread parses files ahead
/// of the loader and a third reads the plans. Below it the threads cost
/// more than they save: with the builds interleaved (`benches/ab.py`),
/// `amend` at 1,000 generated terms (330 KB) was 4-9% slower with them and
/// at 2,000 (650 KB) within noise either way, where `lint` at 5,000 terms
/// (1.2 MB) was 10-14% faster at the median.
const PARSE_AHEAD_FROM: usize = 1024 * 1024;

/// A file's tree, and its syntax errors.
fn parse_part(read: &Option<Text>) -> Parsed<'_> {
    let mut sink = Sink::default();
    let tree = read
        .as_ref()
        .and_then(|(f, text)| parse_file(*f, text, &mut sink));
    (tree, sink)
}

/// What a file of the rules holds (plans are read apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sources,
    Parties,
    Terms,
    RedLines,
    Settings,
}

/// A file read: its id in the source map, and its text.
type Text = (FileId, Arc<str>);

/// A file's tree (none when it could not be read or parsed), and its syntax errors.
type Parsed<'i> = (Option<DocTable<'i>>, Sink);

/// Read a file of the rules' own: sources, parties or terms.
fn basic_rules(
    rules: &mut Rules,
    files: &SourceMap,
    sink: &mut Sink,
    part: Part,
    file: Option<FileId>,
    tree: Option<DocTable<'_>>,
) {
    let (Some(f), Some(t)) = (file, tree) else {
        if part == Part::Terms && file.is_none() {
            rules.broken_terms.all = true;
        }
        return;
    };
    match part {
        Part::Sources => rules::sources(rules, f, &t, sink),
        Part::Parties => rules::parties(rules, f, &t, sink),
        Part::Terms => rules::terms(rules, files, f, &t, sink),
        Part::RedLines | Part::Settings => {}
    }
}

struct Loader<'f> {
    files: &'f dyn Files,
    ws: Workspace,
    sink: Sink,
}

impl<'f> Loader<'f> {
    fn new(files: &'f dyn Files) -> Loader<'f> {
        Loader {
            files,
            ws: Workspace::default(),
            sink: Sink::default(),
        }
    }

    /// Read a file into the source map. `None` (with a diagnostic, when the
    /// file is required or exists) if unreadable.
    fn read(&mut self, path: &Path, required: bool) -> Option<Text> {
        let name = self.files.display(path);
        match self.files.read(path) {
            Ok(text) => {
                let id = self.ws.files.add(name, path.to_path_buf(), text);
                Some((id, self.ws.files.get(id).text.clone()))
            }
            Err(e) => {
                if required || e != ReadError::NotFound {
                    let d = unreadable(&name, &e);
                    self.sink.push(match e {
                        ReadError::NotFound => d.help(
                            "a workspace has `rules/terms.toml` and `rules/parties.toml` (and usually `rules/sources.toml` and `proposals/`); pass `-C DIR` to point at one",
                        ),
                        // The file is there but cannot be used: point at it,
                        // since skipping it would drop what it holds.
                        e => {
                            let file = self.ws.files.add(name, path.to_path_buf(), String::new());
                            d.at(file_start(file), Some(unusable_label(&e).to_string()))
                                .help(unusable_help(&e))
                        }
                    });
                }
                None
            }
        }
    }

    /// Read every file of the workspace (the rules, `redline.toml`, then
    /// `plans`), in that order, into the source map; then parse each and
    /// read what it holds: sources, parties and terms, then the red lines
    /// and, against the rules as they stand before any red line (plans
    /// read none), the plans. On a large workspace a second thread parses
    /// the rules' TOML ahead of the file being read, and a third reads the
    /// plans while the red lines are read; each file's syntax errors travel
    /// with its tree and are reported in file order, so the diagnostics, the
    /// file ids and the workspace are the same either way.
    ///
    /// `ahead` chooses the second thread (tests compare both ways); by
    /// default it is used from [`PARSE_AHEAD_FROM`] bytes.
    fn load(&mut self, plans: &[PathBuf], ahead: Option<bool>) {
        let mut parts: Vec<(Part, Option<Text>)> = Vec::new();
        let rules_dir = Path::new("rules");
        if self.files.is_dir(rules_dir) {
            // Sources and parties first: terms name owners, red lines name
            // both. Sources are optional: only red lines and plans that
            // cite one need them.
            parts.push((
                Part::Sources,
                self.read(&rules_dir.join("sources.toml"), false),
            ));
            parts.push((
                Part::Parties,
                self.read(&rules_dir.join("parties.toml"), true),
            ));
            parts.push((Part::Terms, self.read(&rules_dir.join("terms.toml"), true)));
            for path in self.files.toml_files(rules_dir) {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                if !matches!(stem.as_str(), "terms" | "parties" | "sources") {
                    parts.push((Part::RedLines, self.read(&path, true)));
                }
            }
            parts.push((Part::Settings, self.read(Path::new("redline.toml"), false)));
        } else {
            let shown = match self.files.display(Path::new("")) {
                n if n.is_empty() => ".".to_string(),
                n => n,
            };
            self.sink.push(
                Diagnostic::new(Code::Io, format!("no `rules/` folder in `{shown}`"))
                    .help("run redline inside a workspace, or pass `-C DIR` to point at one"),
            );
        }
        let plan_texts: Vec<Option<Text>> = plans.iter().map(|p| self.read(p, true)).collect();
        let bytes: usize = (parts.iter().map(|(_, read)| read))
            .chain(&plan_texts)
            .flatten()
            .map(|(_, t)| t.len())
            .sum();
        let ahead = ahead.unwrap_or(bytes >= PARSE_AHEAD_FROM);
        let (rule_parts, plan_texts) = (&parts, &plan_texts);
        let Loader { files, ws, sink } = self;
        // The rules as they are read, and apart from them until every file
        // is read, the red lines.
        let mut rules = Rules::default();
        let mut red = red_lines::Gathered::default();
        let mut settings_tree = None;
        let plans: Vec<(Option<Plan>, Sink)> = std::thread::scope(|scope| {
            // The rules' trees, in order: parsed ahead on a thread of their
            // own, or each when it is wanted.
            let (to_reader, parsed) = std::sync::mpsc::channel();
            if ahead {
                scope.spawn(move || {
                    for (_, text) in rule_parts {
                        // The reader stops listening only when it panics.
                        if to_reader.send(parse_part(text)).is_err() {
                            return;
                        }
                    }
                });
            }
            // `None` only when the parser panicked: the scope raises that
            // panic again as it ends.
            let next = |i: usize| -> Option<Parsed<'_>> {
                if ahead {
                    parsed.recv().ok()
                } else {
                    rule_parts.get(i).map(|(_, text)| parse_part(text))
                }
            };
            // Sources, parties and terms: the rules everything else is read against.
            let mut i = 0;
            while let Some((part @ (Part::Sources | Part::Parties | Part::Terms), read)) =
                rule_parts.get(i)
            {
                let Some((tree, s)) = next(i) else { break };
                sink.diags.extend(s.diags);
                let file = read.as_ref().map(|(f, _)| *f);
                basic_rules(&mut rules, &ws.files, sink, *part, file, tree);
                i += 1;
            }
            // Plans read no red line, so they are read against the rules
            // as they stand now: when parsing ahead, on a thread of their
            // own while the red lines are read here.
            let rules = &rules;
            let source_map = &ws.files;
            let read_plans = move || -> Vec<(Option<Plan>, Sink)> {
                plan_texts
                    .iter()
                    .map(|text| {
                        let (tree, mut s) = parse_part(text);
                        let plan = text
                            .as_ref()
                            .zip(tree)
                            .and_then(|((f, _), t)| plan::plan(rules, *f, &t, &mut s));
                        (plan, s)
                    })
                    .collect()
            };
            let plans_thread = ahead.then(|| scope.spawn(read_plans));
            while let Some((part, read)) = rule_parts.get(i) {
                let Some((tree, s)) = next(i) else { break };
                sink.diags.extend(s.diags);
                match (part, read, tree) {
                    (Part::RedLines, Some((f, _)), Some(t)) => {
                        red_lines::red_lines(rules, source_map, *f, &t, sink, &mut red)
                    }
                    (Part::Settings, Some((f, _)), Some(t)) => settings_tree = Some((*f, t)),
                    _ => {}
                }
                i += 1;
            }
            match plans_thread {
                Some(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => read_plans(),
            }
        });
        // Every red line is read: the rules are whole.
        rules.red_lines = red.red_lines;
        red_lines::resolve_readings(&mut rules, &red.readings, sink);
        ws.rules = rules;
        if let Some((f, t)) = settings_tree {
            ws.settings = settings::settings(&ws.rules, *files, f, &t, sink);
        }
        for (plan, s) in plans {
            sink.diags.extend(s.diags);
            let Some(p) = plan else { continue };
            if let Some(prev) = ws.plans.iter().find(|q| q.id == p.id) {
                sink.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!("two plans have the id `{}`", p.id),
                    )
                    .at(p.loc, Some("this plan".to_string()))
                    .at(prev.loc, Some("first defined here".to_string())),
                );
            }
            ws.plans.push(p);
        }
    }

    fn finish(self) -> Loaded {
        let mut diagnostics = self.sink.diags;
        diagnostic::sort(&mut diagnostics);
        Loaded {
            workspace: self.ws,
            diagnostics,
        }
    }
}

/// A location that covers nothing, for diagnostics about a whole file.
pub fn file_start(file: FileId) -> Loc {
    Loc {
        file,
        span: crate::model::Span::new(0, 0),
    }
}

/// One scenario file, read: the scenario, or the mistakes that keep it from
/// running (each file stands on its own, so one broken scenario does not
/// stop the others).
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    /// The path it was read from.
    pub path: PathBuf,
    /// The file's name as users see it.
    pub name: String,
    /// The scenario, or every diagnostic of the file (sorted) when it has an error.
    pub result: Result<scenario::Scenario, Vec<Diagnostic>>,
}

/// Read scenario files from `files` against the workspace's rules. Each
/// file is added to the workspace's source map so that diagnostics and
/// findings can point into it.
pub fn load_scenarios(
    ws: &mut Workspace,
    files: &dyn Files,
    paths: &[PathBuf],
) -> Vec<ScenarioFile> {
    let mut out = Vec::new();
    for path in paths {
        let mut sink = Sink::default();
        let name = files.display(path);
        let scenario = match files.read(path) {
            Ok(text) => {
                let file = ws.files.add(name.clone(), path.clone(), text.clone());
                parse_file(file, &text, &mut sink)
                    .and_then(|t| scenario::scenario(&ws.rules, files, file, path, &t, &mut sink))
            }
            Err(e) => {
                sink.push(unreadable(&name, &e));
                None
            }
        };
        let mut diags = sink.diags;
        diagnostic::sort(&mut diags);
        let errors = diags.iter().any(|d| d.level == Level::Error);
        let result = match scenario {
            Some(s) if !errors => Ok(s),
            _ => Err(diags),
        };
        out.push(ScenarioFile {
            path: path.clone(),
            name,
            result,
        });
    }
    out
}

/// Make sure the plan at `path` (read from `files`) is loaded; its index in `ws.plans`.
pub fn ensure_plan(
    ws: &mut Workspace,
    files: &dyn Files,
    path: &Path,
) -> (Option<usize>, Vec<Diagnostic>) {
    if let Some(i) = plan_loaded_from(ws, files, path) {
        return (Some(i), Vec::new());
    }
    let shown = files.display(path);
    match files.read(path) {
        Ok(text) => load_plan_text(ws, &shown, path, text),
        Err(e) => (None, vec![unreadable(&shown, &e)]),
    }
}

/// Clause conflicts in a plan, then (when its clauses agree) whether it is
/// coherent (used after amending a plan).
pub fn plan_conflicts(rules: &Rules, plan: &Plan) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    plan::conflicts(rules, &plan.clauses, &mut sink);
    if sink.diags.is_empty() {
        sink.diags = plan::incoherence(rules, plan);
    }
    sink.diags
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::unclosed_multi_line;

    /// A value listed twice is found in a short list (a scan) and in a
    /// long one (a map), pointing at its first listing.
    #[test]
    fn a_value_listed_twice_is_found_in_short_and_long_lists() {
        for n in [4, 40] {
            let mut values: Vec<String> = (0..n).map(|i| format!("\"v{i}\"")).collect();
            values.push("\"v2\"".to_string());
            let terms = format!("[[term]]\nid = \"t.x\"\nvalues = [{}]\n", values.join(", "));
            let files = crate::load::Memory::new()
                .with("rules/terms.toml", terms.as_str())
                .with("rules/parties.toml", "[[party]]\nid = \"p\"\n");
            let loaded = super::load(&files);
            let d = &loaded.diagnostics;
            assert_eq!(d.len(), 1, "{n}: {d:?}");
            assert_eq!(d[0].message, "value `v2` is listed twice in `t.x`");
            let first = terms.find("\"v2\"").unwrap();
            let again = terms.rfind("\"v2\"").unwrap();
            assert_eq!(d[0].labels[0].loc.span.start, again, "{n}");
            assert_eq!(d[0].labels[1].loc.span.start, first, "{n}");
        }
    }

    /// Parsing ahead on a second thread changes nothing: the same
    /// workspace, file ids and diagnostics as parsing in turn, on the
    /// shipped workspace and on one with a syntax error, an unknown key, a
    /// red line repeated across a party's files, a missing `terms.toml`
    /// and a broken plan.
    #[test]
    fn parsing_ahead_reads_the_workspace_as_parsing_in_turn() {
        use super::{Dir, Files, Loader, Memory};
        use std::path::Path;
        let both = |files: &dyn Files| {
            let plans = files.toml_files(Path::new("proposals"));
            let [a, b] = [false, true].map(|ahead| {
                let mut loader = Loader::new(files);
                loader.load(&plans, Some(ahead));
                format!("{:#?}", loader.finish())
            });
            assert_eq!(a, b);
            a
        };
        let shipped = both(&Dir::new(env!("CARGO_MANIFEST_DIR")));
        assert!(shipped.contains("us-russia-28-point"));
        let broken = Memory::new()
            .with("rules/parties.toml", "[[party]]\nid = \"p\"\n[[party]]\nid = \"q\"\n")
            .with(
                "rules/terms.toml",
                "[[term]]\nid = \"t.x\"\ndefault = false\n[[term]]\nid = \"t.y\"\nvalues = [\"a\", \"b\"]\n",
            )
            .with("rules/p1.toml", "party = \"p\"\n[[red_line]]\nid = \"r\"\nforbid = \"t.x\"\n")
            .with("rules/p2.toml", "party = \"p\"\n[[red_line]]\nid = \"r\"\nforbid = \"t.y == 'a'\"\ncolour = \"red\"\n")
            .with("rules/q.toml", "party = \"q\"\n[[red_line]\nid = \"s\"\n")
            .with("proposals/a.toml", "id = \"a\"\n[[clause]]\nid = \"c\"\nset = { \"t.x\" = true, \"t.z\" = 1 }\n")
            .with("proposals/b.toml", "id = \"a\"\n[[clause]]\nid = \"c\"\nset = { \"t.y\" = \"b\" }\n");
        let read = both(&broken);
        for expected in [
            "defined twice",
            "invalid TOML",
            "colour",
            "unknown term `t.z`",
            "two plans have the id",
        ] {
            assert!(read.contains(expected), "{expected}: {read}");
        }
        let without_terms = Memory::new()
            .with("rules/parties.toml", "[[party]]\nid = \"p\"\n")
            .with(
                "rules/p.toml",
                "party = \"p\"\n[[red_line]]\nid = \"r\"\nforbid = \"t.x\"\n",
            );
        assert!(both(&without_terms).contains("terms.toml"));
    }

    #[test]
    fn the_multi_line_string_left_open_is_found_where_it_opens() {
        let open = |t: &str| unclosed_multi_line(t).map(|(at, _)| at);
        assert_eq!(open("a = \"\"\"x\nb = 1\n"), Some(4));
        assert_eq!(open("a = '''x\nb = 1\n"), Some(4));
        // Closed strings, with escaped quotes and up to two quotes before
        // the closing three, leave nothing open.
        assert_eq!(open("a = \"\"\"x \\\"\"\" y\"\"\"\nb = 1\n"), None);
        assert_eq!(open("a = \"\"\"x\"\"\"\"\"\nb = '''y''''\n"), None);
        // Quotes in comments and in one-line strings open nothing.
        assert_eq!(open("# say \"\"\" here\na = \"'''\"\nb = '\"\"\"'\n"), None);
        // The string that stays open is the later one.
        assert_eq!(open("a = \"\"\"x\"\"\"\nb = \"\"\"y\n"), Some(16));
        assert_eq!(
            unclosed_multi_line("a = '''x\n").map(|(_, q)| q),
            Some("'''")
        );
    }
}
