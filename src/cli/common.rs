//! What every command shares: the workspace, options, output and exit codes.

use super::{Args, BasisArg, ColorArg, Exit, FailOn, FormatArg};
use redline::check::{self, BasisFilter, CheckOptions, Report};
use redline::diagnostic::{did_you_mean, Code, Diagnostic, Level};
use redline::load::{self, Dir, Files, Loaded, Workspace};
use redline::model::{Date, PartyId, Plan};
use redline::report::{self, Format, Style};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub struct Context {
    pub root: PathBuf,
    /// The workspace's files on disk.
    pub files: Dir,
    pub format: Format,
    pub style: Style,
    /// `--as-of`, when given.
    as_of: Option<Date>,
    pub party_names: Vec<String>,
    pub fail_on: FailOn,
    pub basis: BasisFilter,
}

impl Context {
    pub fn new(args: &Args) -> Result<Context, Exit> {
        let root = args.workspace.clone().unwrap_or_else(|| PathBuf::from("."));
        let format = match args.format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
        };
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => !no_color && std::io::stdout().is_terminal(),
        };
        let as_of = match &args.as_of {
            None => None,
            Some(s) => match Date::parse(s) {
                Some(d) => Some(d),
                None => {
                    eprintln!("error: `--as-of {s}` is not a date\n  help: write it as YYYY-MM-DD, e.g. 2025-12-01");
                    return Err(Exit::BadInput);
                }
            },
        };
        Ok(Context {
            files: Dir::new(&root),
            root,
            format,
            style: Style { color, width: 100 },
            as_of,
            party_names: args.party.clone(),
            fail_on: args.fail_on,
            basis: match args.basis {
                BasisArg::Any => BasisFilter::Any,
                BasisArg::Statement => BasisFilter::Statement,
            },
        })
    }

    /// The date red lines are counted on: `--as-of`, else `as_of` in
    /// redline.toml, else today.
    pub fn as_of(&self, ws: &Workspace) -> Date {
        self.as_of.or(ws.settings.as_of).unwrap_or_else(today)
    }

    /// Resolve a plan argument: a file (relative to the workspace), or a plan id.
    fn plan_path(&self, arg: &str) -> Option<PathBuf> {
        let p = Path::new(arg);
        let candidates = [
            p.to_path_buf(),
            Path::new("proposals").join(p),
            Path::new("proposals").join(format!("{arg}.toml")),
        ];
        candidates.into_iter().find(|c| self.files.is_file(c))
    }

    /// Load the whole workspace (every proposal).
    fn load_all(&self) -> Loaded {
        let mut l = load::load(&self.files);
        l.workspace.root = self.root.clone();
        l
    }

    /// Load the rules and the plans named (every proposal when none is), print
    /// diagnostics, and stop with exit 2 on any error.
    pub fn load(&self, plans: &[String]) -> Result<Workspace, Exit> {
        let mut loaded = if plans.is_empty() {
            self.load_all()
        } else {
            let mut paths = Vec::new();
            let mut unknown = Vec::new();
            let mut by_id: Option<Loaded> = None;
            for arg in plans {
                match self.plan_path(arg) {
                    Some(p) => paths.push(p),
                    None => {
                        // Perhaps a plan id: look through proposals/.
                        let all = by_id.get_or_insert_with(|| self.load_all());
                        match all.workspace.plan(arg) {
                            Some(pl) => paths.push(all.workspace.files.get(pl.file).path.clone()),
                            None => unknown.push(arg.clone()),
                        }
                    }
                }
            }
            let mut l = load::load_with_plans(&self.files, &paths);
            l.workspace.root = self.root.clone();
            for arg in unknown {
                let known: Vec<String> = by_id
                    .as_ref()
                    .map(|b| b.workspace.plans.iter().map(|p| p.id.clone()).collect())
                    .unwrap_or_default();
                l.diagnostics.push(
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
            l
        };
        if !self.report_diagnostics(&loaded.workspace, &mut loaded.diagnostics) {
            return Err(Exit::BadInput);
        }
        Ok(loaded.workspace)
    }

    /// [`Context::load`], then the parties named with `--party`.
    pub fn load_with_parties(&self, plans: &[String]) -> Result<(Workspace, Vec<PartyId>), Exit> {
        let ws = self.load(plans)?;
        let parties = self.parties(&ws)?;
        Ok((ws, parties))
    }

    /// A JSON document: the fields of `view`, plus `version`, `as_of` and `basis`.
    pub fn json_document(&self, ws: &Workspace, view: &impl serde::Serialize) -> String {
        let mut v = serde_json::to_value(view).unwrap_or(serde_json::Value::Null);
        if let Some(m) = v.as_object_mut() {
            m.insert("version".into(), report::JSON_VERSION.into());
            m.insert("as_of".into(), self.as_of(ws).to_string().into());
            m.insert("basis".into(), self.basis_name().into());
        }
        report::to_json(&v)
    }

    /// The date in words for human and markdown headers, with the basis
    /// when only statements count: "2025-12-01, counting only what the
    /// parties said themselves".
    pub fn scope(&self, ws: &Workspace) -> String {
        match self.basis {
            BasisFilter::Any => self.as_of(ws).to_string(),
            BasisFilter::Statement => format!(
                "{}, counting only what the parties said themselves (--basis statement)",
                self.as_of(ws)
            ),
        }
    }

    /// `any` or `statement`, as `--basis` takes it.
    pub fn basis_name(&self) -> &'static str {
        match self.basis {
            BasisFilter::Any => "any",
            BasisFilter::Statement => "statement",
        }
    }

    /// Print diagnostics (human on stderr, others on stdout when there are errors).
    /// Returns false when any is an error.
    pub fn report_diagnostics(&self, ws: &Workspace, diags: &mut Vec<Diagnostic>) -> bool {
        redline::diagnostic::sort(diags);
        let ok = !diags.iter().any(|d| d.level == Level::Error);
        if diags.is_empty() {
            return true;
        }
        match self.format {
            Format::Human => eprint!(
                "{}",
                report::render_diagnostics(&ws.files, diags, self.style)
            ),
            Format::Json if !ok => self.emit(&report::to_json(&serde_json::json!({
                "version": report::JSON_VERSION,
                "diagnostics": report::render_diagnostics_json(&ws.files, diags),
            }))),
            Format::Markdown if !ok => {
                self.emit(&report::render_diagnostics_markdown(&ws.files, diags))
            }
            // Warnings only: machine formats carry them in the command's own document.
            _ => {}
        }
        ok
    }

    /// The parties named with `--party` (else `parties` in redline.toml),
    /// or exit 2 with a did-you-mean.
    pub fn parties(&self, ws: &Workspace) -> Result<Vec<PartyId>, Exit> {
        if self.party_names.is_empty() {
            return Ok(ws.settings.parties.clone());
        }
        let mut out = Vec::new();
        let mut diags = Vec::new();
        for name in &self.party_names {
            match ws.rules.lookup_party(name) {
                Some(p) => out.push(p),
                None => diags.push(
                    Diagnostic::new(
                        Code::BadArgument,
                        format!("no party `{name}` in rules/parties.toml"),
                    )
                    .maybe_help(did_you_mean(
                        name,
                        ws.rules.party_by_id.keys().map(String::as_str),
                    )),
                ),
            }
        }
        if diags.is_empty() {
            Ok(out)
        } else {
            self.report_diagnostics(ws, &mut diags);
            Err(Exit::BadInput)
        }
    }

    /// What a check or the solver weighs: the date, these parties, `--basis`.
    pub fn options(&self, ws: &Workspace, parties: &[PartyId]) -> CheckOptions {
        CheckOptions {
            as_of: Some(self.as_of(ws)),
            parties: parties.to_vec(),
            basis: self.basis,
        }
    }

    pub fn check(&self, ws: &Workspace, plan: &Plan, parties: &[PartyId]) -> Result<Report, Exit> {
        let opts = self.options(ws, parties);
        check::check(&ws.rules, plan, &opts).map_err(|e| {
            eprintln!("error: {e}");
            Exit::BadInput
        })
    }

    /// The exit code for a set of reports under `--fail-on`.
    pub fn exit_for<'a>(&self, reports: impl IntoIterator<Item = &'a Report>) -> Exit {
        let mut worst = Exit::Clean;
        for r in reports {
            let fails = match self.fail_on {
                FailOn::Never => false,
                FailOn::Veto => !r.acceptable(),
                FailOn::Objection => r
                    .findings
                    .iter()
                    .any(|f| f.verdict == check::Verdict::Violated),
            };
            if fails {
                worst = Exit::Findings;
            }
        }
        worst
    }

    /// Write to stdout; a closed pipe is not an error.
    pub fn emit(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("error: cannot write output: {e}");
            }
        }
    }
}

/// Today's date (UTC), from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 → calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date {
        year: y as u16,
        month: m as u8,
        day: d as u8,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(super::civil_from_days(20_415).to_string(), "2025-11-23");
        assert_eq!(super::civil_from_days(11_016).to_string(), "2000-02-29");
    }
}
