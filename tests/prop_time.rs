//! Property tests: `redline::timeline` against `redline::check` day by day.
//!
//! The timeline checks a plan only on the days some red line comes into
//! force or leaves it, and merges the days between. Here, on every single
//! day of the window, each party's standing from `check --as-of` that day
//! (`Report::standing`) must be the one of the timeline's period holding
//! the day. The periods must be consecutive, cover the window exactly,
//! differ from their neighbours, and list as changes exactly the party's
//! red lines (or, for a bloc deciding by consensus, its members') that come
//! into force or leave it on their first day.
//!
//! - `timeline_matches_check_every_day`: random small workspaces from
//!   `prop_check`'s generator (readings, analyses, blocs deciding by
//!   consensus, constraints, random plans), loaded, whose red lines are then
//!   given random `since` / `stated` / `until` days in and around a window
//!   of 150 to 400 days (now and then of one to five), for a random choice
//!   of parties and both bases.
//! - `shipped_timeline_matches_check_every_day`: the shipped workspace's
//!   three plans, every day from 2022-01-01 to 2026-12-31, both bases.
//!
//! Both memoise `check` on the set of red lines in force on the day, found
//! from each red line's own `in_force` (see [`compare_window`]): every day
//! is compared, not every day is checked afresh.

use crate::common::{root, scaled};
use crate::prop_check::{files, instance_strategy, Instance};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use redline::{check, load, load_workspace, timeline, Memory, Report};
use redline::{
    BasisFilter, ChangeOn, CheckOptions, Date, Decides, Force, PartyId, PartyTimeline, Plan,
    RedLineId, Rules, Standing, Timeline, TimelineOptions,
};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

// ---------------------------------------------------------------- dates

/// A day relative to the window: one of a few days where edge cases live,
/// or any day from a tenth of the window before it to a tenth after it.
#[derive(Debug, Clone, Copy)]
enum Day {
    /// 0: the window's first day, 1: the day before it, 2: the day after
    /// it, 3: its last day, 4: the day after its last, 5: its middle.
    Anchor(u8),
    /// Thousandths of the window's length after 10% of it before its
    /// first day: from a tenth of the window before it to a tenth after.
    Frac(u16),
}

/// One red line's dates, before they are put in order.
#[derive(Debug, Clone)]
struct Dates {
    since: Option<Day>,
    stated: Option<Day>,
    until: Option<Day>,
}

/// What a case varies on top of the workspace.
#[derive(Debug, Clone)]
struct TimeCase {
    /// The window's first day: this many days after 2024-10-01.
    start: u16,
    /// The window's length in days.
    len: u16,
    /// One per red line (extra ones are unused).
    dates: Vec<Dates>,
    /// The parties followed, as a mask over every party (none: every party).
    parties: Vec<bool>,
}

/// `n` days after `d` (before it when negative).
fn add_days(mut d: Date, n: i64) -> Date {
    for _ in 0..n.max(0) {
        d = d.next().unwrap();
    }
    for _ in 0..(-n).max(0) {
        d = d.prev().unwrap();
    }
    d
}

impl TimeCase {
    fn from(&self) -> Date {
        add_days(Date::parse("2024-10-01").unwrap(), i64::from(self.start))
    }
    fn to(&self) -> Date {
        add_days(self.from(), i64::from(self.len) - 1)
    }
    fn day(&self, d: Day) -> Date {
        let len = i64::from(self.len);
        let offset = match d {
            Day::Anchor(0) => 0,
            Day::Anchor(1) => -1,
            Day::Anchor(2) => 1,
            Day::Anchor(3) => len - 1,
            Day::Anchor(4) => len,
            Day::Anchor(_) => len / 2,
            Day::Frac(f) => i64::from(f) * len / 1000 - len / 10,
        };
        add_days(self.from(), offset)
    }
    /// `(since, stated, until)` for red line `i`: the days drawn, in order,
    /// handed out to the fields present; an `until` that does not come
    /// after the start is moved to the day after it.
    fn dates_of(&self, i: usize) -> (Option<Date>, Option<Date>, Option<Date>) {
        let Some(spec) = self.dates.get(i) else {
            return (None, None, None);
        };
        let mut days: Vec<Date> = [spec.since, spec.stated, spec.until]
            .into_iter()
            .flatten()
            .map(|d| self.day(d))
            .collect();
        days.sort();
        let mut it = days.into_iter();
        let since = spec.since.and_then(|_| it.next());
        let stated = spec.stated.and_then(|_| it.next());
        let mut until = spec.until.and_then(|_| it.next());
        if let (Some(u), Some(s)) = (until, since.or(stated)) {
            if u <= s {
                until = s.next();
            }
        }
        (since, stated, until)
    }
}

fn day_strategy() -> impl Strategy<Value = Day> {
    prop_oneof![
        2 => (0u8..6).prop_map(Day::Anchor),
        3 => (0u16..=1200).prop_map(Day::Frac),
    ]
}

fn dates_strategy() -> impl Strategy<Value = Dates> {
    (
        prop::option::weighted(0.5, day_strategy()),
        prop::option::weighted(0.6, day_strategy()),
        prop::option::weighted(0.5, day_strategy()),
    )
        .prop_map(|(since, stated, until)| Dates {
            since,
            stated,
            until,
        })
}

fn time_case_strategy() -> impl Strategy<Value = TimeCase> {
    (
        0u16..=90,
        // Now and then a window of a few days (one, even).
        prop_oneof![1 => 1u16..=5, 7 => 150u16..=400],
        prop::collection::vec(dates_strategy(), 5),
        prop_oneof![
            1 => Just(Vec::new()),
            1 => prop::collection::vec(any::<bool>(), 4),
        ],
    )
        .prop_map(|(start, len, dates, parties)| TimeCase {
            start,
            len,
            dates,
            parties,
        })
}

// ---------------------------------------------------------------- oracle

/// Every day from `from` to `to`, both included.
fn days(from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        out.push(d);
        match d.next() {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

/// The red lines in force on `day`, by each red line's own `in_force`.
fn in_force(rules: &Rules, day: Date) -> Vec<RedLineId> {
    rules
        .red_line_ids()
        .filter(|(_, r)| r.in_force(day))
        .map(|(i, _)| i)
        .collect()
}

/// The red lines `check` weighs for `party` on `day`: those behind its
/// findings (satisfied ones included; consent has none).
fn weighed(
    rules: &Rules,
    plan: &Plan,
    party: PartyId,
    day: Option<Date>,
    basis: BasisFilter,
) -> BTreeSet<RedLineId> {
    let Some(day) = day else {
        return BTreeSet::new();
    };
    let sel = CheckOptions {
        as_of: Some(day),
        parties: vec![party],
        basis,
    };
    let report = check(rules, plan, &sel).expect("check");
    report
        .findings
        .iter()
        .filter(|f| f.party == party)
        .filter_map(|f| f.red_line())
        .collect()
}

/// The changes a period of `party` starting on `day` lists: the red lines
/// `check` weighs on `day` and not the day before (`enters`), and the other
/// way round (`leaves`).
fn expected_changes(
    rules: &Rules,
    plan: &Plan,
    party: PartyId,
    day: Date,
    basis: BasisFilter,
) -> Vec<ChangeOn> {
    let now = weighed(rules, plan, party, Some(day), basis);
    let before = weighed(rules, plan, party, day.prev(), basis);
    let mut out: Vec<ChangeOn> = now
        .difference(&before)
        .map(|r| ChangeOn {
            red_line: *r,
            force: Force::Enters,
        })
        .chain(before.difference(&now).map(|r| ChangeOn {
            red_line: *r,
            force: Force::Leaves,
        }))
        .collect();
    out.sort_by_key(|c| (c.force, c.red_line));
    out
}

/// The periods of one row are consecutive, cover `[from, to]` exactly,
/// differ from their neighbours, and (after the first) list the changes of
/// their first day, of which there is at least one.
fn check_row(
    rules: &Rules,
    plan: &Plan,
    row: &PartyTimeline,
    from: Date,
    to: Date,
    basis: BasisFilter,
) -> Result<(), String> {
    let spans = &row.spans;
    let first = spans.first().ok_or("no period")?;
    let last = spans.last().ok_or("no period")?;
    if first.from != from || last.to != to {
        return Err(format!(
            "the periods run from {} to {}, the window from {from} to {to}",
            first.from, last.to
        ));
    }
    if !first.changes.is_empty() {
        return Err(format!(
            "the first period lists changes {:?}",
            first.changes
        ));
    }
    for s in spans {
        if s.to < s.from {
            return Err(format!("a period ends before it starts: {s:?}"));
        }
        if s.standing == Standing::Ok && s.analysis {
            return Err(format!("an ok period rests on analysis: {s:?}"));
        }
    }
    for w in spans.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.to.next() != Some(b.from) {
            return Err(format!("a gap or overlap between {a:?} and {b:?}"));
        }
        if (a.standing, a.analysis) == (b.standing, b.analysis) {
            return Err(format!("two neighbours alike: {a:?} and {b:?}"));
        }
        let want = expected_changes(rules, plan, row.party, b.from, basis);
        if b.changes != want {
            return Err(format!(
                "the period from {} lists changes {:?}, not {want:?}",
                b.from, b.changes
            ));
        }
        if want.is_empty() {
            return Err(format!(
                "the standing changes on {} with no red line of the party changing",
                b.from
            ));
        }
    }
    Ok(())
}

/// The whole timeline's shape: its window, its checked days (the window's
/// first and every start or end of a red line inside it), one row per
/// party followed (in order), and each row's periods.
fn check_shape(
    rules: &Rules,
    t: &Timeline,
    opts: &TimelineOptions,
    plans: &[&Plan],
    parties: &[PartyId],
) -> Result<(), String> {
    if (t.from, t.to) != (opts.from, opts.to) {
        return Err(format!("the window is {} to {}", t.from, t.to));
    }
    let mut want_days: BTreeSet<Date> = BTreeSet::new();
    want_days.insert(opts.from);
    for r in &rules.red_lines {
        for d in [r.since.or(r.stated), r.until].into_iter().flatten() {
            if opts.from < d && d <= opts.to {
                want_days.insert(d);
            }
        }
    }
    if t.days != want_days.into_iter().collect::<Vec<_>>() {
        return Err(format!("checked days {:?}", t.days));
    }
    if t.plans.len() != plans.len() {
        return Err(format!(
            "{} plan timelines for {} plans",
            t.plans.len(),
            plans.len()
        ));
    }
    let mut changes: BTreeSet<Date> = BTreeSet::new();
    for (p, plan) in t.plans.iter().zip(plans) {
        let rows: Vec<PartyId> = p.parties.iter().map(|r| r.party).collect();
        if rows != parties {
            return Err(format!("rows {rows:?}, parties followed {parties:?}"));
        }
        for row in &p.parties {
            check_row(rules, plan, row, opts.from, opts.to, opts.basis)
                .map_err(|e| format!("party {}: {e}", rules.party(row.party).id))?;
            changes.extend(row.spans.iter().skip(1).map(|s| s.from));
        }
    }
    if t.change_days() != changes.into_iter().collect::<Vec<_>>() {
        return Err(format!("change_days {:?}", t.change_days()));
    }
    Ok(())
}

/// Every party's standing from `check` on `day` against the timeline's
/// period holding the day.
fn compare_day(
    rules: &Rules,
    plan: &Plan,
    row_set: &[PartyTimeline],
    day: Date,
    report: &Report,
) -> Result<(), String> {
    for row in row_set {
        let got = report.standing(rules, row.party);
        let Some(period) = row.on(day) else {
            return Err(format!("no period holds {day}"));
        };
        if (period.standing, period.analysis) != got {
            return Err(format!(
                "plan {}, party {} on {day}: check says {got:?}, the timeline {:?} ({} to {})",
                plan.id,
                rules.party(row.party).id,
                (period.standing, period.analysis),
                period.from,
                period.to
            ));
        }
    }
    Ok(())
}

/// Every day of `window` (with `keys`, the red lines in force on each),
/// `check` with `sel` on that day against the timeline's rows; how many
/// checks were run.
///
/// `check` is memoised on the exact set of red lines in force, found from
/// each red line's own `in_force` (not from the timeline's change days),
/// except on the first and last day of each run of days with the same set,
/// which are checked afresh: there an off-by-one in a change day would
/// show. A check depends on its date only through that set.
fn compare_window(
    rules: &Rules,
    plan: &Plan,
    rows: &[PartyTimeline],
    window: &[Date],
    keys: &[Vec<RedLineId>],
    sel: &CheckOptions,
) -> Result<usize, String> {
    let mut memo: BTreeMap<&[RedLineId], Report> = BTreeMap::new();
    let mut checks = 0;
    for (k, day) in window.iter().enumerate() {
        let key = keys[k].as_slice();
        let edge = k == 0 || k + 1 == window.len() || keys[k - 1] != key || keys[k + 1] != key;
        let fresh;
        let report = match memo.get(key) {
            Some(r) if !edge => r,
            _ => {
                let on_day = CheckOptions {
                    as_of: Some(*day),
                    ..sel.clone()
                };
                checks += 1;
                fresh = check(rules, plan, &on_day).map_err(|e| e.to_string())?;
                memo.entry(key).or_insert_with(|| fresh.clone());
                &fresh
            }
        };
        compare_day(rules, plan, rows, *day, report)?;
    }
    Ok(checks)
}

// ---------------------------------------------------------------- random

static CASES: AtomicUsize = AtomicUsize::new(0);
/// Rows whose standing changes at least once in the window.
static CHANGING: AtomicUsize = AtomicUsize::new(0);
/// Periods resting only on analysis.
static ANALYSIS: AtomicUsize = AtomicUsize::new(0);
/// Days compared.
static DAYS: AtomicUsize = AtomicUsize::new(0);
/// Checks run afresh.
static CHECKS: AtomicUsize = AtomicUsize::new(0);
/// Cases with a bloc deciding by consensus.
static CONSENSUS: AtomicUsize = AtomicUsize::new(0);

fn run_case(inst: &Instance, tc: &TimeCase) -> Result<(), TestCaseError> {
    let files = files(inst);
    let memory: Memory = files.iter().cloned().collect();
    let loaded = load(&memory);
    // A vocabulary with no world or an incoherent plan: `prop_check`
    // covers what is reported; there is nothing to follow over time.
    prop_assume!(loaded.diagnostics.is_empty());
    let mut ws = loaded.workspace;
    for (i, r) in ws.rules.red_lines.iter_mut().enumerate() {
        let (since, stated, until) = tc.dates_of(i);
        r.since = since;
        r.stated = stated;
        r.until = until;
    }
    let rules = &ws.rules;
    let plan = ws.plan("plan").unwrap();
    let all: Vec<PartyId> = rules.party_ids().collect();
    let chosen: Vec<PartyId> = all
        .iter()
        .copied()
        .filter(|p| tc.parties.get(p.index()).copied().unwrap_or(false))
        .collect();
    let followed = if chosen.is_empty() {
        all.clone()
    } else {
        chosen.clone()
    };
    if rules
        .parties
        .iter()
        .any(|p| p.decides == Decides::Consensus)
    {
        CONSENSUS.fetch_add(1, Ordering::Relaxed);
    }
    let (from, to) = (tc.from(), tc.to());
    let window = days(from, to);
    let keys: Vec<Vec<RedLineId>> = window.iter().map(|d| in_force(rules, *d)).collect();
    let ctx = || format!("files: {files:#?}\ncase: {tc:#?}");
    for basis in [BasisFilter::Any, BasisFilter::Statement] {
        let opts = TimelineOptions {
            from,
            to,
            parties: chosen.clone(),
            basis,
        };
        let t = timeline(rules, &[plan], &opts).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_shape(rules, &t, &opts, &[plan], &followed)
            .map_err(|e| TestCaseError::fail(format!("{basis:?}: {e}\n{}", ctx())))?;
        let rows = &t.plans[0].parties;
        for row in rows {
            if row.spans.len() > 1 {
                CHANGING.fetch_add(1, Ordering::Relaxed);
            }
            ANALYSIS.fetch_add(
                row.spans.iter().filter(|s| s.analysis).count(),
                Ordering::Relaxed,
            );
        }
        let sel = CheckOptions {
            as_of: None,
            parties: chosen.clone(),
            basis,
        };
        let checks = compare_window(rules, plan, rows, &window, &keys, &sel)
            .map_err(|e| TestCaseError::fail(format!("{basis:?}: {e}\n{}", ctx())))?;
        CHECKS.fetch_add(checks, Ordering::Relaxed);
        DAYS.fetch_add(window.len(), Ordering::Relaxed);
    }
    CASES.fetch_add(1, Ordering::Relaxed);
    Ok(())
}

/// 400 workspaces that load clean (times `REDLINE_PROP_SCALE`), each
/// compared on every day of its window (150 to 400 days, or one to five)
/// for both bases:
/// about 200,000 days.
///
/// `check` is memoised on the set of red lines in force (see
/// [`compare_window`]): checking all 200,000 days afresh takes some 20 s in
/// a debug build.
#[test]
fn timeline_matches_check_every_day() {
    let mut runner = TestRunner::new(Config {
        // About two in five generated workspaces do not load clean.
        max_global_rejects: scaled(2_000),
        ..crate::common::prop_config(400, file!())
    });
    let result = runner.run(
        &(instance_strategy(), time_case_strategy()),
        |(inst, tc)| run_case(&inst, &tc),
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    let (n, ch, an, d, c, cs) = (
        CASES.load(Ordering::Relaxed),
        CHANGING.load(Ordering::Relaxed),
        ANALYSIS.load(Ordering::Relaxed),
        DAYS.load(Ordering::Relaxed),
        CHECKS.load(Ordering::Relaxed),
        CONSENSUS.load(Ordering::Relaxed),
    );
    eprintln!(
        "timeline: {n} workspaces followed, {d} days compared ({c} checked afresh); {ch} rows that change, {an} periods on analysis, {cs} with a consensus bloc"
    );
    let k = scaled(1) as usize;
    assert!(
        n >= 400 * k && ch >= 250 * k && an >= 80 * k && cs >= 40 * k,
        "too few interesting cases: {n} workspaces, {ch} rows that change, {an} periods on analysis, {cs} with a consensus bloc"
    );
}

// ---------------------------------------------------------------- shipped

/// The shipped workspace's three plans, every day from 2022-01-01 to
/// 2026-12-31 (1,826 days) and both bases, `check` against the timeline.
///
/// `check` is memoised on the set of red lines in force (see
/// [`compare_window`]), found from each red line's own `in_force`, and run
/// afresh on the first and last day of each run of days with the same set:
/// checking all 10,956 days afresh takes 28 s in a debug build (it passes).
/// Every day is still compared.
#[test]
fn shipped_timeline_matches_check_every_day() {
    let started = Instant::now();
    let loaded = load_workspace(&root());
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let ws = &loaded.workspace;
    let rules = &ws.rules;
    let plans: Vec<&Plan> = ws.plans.iter().collect();
    assert_eq!(plans.len(), 3);
    let (from, to) = (
        Date::parse("2022-01-01").unwrap(),
        Date::parse("2026-12-31").unwrap(),
    );
    let window = days(from, to);
    assert_eq!(window.len(), 1_826);
    let all: Vec<PartyId> = rules.party_ids().collect();
    let keys: Vec<Vec<RedLineId>> = window.iter().map(|d| in_force(rules, *d)).collect();
    let runs = 1 + keys.windows(2).filter(|w| w[0] != w[1]).count();
    let (mut changes, mut checks) = (0, 0);
    for basis in [BasisFilter::Any, BasisFilter::Statement] {
        let opts = TimelineOptions {
            from,
            to,
            parties: Vec::new(),
            basis,
        };
        let t = timeline(rules, &plans, &opts).unwrap();
        check_shape(rules, &t, &opts, &plans, &all).unwrap();
        for (k, plan) in plans.iter().enumerate() {
            let rows = &t.plans[k].parties;
            changes += rows.iter().map(|r| r.spans.len() - 1).sum::<usize>();
            let sel = CheckOptions {
                as_of: None,
                parties: Vec::new(),
                basis,
            };
            match compare_window(rules, plan, rows, &window, &keys, &sel) {
                Ok(n) => checks += n,
                Err(e) => panic!("{basis:?}: {e}"),
            }
        }
    }
    eprintln!(
        "shipped timeline: {} days x {} plans x 2 bases, {runs} runs of days with the same red lines in force, {checks} checks, {changes} changes of standing, {:?}",
        window.len(),
        plans.len(),
        started.elapsed()
    );
    // The shipped positions do change over these years.
    assert!(changes >= 10, "only {changes} changes of standing");
    // A window that ends before it starts has no periods.
    let empty = TimelineOptions {
        from: to,
        to: from,
        parties: Vec::new(),
        basis: BasisFilter::Any,
    };
    let t = timeline(rules, &plans, &empty).unwrap();
    assert!(t.days.is_empty());
    assert!(t
        .plans
        .iter()
        .flat_map(|p| &p.parties)
        .all(|r| r.spans.is_empty()));
}
