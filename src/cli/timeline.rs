//! `redline timeline [PLAN...]`

use super::common::Context;
use super::{formats_of, BasisArg, Exit, FailOn, Weigh};
use clap::Args;
use redline::report::view::timeline_view;
use redline::report::{Body, Command, Format};
use redline::{Code, Date, Diagnostic, Standing, TimelineOptions};

/// `redline timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Plan files, or plan ids (default: every proposal).
    pub plans: Vec<String>,
    /// The first day (YYYY-MM-DD; default: January 1 of the year a verdict
    /// first changes).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The last day (YYYY-MM-DD; default: `as_of` in redline.toml, else today).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only these parties' verdicts (repeatable; default: `parties` in
    /// redline.toml, else every party).
    #[arg(long = "party", value_name = "ID")]
    pub party: Vec<String>,
    /// Count every red line (`any`), or only what the parties said
    /// themselves (`statement`), leaving out analysts' readings.
    #[arg(long, value_enum, default_value_t = BasisArg::Any)]
    pub basis: BasisArg,
    /// What makes the exit code 1: a party vetoing (`veto`), or objecting
    /// (`objection`), on some day of the window; by default nothing does.
    #[arg(long = "fail-on", value_enum, default_value_t = FailOn::Never)]
    pub fail_on: FailOn,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Timeline), default_value = Command::Timeline.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &TimelineArgs) -> Exit {
    let mut s = ctx.session(Command::Timeline, a.format);
    let ws = match s.load(&a.plans) {
        Ok(x) => x,
        Err(e) => return e,
    };
    // Parties and basis as every command weighs them; the window's end is
    // `--to`, else the day every command checks.
    let weigh = Weigh {
        party: a.party.clone(),
        as_of: None,
        basis: a.basis,
    };
    let opts = match s.weigh(&ws, &weigh) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let day = |flag: &str, text: &str| {
        Date::parse(text).ok_or_else(|| {
            Diagnostic::new(Code::BadArgument, format!("`{flag} {text}` is not a date"))
                .help("write it as YYYY-MM-DD, e.g. 2022-01-01")
        })
    };
    let to = match a.to.as_deref().map(|t| day("--to", t)) {
        Some(Ok(d)) => d,
        Some(Err(d)) => return s.fail_one(&ws.files, d),
        None => match opts.as_of {
            Some(d) => d,
            None => return Exit::BadInput,
        },
    };
    let from = match a.from.as_deref().map(|t| day("--from", t)) {
        Some(Ok(d)) => Some(d),
        Some(Err(d)) => return s.fail_one(&ws.files, d),
        None => None,
    };
    if let Some(from) = from.filter(|f| to < *f) {
        return s.fail_one(
            &ws.files,
            Diagnostic::new(
                Code::BadArgument,
                format!("the window ends ({to}) before it starts ({from})"),
            )
            .help("give `--from` a day before `--to`"),
        );
    }
    if ws.plans.is_empty() {
        return s.fail_one(
            &ws.files,
            Diagnostic::new(Code::BadArgument, "no plans to follow")
                .help("put plan files in `proposals/`, or name one"),
        );
    }
    let plans: Vec<&redline::Plan> = ws.plans.iter().collect();
    let t = match from {
        Some(from) => redline::timeline(
            &ws.rules,
            &plans,
            &TimelineOptions {
                from,
                to,
                parties: opts.parties.clone(),
                basis: opts.basis,
            },
        ),
        // From January 1 of the year a verdict first changes (the earliest
        // red line may be decades older).
        None => redline::timeline_to(&ws.rules, &plans, &opts.parties, opts.basis, to),
    };
    let t = match t {
        Ok(t) => t,
        Err(e) => return s.fail_one(&ws.files, e.diagnostic()),
    };
    let view = timeline_view(&ws, &plans, &t, &opts.parties);
    let mut doc = s.document(&ws, Body::Timeline(view), None);
    doc.basis = Some(opts.basis);
    s.write(doc, &ws.files);
    let worst = t
        .plans
        .iter()
        .flat_map(|p| &p.parties)
        .flat_map(|r| &r.spans)
        .map(|x| x.standing)
        .max()
        .unwrap_or(Standing::Ok);
    let fails = match a.fail_on {
        FailOn::Never => false,
        FailOn::Veto => worst == Standing::Veto,
        FailOn::Objection => worst >= Standing::Objection,
    };
    if fails {
        Exit::Findings
    } else {
        Exit::Clean
    }
}
