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
    let mut loader = Loader::new(files);
    loader.load_rules();
    for path in files.toml_files(Path::new("proposals")) {
        loader.load_plan(&path);
    }
    loader.finish()
}

/// Load `rules/` and `redline.toml` from `files`, and only the plans at
/// `plans` (which may lie outside `proposals/`).
pub fn load_with_plans(files: &dyn Files, plans: &[PathBuf]) -> Loaded {
    let mut loader = Loader::new(files);
    loader.load_rules();
    for path in plans {
        loader.load_plan(path);
    }
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
    fn read(&mut self, path: &Path, required: bool) -> Option<(FileId, std::sync::Arc<str>)> {
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

    fn load_rules(&mut self) {
        let rules_dir = Path::new("rules");
        if !self.files.is_dir(rules_dir) {
            let shown = match self.files.display(Path::new("")) {
                n if n.is_empty() => ".".to_string(),
                n => n,
            };
            self.sink.push(
                Diagnostic::new(Code::Io, format!("no `rules/` folder in `{shown}`"))
                    .help("run redline inside a workspace, or pass `-C DIR` to point at one"),
            );
            return;
        }
        let mut rules = Rules::default();
        // Sources and parties first: terms name owners, red lines name both.
        // Optional: only red lines and plans that cite a source need it.
        if let Some((f, text)) = self.read(&rules_dir.join("sources.toml"), false) {
            if let Some(t) = parse_file(f, &text, &mut self.sink) {
                rules::sources(&mut rules, f, &t, &mut self.sink);
            }
        }
        if let Some((f, text)) = self.read(&rules_dir.join("parties.toml"), true) {
            if let Some(t) = parse_file(f, &text, &mut self.sink) {
                rules::parties(&mut rules, f, &t, &mut self.sink);
            }
        }
        match self.read(&rules_dir.join("terms.toml"), true) {
            Some((f, text)) => {
                if let Some(t) = parse_file(f, &text, &mut self.sink) {
                    rules::terms(&mut rules, &self.ws.files, f, &t, &mut self.sink);
                }
            }
            None => rules.broken_terms.all = true,
        }
        // Each party's red lines read so far, for ids repeated across its files.
        let mut earlier = rustc_hash::FxHashMap::default();
        let mut readings = Vec::new();
        for path in self.files.toml_files(rules_dir) {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            if matches!(stem.as_str(), "terms" | "parties" | "sources") {
                continue;
            }
            if let Some((f, text)) = self.read(&path, true) {
                if let Some(t) = parse_file(f, &text, &mut self.sink) {
                    red_lines::red_lines(
                        &mut rules,
                        &self.ws.files,
                        f,
                        &t,
                        &mut self.sink,
                        &mut earlier,
                        &mut readings,
                    );
                }
            }
        }
        red_lines::resolve_readings(&mut rules, &readings, &mut self.sink);
        self.ws.rules = rules;
        if let Some((f, text)) = self.read(Path::new("redline.toml"), false) {
            if let Some(t) = parse_file(f, &text, &mut self.sink) {
                self.ws.settings =
                    settings::settings(&self.ws.rules, self.files, f, &t, &mut self.sink);
            }
        }
    }

    fn load_plan(&mut self, path: &Path) {
        let Some((f, text)) = self.read(path, true) else {
            return;
        };
        if let Some(t) = parse_file(f, &text, &mut self.sink) {
            if let Some(p) = plan::plan(&self.ws.rules, f, &t, &mut self.sink) {
                if let Some(prev) = self.ws.plans.iter().find(|q| q.id == p.id) {
                    self.sink.push(
                        Diagnostic::new(
                            Code::DuplicateId,
                            format!("two plans have the id `{}`", p.id),
                        )
                        .at(p.loc, Some("this plan".to_string()))
                        .at(prev.loc, Some("first defined here".to_string())),
                    );
                }
                self.ws.plans.push(p);
            }
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
