//! `redline amend PLAN [--keep CLAUSE]... [--write | --out FILE]`

use super::common::{exit_for, Context};
use super::{formats_of, Exit, Gate, Weigh};
use clap::Args;
use redline::report::view::amend_view;
use redline::report::{Body, Command, Format};
use redline::{AmendOptions, AmendOutcome, Code, Diagnostic, Progress};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// `redline amend`.
#[derive(Debug, Args)]
pub struct AmendArgs {
    /// A plan file or plan id.
    pub plan: String,
    /// Keep this clause as it is: the terms it sets are not changed (repeatable).
    #[arg(long = "keep", value_name = "CLAUSE")]
    pub keep: Vec<String>,
    /// Rewrite the plan file in place (comments and layout kept).
    #[arg(long, conflicts_with = "out")]
    pub write: bool,
    /// Write over a read-only or hard-linked plan (`--write`), or over an
    /// existing file (`--out`).
    #[arg(long)]
    pub force: bool,
    /// Write the amended plan to FILE and leave the original alone; the copy
    /// is plan `ID-amended` (or `ID-amended-2`, ...), so that both can sit
    /// in `proposals/`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Answer within this long (e.g. `60s`, `2m`, `500ms`; a bare number is
    /// seconds) with the best amendment found, marked as not proved the
    /// smallest, with the bound proved so far: the search stops at nine
    /// tenths of it, and the rest goes to dropping changes the amendment
    /// does not need.
    #[arg(long = "time-limit", value_name = "DURATION", value_parser = parse_duration)]
    pub time_limit: Option<Duration>,
    #[command(flatten)]
    pub weigh: Weigh,
    #[command(flatten)]
    pub gate: Gate,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Amend), default_value = Command::Amend.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &AmendArgs) -> Exit {
    let mut s = ctx.session(Command::Amend, a.format);
    let ws = match s.load(std::slice::from_ref(&a.plan)) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let selection = match s.weigh(&ws, &a.weigh) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let Some(plan) = ws.plans.first() else {
        return s.fail_one(
            &ws.files,
            Diagnostic::new(Code::BadArgument, format!("no plan `{}` to amend", a.plan)),
        );
    };
    let keep = match redline::clauses_to_keep(plan, &a.keep) {
        Ok(k) => k,
        Err(diags) => return s.fail(&ws.files, diags),
    };
    let opts = AmendOptions {
        selection: selection.clone(),
        keep: keep.clone(),
        time_limit: a.time_limit,
    };
    let watch = Watch::start(a.time_limit);
    let result = redline::amend_observed(&ws.rules, plan, &opts, &mut |p| watch.heard(p));
    watch.stop();
    let result = match result {
        Ok(r) => r,
        Err(e) => return s.fail_one(&ws.files, e.diagnostic()),
    };
    let mut view = amend_view(&ws, plan, &result, &selection.parties, &keep);

    if a.write || a.out.is_some() {
        // Paths in the workspace's source map are relative to its root.
        let target = match &a.out {
            Some(o) => o.clone(),
            None => ws.files.get(plan.file).path.clone(),
        };
        let full = ctx.root.join(&target);
        let name = redline::Files::display(&ctx.files, &target);
        match &result.outcome {
            AmendOutcome::Amended(am) => {
                let original = &ws.files.get(plan.file).text;
                // A copy gets an id no plan in the workspace has.
                let new_id = a
                    .out
                    .as_ref()
                    .map(|_| redline::unused_plan_id(&ctx.files, &format!("{}-amended", plan.id)));
                let text = redline::rewrite_checked(
                    original,
                    &ws.rules,
                    plan,
                    am,
                    &selection,
                    new_id.as_deref(),
                );
                let needed = !am.changes.is_empty() || a.out.is_some();
                match text {
                    Ok(t) if needed => {
                        // `--write` refuses if the plan changed since it was
                        // read: another writer's amendment stands.
                        let base = a.out.is_none().then_some(&**original);
                        match super::write::write_plan(&full, &t, base, a.out.is_some(), a.force) {
                            Ok(w) => {
                                view.written = Some(name);
                                view.written_as = new_id;
                                view.links_kept_old =
                                    (w.links_kept_old > 0).then_some(w.links_kept_old);
                            }
                            Err(e) => {
                                return s.fail_one(
                                    &ws.files,
                                    Diagnostic::new(
                                        Code::Io,
                                        format!("cannot write `{name}`: {e}"),
                                    )
                                    .help(e.help()),
                                )
                            }
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        return s.fail_one(
                            &ws.files,
                            Diagnostic::new(Code::Io, format!("cannot rewrite `{name}`: {e}"))
                                .help("nothing was written"),
                        )
                    }
                }
            }
            AmendOutcome::Impossible(_) => view.write_skipped = true,
        }
    }
    s.write(
        s.document(&ws, Body::Amend(view), Some(&selection)),
        &ws.files,
    );
    match &result.outcome {
        AmendOutcome::Amended(am) => exit_for(&a.gate, [&am.report]),
        AmendOutcome::Impossible(_) => Exit::Findings,
    }
}

/// `--time-limit`: `60s`, `1.5s`, `500ms`, `2m`, `1h`, or a bare number of
/// seconds.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (num, unit) = match t.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(i) => t.split_at(i),
        None => (t, "s"),
    };
    let scale = match unit.trim() {
        "ms" => 1e-3,
        "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        other => {
            return Err(format!(
                "`{other}` is not a unit of time: write e.g. 60s, 2m or 500ms"
            ))
        }
    };
    match num.parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 && n * scale < 1e9 => {
            Ok(Duration::from_secs_f64(n * scale))
        }
        _ => Err(format!(
            "`{text}` is not a time limit: write a positive duration, e.g. 60s, 2m or 500ms"
        )),
    }
}

/// The progress line: on a terminal, after a second of searching, one line
/// on stderr with the bound proved and the best amendment found so far,
/// redrawn each second and cleared when the search ends. Elsewhere (a pipe,
/// a file, CI) nothing is drawn.
struct Watch {
    last: Arc<Mutex<Option<Progress>>>,
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<bool>>,
}

impl Watch {
    fn start(limit: Option<Duration>) -> Watch {
        let last: Arc<Mutex<Option<Progress>>> = Arc::new(Mutex::new(None));
        let done = Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let (last, done) = (Arc::clone(&last), Arc::clone(&done));
            std::thread::spawn(move || {
                let began = std::time::Instant::now();
                let mut drawn = false;
                let mut tick = Duration::from_secs(1);
                loop {
                    // Wake often enough to end promptly.
                    while began.elapsed() < tick {
                        if done.load(Ordering::Relaxed) {
                            return drawn;
                        }
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    tick += Duration::from_secs(1);
                    let p = last.lock().ok().and_then(|g| *g);
                    let line = progress_line(began.elapsed(), p, limit);
                    let width = terminal_size::terminal_size_of(std::io::stderr())
                        .map_or(80, |(w, _)| usize::from(w.0));
                    let line: String = line.chars().take(width.saturating_sub(1)).collect();
                    eprint!("\r\x1b[2K{line}");
                    drawn = true;
                }
            })
        });
        Watch { last, done, thread }
    }

    fn heard(&self, p: &Progress) {
        if let Ok(mut g) = self.last.lock() {
            *g = Some(*p);
        }
    }

    fn stop(self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread {
            if t.join().unwrap_or(false) {
                eprint!("\r\x1b[2K");
            }
        }
    }
}

/// "searching 12 s of 60 s · proved ≥ 41 yield · best 45 yield, 52 changes":
/// under 80 columns with limits up to 999 s and counts up to 9,999 (the
/// hard family's largest rows ask about 450 to yield).
fn progress_line(elapsed: Duration, p: Option<Progress>, limit: Option<Duration>) -> String {
    let mut out = format!("searching {} s", elapsed.as_secs());
    if let Some(l) = limit {
        out.push_str(&format!(" of {} s", l.as_secs_f64().ceil()));
    }
    if let Some(p) = p {
        out.push_str(&format!(" · proved ≥ {} yield", p.lower_bound));
        if let Some((y, c)) = p.best {
            out.push_str(&format!(" · best {y} yield, {c} changes"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_fits_80_columns() {
        let p = |lower_bound, best| Progress {
            elapsed: Duration::ZERO,
            lower_bound,
            best,
        };
        assert_eq!(
            progress_line(
                Duration::from_millis(12_400),
                Some(p(41, Some((45, 52)))),
                Some(Duration::from_secs(60))
            ),
            "searching 12 s of 60 s · proved ≥ 41 yield · best 45 yield, 52 changes"
        );
        assert_eq!(
            progress_line(Duration::from_secs(3), None, None),
            "searching 3 s"
        );
        let widest = progress_line(
            Duration::from_secs(998),
            Some(p(9_998, Some((9_999, 9_999)))),
            Some(Duration::from_millis(998_500)),
        );
        assert!(widest.chars().count() < 80, "{widest}");
    }
}
