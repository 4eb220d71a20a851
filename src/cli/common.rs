//! What every command shares: the workspace, options, output and exit codes.

use super::{BasisArg, Cli, ColorArg, Exit, FailOn, Gate, Weigh};
use redline::report::view::diagnostic_views;
use redline::report::{self, Body, Command, Document, Format, Style};
use redline::{
    BasisFilter, CheckOptions, Date, Diagnostic, Dir, Level, Loaded, Plan, Report, SourceMap,
    Verdict, Workspace,
};
use std::io::{IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether writing to stdout or stderr failed (a closed pipe, a full disk):
/// the command then ends with exit 2, quietly.
static OUTPUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Whether some output could not be written.
pub fn output_failed() -> bool {
    OUTPUT_FAILED.load(Ordering::Relaxed)
}

/// Write `bytes` to stdout (or stderr); a failure is remembered, never a panic.
pub fn put(bytes: &[u8], to_stderr: bool) {
    if bytes.is_empty() {
        return;
    }
    let ok = if to_stderr {
        let mut e = std::io::stderr().lock();
        e.write_all(bytes).and_then(|_| e.flush()).is_ok()
    } else {
        let mut o = std::io::stdout().lock();
        o.write_all(bytes).and_then(|_| o.flush()).is_ok()
    };
    if !ok {
        OUTPUT_FAILED.store(true, Ordering::Relaxed);
    }
}
use std::path::PathBuf;

/// The workspace folder and how output looks: what every command needs.
pub struct Context {
    /// The workspace folder.
    pub root: PathBuf,
    /// Its files on disk.
    pub files: Dir,
    /// Colour and width of human output.
    pub style: Style,
}

impl Context {
    pub fn new(cli: &Cli) -> Context {
        let root = cli.workspace.clone().unwrap_or_else(|| PathBuf::from("."));
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match cli.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => !no_color && std::io::stdout().is_terminal(),
        };
        Context {
            files: Dir::new(&root),
            root,
            style: Style {
                color,
                width: width(),
            },
        }
    }

    /// A session of `command`, writing `format`.
    pub fn session(&self, command: Command, format: impl Into<Format>) -> Session<'_> {
        Session {
            ctx: self,
            command,
            format: format.into(),
            warnings: Vec::new(),
        }
    }
}

/// One command's run: where its documents go and in which format.
pub struct Session<'a> {
    pub ctx: &'a Context,
    pub command: Command,
    pub format: Format,
    /// Warnings from loading, carried in the command's document.
    warnings: Vec<Diagnostic>,
}

impl Session<'_> {
    /// Load the rules and the plans named (every proposal when none is).
    /// On any error, write the failed document and stop with exit 2; keep
    /// warnings for the command's own document.
    ///
    /// The workspace is never freed: a command runs once and exits, and the
    /// operating system takes its memory back at once, where freeing every
    /// string and table of a large workspace one by one took 3% of `lint`'s
    /// instructions at 5,000 terms, at the very end of the run (`benches/ab.py`
    /// on that `lint`: median 0.96, fastest 0.92 of the time with the drop).
    pub fn load(&mut self, plans: &[String]) -> Result<ManuallyDrop<Workspace>, Exit> {
        let Loaded {
            workspace,
            diagnostics,
        } = redline::load_named(&self.ctx.files, plans);
        if diagnostics.iter().any(|d| d.level == Level::Error) {
            return Err(self.fail(&workspace.files, diagnostics));
        }
        self.warnings.extend(diagnostics);
        Ok(ManuallyDrop::new(workspace))
    }

    /// Write a failed document holding `diags` and return exit 2.
    pub fn fail(&self, files: &SourceMap, mut diags: Vec<Diagnostic>) -> Exit {
        redline::sort_diagnostics(&mut diags);
        let doc = Document::failed(self.command, diagnostic_views(files, &diags));
        self.write(doc, files);
        Exit::BadInput
    }

    /// [`Session::fail`] with one diagnostic.
    pub fn fail_one(&self, files: &SourceMap, d: Diagnostic) -> Exit {
        self.fail(files, vec![d])
    }

    /// What a check or the solver weighs: the date (`--as-of`, else `as_of`
    /// in redline.toml, else today), the parties (`--party`, else `parties`
    /// in redline.toml), the basis. Exit 2 with a diagnostic on a bad date
    /// or an unknown party.
    pub fn weigh(&self, ws: &Workspace, w: &Weigh) -> Result<CheckOptions, Exit> {
        let basis = match w.basis {
            BasisArg::Any => BasisFilter::Any,
            BasisArg::Statement => BasisFilter::Statement,
        };
        redline::weigh(ws, w.as_of.as_deref(), &w.party, basis, today())
            .map_err(|diags| self.fail(&ws.files, diags))
    }

    /// Load the plans named (every proposal when none is), weigh `w`, and
    /// check every plan loaded: the workspace, the options and one report
    /// per plan, in order.
    pub fn load_and_check(
        &mut self,
        plans: &[String],
        w: &Weigh,
    ) -> Result<(ManuallyDrop<Workspace>, CheckOptions, Vec<Report>), Exit> {
        let ws = self.load(plans)?;
        let opts = self.weigh(&ws, w)?;
        let reports = ws
            .plans
            .iter()
            .map(|p| self.check(&ws, p, &opts))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((ws, opts, reports))
    }

    /// Check `plan`; a solver failure is an `internal` diagnostic and exit 2.
    pub fn check(&self, ws: &Workspace, plan: &Plan, opts: &CheckOptions) -> Result<Report, Exit> {
        redline::check(&ws.rules, plan, opts).map_err(|e| self.fail_one(&ws.files, e.diagnostic()))
    }

    /// A document for this command holding `body`, weighed with `opts`
    /// when given, with the warnings from loading.
    pub fn document(&self, ws: &Workspace, body: Body, opts: Option<&CheckOptions>) -> Document {
        let mut doc = Document::new(self.command, body);
        if let Some(o) = opts {
            doc = doc.weighed(o.as_of.unwrap_or_else(today), o.basis);
        }
        doc.diagnostics = diagnostic_views(&ws.files, &self.warnings);
        doc
    }

    /// Render `doc` and write it: the answer to stdout, human diagnostics
    /// to stderr. A closed pipe on either is not an error, and never a panic.
    pub fn write(&self, doc: Document, files: &SourceMap) {
        let out = report::render_owned(doc, files, self.format, self.ctx.style);
        put(out.stderr.as_bytes(), true);
        put(out.stdout.as_bytes(), false);
    }
}

/// The width human output wraps at: `COLUMNS`, else the terminal's, else
/// 100 (so that output to a file or a pipe is the same everywhere).
fn width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
    {
        return n.clamp(40, 400);
    }
    match terminal_size::terminal_size() {
        Some((terminal_size::Width(w), _)) if std::io::stdout().is_terminal() => {
            usize::from(w).clamp(40, 400)
        }
        _ => 100,
    }
}

/// The exit code for a set of reports under `--fail-on`.
pub fn exit_for<'a>(gate: &Gate, reports: impl IntoIterator<Item = &'a Report>) -> Exit {
    let fails = |r: &Report| match gate.fail_on {
        FailOn::Never => false,
        FailOn::Veto => !r.acceptable(),
        FailOn::Objection => r.findings.iter().any(|f| f.verdict == Verdict::Violated),
    };
    if reports.into_iter().any(fails) {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

/// Today's date (UTC), from the system clock.
pub fn today() -> Date {
    Date::today()
}
