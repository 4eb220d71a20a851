//! The English that human and markdown output share: how a finding, a
//! change, a demand or an expectation is said in one line. Only renderers
//! call these; views carry no wording.

use crate::check::{BasisFilter, Verdict};
use crate::model::Severity;
use crate::report::view::{
    AmendView, CauseKind, ChangeKind, ChangeView, ComparisonView, ConsentView, DemandKind,
    DemandView, DiffEntryView, DiffGroup, ExplainView, Explanation, FindingKindView, LintView,
    PlanView, SettingView, SideView, SpaceView, Subject, ValueView, Verdicts,
};
use crate::report::Document;
use crate::scenario::{Expect, Found, Got, Want};

/// "signed by A, B", or "no signatories".
pub fn signed(signatories: &[String]) -> String {
    if signatories.is_empty() {
        "no signatories".to_string()
    } else {
        format!("signed by {}", signatories.join(", "))
    }
}

/// `1 veto`, `2 vetoes`, `3 parties`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        return format!("1 {word}");
    }
    format!("{n} {}", plural_word(word))
}

/// The plural of an English noun redline uses: `veto` → `vetoes`,
/// `party` → `parties`, `day` → `days`, `class` → `classes`, `scenario` → `scenarios`.
fn plural_word(word: &str) -> String {
    let consonant_y = word
        .strip_suffix('y')
        .filter(|stem| !stem.ends_with(['a', 'e', 'i', 'o', 'u']));
    if let Some(stem) = consonant_y {
        format!("{stem}ies")
    } else if word == "veto"
        || word.ends_with(['s', 'x'])
        || word.ends_with("ch")
        || word.ends_with("sh")
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// `text` broken into lines of at most `width` characters, at spaces
/// (a word longer than `width` gets a line of its own).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if line_len > 0 && line_len + 1 + n > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += n;
    }
    out
}

/// The date in words, with the basis when only statements count:
/// "2025-12-01, counting only what the parties said themselves".
pub fn scope(doc: &Document) -> String {
    let date = doc.as_of.map(|d| d.to_string()).unwrap_or_default();
    match doc.basis {
        Some(BasisFilter::Statement) => {
            format!("{date}, counting only what the parties said themselves (--basis statement)")
        }
        _ => date,
    }
}

/// `` `v` ``, or "one of `a`, `b`".
pub fn setting(s: &SettingView) -> String {
    match s {
        SettingView::One(v) => format!("`{v}`"),
        SettingView::OneOf(vs) => format!(
            "one of {}",
            vs.iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// As written in TOML: `v`, or `[a, b]`.
pub fn setting_toml(s: &SettingView) -> String {
    match s {
        SettingView::One(v) => v.to_string(),
        SettingView::OneOf(vs) => format!(
            "[{}]",
            vs.iter()
                .map(ValueView::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// "clause `7`", "clauses `7`, `9`"; past five, "clauses `1`, `2`, `3`,
/// `4`, `5` and 95 more".
pub fn clauses_phrase(ids: &[String]) -> String {
    const SHOWN: usize = 5;
    let quoted: Vec<String> = ids.iter().take(SHOWN).map(|c| format!("`{c}`")).collect();
    match ids.len() {
        1 => format!("clause {}", quoted.join("")),
        n if n > SHOWN => format!(
            "clauses {} and {} more",
            quoted.join(", "),
            group_digits((n - SHOWN) as i64)
        ),
        _ => format!("clauses {}", quoted.join(", ")),
    }
}

/// "vetoes", "objects to", "may refuse" or "accepts".
pub fn verb(e: &Explanation) -> &'static str {
    match (e.verdict, e.severity) {
        (Verdict::Violated, Severity::Veto) => "vetoes",
        (Verdict::Violated, Severity::Objection) => "objects to",
        (Verdict::AtRisk, _) => "may refuse",
        (Verdict::Satisfied, _) => "accepts",
    }
}

/// One line: "russia vetoes clause `tier-3`", with "(through m, by
/// consensus)" for a member's red line lifted to its bloc.
pub fn headline_plain(e: &Explanation) -> String {
    // A satisfied red line blames nothing: the plan as a whole passes it.
    if e.verdict == Verdict::Satisfied {
        return format!("{} accepts the plan", e.party);
    }
    let target = if e.clauses.is_empty() {
        "the plan's silence".to_string()
    } else {
        clauses_phrase(&e.clauses)
    };
    let line = format!("{} {} {target}", e.party, verb(e));
    match &e.member {
        Some(m) => format!("{line} (through {m}, by consensus)"),
        None => line,
    }
}

/// [`headline_plain`], marked when the finding rests on an analyst's reading.
pub fn headline(e: &Explanation) -> String {
    if e.on_analysis() {
        format!("{} (on an analyst's reading)", headline_plain(e))
    } else {
        headline_plain(e)
    }
}

/// The red line's `about`, or what a consent finding means.
pub fn about(e: &Explanation) -> String {
    match &e.consent {
        Some(c) => consent(&e.party, c),
        None => e.about.clone(),
    }
}

/// What a consent finding of `party` means.
fn consent(party: &str, c: &ConsentView) -> String {
    if c.restates_status_quo {
        let sq = c
            .status_quo
            .as_ref()
            .map_or_else(|| "open".to_string(), |d| format!("`{d}`"));
        format!(
            "clause `{}` restates the status quo of `{}` ({sq}), which `{party}` decides; `{party}` does not sign the plan, but the clause decides nothing new",
            c.clause, c.term
        )
    } else {
        format!(
            "clause `{}` sets `{}`, which `{party}` decides, but `{party}` does not sign the plan",
            c.clause, c.term
        )
    }
}

/// The red line's name, `party/id`, or `party/consent`.
pub fn name(e: &Explanation) -> String {
    e.red_line
        .clone()
        .unwrap_or_else(|| format!("{}/consent", e.party))
}

/// "forbid X" or "require X".
pub fn rule(e: &Explanation) -> Option<String> {
    match (e.polarity, &e.rule) {
        (Some(p), Some(r)) => Some(format!("{} {r}", p.as_str())),
        _ => None,
    }
}

/// When the position began and when its words were said: "held since
/// 2022-02-24, quoted 2025-08-19", or "stated 2025-08-19" when they agree.
/// An analyst's reading is "written", not "stated".
pub fn dates(e: &Explanation) -> Option<String> {
    let (said, quoted) = if e.on_analysis() {
        ("written", "written")
    } else {
        ("stated", "quoted")
    };
    match (&e.since, &e.stated) {
        (Some(b), Some(s)) if b != s => Some(format!("held since {b}, {quoted} {s}")),
        (_, Some(s)) => Some(format!("{said} {s}")),
        (Some(b), None) => Some(format!("held since {b}")),
        (None, None) => None,
    }
}

/// The notes under a finding: silences, witness, source and quote, basis and dates.
pub fn notes(e: &Explanation) -> Vec<String> {
    let mut lines = Vec::new();
    for c in &e.causes {
        match c.kind {
            CauseKind::Silence => lines.push(format!(
                "the plan is silent on `{}`, so the status quo holds: `{}`",
                c.term,
                c.status_quo
                    .as_ref()
                    .map_or_else(|| "?".to_string(), ToString::to_string)
            )),
            CauseKind::Open => lines.push(format!(
                "the plan is silent on `{}`, which has no status quo: it stays open",
                c.term
            )),
            CauseKind::Signatories => lines.push(format!(
                "`{}` is `{}` because of who signs the plan",
                c.term,
                c.value
                    .as_ref()
                    .map_or_else(|| "?".to_string(), setting_toml)
            )),
            CauseKind::Clause => {}
        }
    }
    if !e.witness.is_empty() {
        let w: Vec<String> = e
            .witness
            .iter()
            .map(|(t, v)| format!("`{t}` = `{v}`"))
            .collect();
        lines.push(format!("crossed if {}", w.join(", ")));
    }
    if let Some(w) = &e.when {
        lines.push(format!("applies when: {w}"));
    }
    if let Some(s) = &e.source {
        let mut src = s.outlet.clone();
        if !s.title.is_empty() {
            src.push_str(&format!(", \"{}\"", s.title));
        }
        if let Some(d) = &s.date {
            src.push_str(&format!(", {d}"));
        }
        match (&s.url, &s.file) {
            (Some(u), Some(f)) => src.push_str(&format!(", {u} ({f})")),
            (Some(u), None) => src.push_str(&format!(", {u}")),
            (None, Some(f)) => src.push_str(&format!(" ({f})")),
            (None, None) => {}
        }
        lines.push(format!("source: {src}"));
    }
    if let Some(q) = &e.quote {
        lines.push(format!("quote: \u{201c}{q}\u{201d}"));
    }
    let mut dated = Vec::new();
    if e.basis.is_some() {
        dated.push(if e.on_analysis() {
            "an analyst's reading, not the party's own words".to_string()
        } else {
            "the party's own statement".to_string()
        });
    }
    dated.extend(dates(e));
    if let Some(u) = &e.until {
        dated.push(format!("in force until {u}"));
    }
    if !dated.is_empty() {
        lines.push(dated.join(", "));
    }
    if let Some(r) = &e.reads {
        let mut words = format!("it reads `{}`, the party's own words", r.red_line);
        if let Some(q) = &r.quote {
            words.push_str(&format!(": \u{201c}{q}\u{201d}"));
        }
        lines.push(words);
        let mut worded = format!("as worded: {} {}", r.polarity.as_str(), r.rule);
        if let Some(w) = &r.when {
            worded.push_str(&format!(", when {w}"));
        }
        lines.push(worded);
        lines.push(
            "`--basis statement` applies the party's words as worded instead of this reading"
                .to_string(),
        );
    }
    if !e.readings.is_empty() {
        lines.push(format!(
            "analysts read these words as {}; with `--basis any`, a reading in force stands in for them",
            e.readings
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(n) = &e.note {
        lines.push(format!("note: {n}"));
    }
    lines
}

/// The vetoing parties, `*` marking those whose vetoes rest only on an analyst's reading.
pub fn vetoers(v: &PlanView) -> String {
    v.vetoed_by
        .iter()
        .map(|p| {
            if v.vetoed_on_analysis.contains(p) {
                format!("{p}*")
            } else {
                p.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "2 vetoes, 1 objection, 0 at risk, 3 satisfied".
pub fn counts(c: &crate::report::view::Counts) -> String {
    format!(
        "{}, {}, {} at risk, {} satisfied",
        plural(c.vetoes, "veto"),
        plural(c.objections, "objection"),
        c.at_risk,
        c.satisfied
    )
}

/// One line: "vetoed by russia (2 vetoes, ...)" or "no party vetoes (...)".
pub fn verdicts(v: &Verdicts) -> String {
    if v.acceptable {
        format!("no party vetoes ({})", counts(&v.counts))
    } else {
        format!(
            "vetoed by {} ({})",
            v.vetoed_by.join(", "),
            counts(&v.counts)
        )
    }
}

/// [`verdicts`] of a plan's full report.
pub fn plan_verdicts(v: &PlanView) -> String {
    verdicts(&Verdicts {
        acceptable: v.acceptable,
        vetoed_by: v.vetoed_by.clone(),
        counts: v.counts,
    })
}

/// A change in one line: "clause `7`: `nato.enlargement` `halted` → `open_door`".
pub fn change(c: &ChangeView) -> String {
    let to = c.to.as_ref().map(ToString::to_string).unwrap_or_default();
    let from = c.from.as_ref().map(setting).unwrap_or_default();
    match c.kind {
        ChangeKind::Set => format!(
            "{}: `{}` {from} → `{to}`",
            clauses_phrase(&c.clauses),
            c.term
        ),
        ChangeKind::Add => {
            let before = match &c.status_quo {
                Some(v) => format!("the status quo was `{v}`"),
                None => "the term was open".to_string(),
            };
            format!(
                "add: `{}` = `{to}` (in new clause `{}`; {before})",
                c.term,
                c.clauses.first().map_or("", String::as_str)
            )
        }
        ChangeKind::Drop => {
            let after = match &c.status_quo {
                Some(v) => format!("back to the status quo `{v}`"),
                None => "left open".to_string(),
            };
            let (who, verb) = match c.owners.as_slice() {
                [] => ("?".to_string(), "decides it and has not signed"),
                [one] => (one.clone(), "decides it and has not signed"),
                many => (and_list(many), "decide it and have not signed"),
            };
            format!(
                "{}: drop `{}` = {from} ({who} {verb}; {after})",
                clauses_phrase(&c.clauses),
                c.term,
            )
        }
    }
}

/// Names joined for a sentence: "a", "a and b", "a, b and c".
pub fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A demand in one line: "russia/no-nato: require nato.enlargement == 'halted'",
/// or "ukraine's consent: the plan may not decide `x` without ukraine's signature".
pub fn demand(d: &DemandView) -> String {
    match d.kind {
        DemandKind::RedLine => {
            let name = d.red_line.clone().unwrap_or_default();
            match (d.polarity, &d.rule) {
                (Some(p), Some(r)) => format!("{name}: {} {r}", p.as_str()),
                _ => name,
            }
        }
        DemandKind::Consent => format!(
            "{}'s consent: the plan may not decide `{}` without {}'s signature",
            d.party,
            d.term.as_deref().unwrap_or("?"),
            d.party
        ),
    }
}

/// How one draft decides a term: "`halted` (clause `7`)", "silent: status quo `x`".
pub fn side(s: &SideView) -> String {
    match s.kind {
        CauseKind::Clause => {
            let quoted: Vec<String> = s.clauses.iter().map(|c| format!("`{c}`")).collect();
            let word = if s.clauses.len() == 1 {
                "clause"
            } else {
                "clauses"
            };
            format!(
                "{} ({word} {})",
                s.value.as_ref().map(setting).unwrap_or_default(),
                quoted.join(", ")
            )
        }
        CauseKind::Silence => format!(
            "silent: status quo {}",
            s.value.as_ref().map(setting).unwrap_or_default()
        ),
        CauseKind::Open => "silent: open".to_string(),
        CauseKind::Signatories => format!(
            "{}, from the signatories",
            s.value.as_ref().map(setting).unwrap_or_default()
        ),
    }
}

/// "clause `7` of `draft`", or "what `draft` leaves unsaid".
pub fn group_title(g: &DiffGroup, plan: &str) -> String {
    if g.clauses.is_empty() {
        return format!("what `{plan}` leaves unsaid");
    }
    format!("{} of `{plan}`", clauses_phrase(&g.clauses))
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Satisfied => "satisfied",
        Verdict::AtRisk => "at risk",
        Verdict::Violated => "violated",
    }
}

/// A changed finding in one line: "russia/x (veto): satisfied → violated. About."
pub fn diff_entry(e: &DiffEntryView) -> String {
    let who = match (e.kind, &e.red_line) {
        (FindingKindView::Consensus, Some(r)) => format!("{} by consensus, through {r}", e.party),
        (_, Some(r)) => r.clone(),
        _ => format!("{}/consent", e.party),
    };
    let about = match &e.consent {
        Some(c) => consent(&e.party, c),
        None => e.about.clone(),
    };
    format!(
        "{who} ({}): {} → {}. {about}",
        e.severity.as_str(),
        verdict_word(e.before),
        verdict_word(e.after),
    )
}

fn parties(ps: &[String]) -> String {
    if ps.is_empty() {
        "nobody".to_string()
    } else {
        ps.join(", ")
    }
}

fn expect_verb(what: Expect) -> &'static str {
    match what {
        Expect::Veto => "vetoes",
        Expect::Objection => "objects to",
        Expect::AtRisk => "may refuse",
        _ => "has no finding on",
    }
}

fn found(f: &Found) -> String {
    let on = if f.clauses.is_empty() {
        "the plan's silence".to_string()
    } else {
        format!("clause {}", f.clauses.join("+"))
    };
    let mut s = format!("{on} ({})", f.red_line.as_deref().unwrap_or("consent"));
    if !f.silent_on.is_empty() && !f.clauses.is_empty() {
        s.push_str(&format!(", silent on {}", ticked(&f.silent_on)));
    } else if !f.silent_on.is_empty() {
        s = format!(
            "the plan's silence on {} ({})",
            ticked(&f.silent_on),
            f.red_line.as_deref().unwrap_or("consent")
        );
    }
    s
}

/// Names in backticks, joined: "`a`, `b`".
fn ticked(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What an expectation expects, in words.
pub fn expected(c: &ComparisonView) -> String {
    match &c.expected {
        Want::Acceptable(b) => b.to_string(),
        Want::Parties(ps) => parties(ps),
        Want::Finding {
            party,
            clause,
            red_line,
            silent_on,
        } => {
            let verb = expect_verb(c.what);
            let mut s = match (c.what, clause) {
                (_, Some(cl)) => format!("{party} {verb} clause {cl}"),
                (Expect::Absent, None) => format!("{party} has no finding"),
                (Expect::Veto, None) => format!("{party} vetoes"),
                (Expect::Objection, None) => format!("{party} objects"),
                (_, None) => format!("{party} may refuse"),
            };
            if let Some(r) = red_line {
                s.push_str(&format!(" ({r})"));
            }
            if !silent_on.is_empty() {
                s.push_str(&format!(
                    ", resting on the plan's silence on {}",
                    ticked(silent_on)
                ));
            }
            s
        }
        Want::Period {
            party,
            verdict,
            from,
            to,
        } => {
            let v = super::phrases::standing(*verdict, false);
            if from == to {
                format!("{party}: {v} on {from}")
            } else {
                format!("{party}: {v} from {from} to {to}")
            }
        }
        Want::Coalition {
            parties: ps,
            agree,
            maximal,
            minimal,
        } => {
            let who = ps.join(" + ");
            match (agree, maximal, minimal) {
                (true, true, _) => format!("{who} can agree, and no other party can join"),
                (true, false, _) => format!("{who} can agree"),
                (false, _, true) => {
                    format!("{who} cannot agree, and without any one of them the rest could")
                }
                (false, _, false) => format!("{who} cannot agree"),
            }
        }
    }
}

/// What the check found for an expectation, in words.
pub fn actual(c: &ComparisonView) -> String {
    let party = match &c.expected {
        Want::Finding { party, .. } => party.as_str(),
        _ => "",
    };
    match &c.actual {
        Got::Acceptable {
            acceptable: true, ..
        } => "true".to_string(),
        Got::Acceptable { vetoed_by, .. } => {
            format!("false (vetoed by {})", parties(vetoed_by))
        }
        Got::Parties(ps) => parties(ps),
        Got::Findings(fs) => {
            let theirs: Vec<String> = fs.iter().map(found).collect();
            match (c.what, theirs.is_empty()) {
                (Expect::Absent, true) => format!("{party} has no such finding"),
                (Expect::Absent, false) => {
                    format!("{party} has a finding: {}", theirs.join("; "))
                }
                (what, true) => format!("{party} {} nothing", expect_verb(what)),
                (what, false) => format!("{party} {} {}", expect_verb(what), theirs.join("; ")),
            }
        }
        Got::Periods(ps) => {
            let party = match &c.expected {
                Want::Period { party, .. } => party.as_str(),
                _ => "",
            };
            let each: Vec<String> = ps
                .iter()
                .map(|p| {
                    let v = super::phrases::standing(p.verdict, p.analysis);
                    if p.from == p.to {
                        format!("{v} on {}", p.from)
                    } else {
                        format!("{v} from {} to {}", p.from, p.to)
                    }
                })
                .collect();
            format!("{party}: {}", each.join(", "))
        }
        Got::Coalition {
            agree,
            could_join,
            not_needed,
        } => {
            let mut s = if *agree {
                "they can agree".to_string()
            } else {
                "they cannot agree".to_string()
            };
            if !could_join.is_empty() {
                s.push_str(&format!("; {} could join", and_list(could_join)));
            }
            if !not_needed.is_empty() {
                s.push_str(&format!(
                    "; without {} the rest still cannot",
                    and_list(not_needed)
                ));
            }
            s
        }
    }
}

/// What an expectation is about, as its key: `acceptable`, `vetoed_by`, `veto`, ...
pub fn expect_key(what: Expect) -> &'static str {
    match what {
        Expect::Acceptable => "acceptable",
        Expect::VetoedBy => "vetoed_by",
        Expect::ObjectedBy => "objected_by",
        Expect::Veto => "veto",
        Expect::Objection => "objection",
        Expect::AtRisk => "at_risk",
        Expect::Absent => "absent",
        Expect::Timeline => "timeline",
        Expect::Coalition => "coalition",
    }
}

/// The heading of `explain`: the clause and what it sets, or the party's verdict.
pub fn explain_heading(v: &ExplainView, doc: &Document) -> String {
    match &v.subject {
        Subject::Clause {
            id,
            text,
            location,
            sets,
        } => {
            let sets: Vec<String> = sets
                .iter()
                .map(|(t, s)| format!("{t} = {}", setting_toml(s)))
                .collect();
            format!(
                "clause `{id}` of `{}` ({location}): {text}\nsets: {}",
                v.plan,
                if sets.is_empty() {
                    "nothing".to_string()
                } else {
                    sets.join("; ")
                }
            )
        }
        Subject::Party {
            id,
            name,
            acceptable,
        } => format!(
            "{id} ({name}) {} plan `{}`, as of {}",
            if *acceptable { "accepts" } else { "vetoes" },
            v.plan,
            doc.as_of.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
}

/// A finding as one mark: `✗` veto, `!` objection, `?` at risk.
pub fn mark(e: &Explanation) -> &'static str {
    match (e.verdict, e.severity) {
        (Verdict::Violated, Severity::Veto) => "✗",
        (Verdict::Violated, _) => "!",
        (Verdict::AtRisk, _) => "?",
        _ => "·",
    }
}

/// "every party", or the parties weighed.
pub fn whose(parties: &[String]) -> String {
    if parties.is_empty() {
        "every party".to_string()
    } else {
        parties.join(", ")
    }
}

/// " that keeps clause `x`", when clauses are kept.
pub fn keeping(v: &AmendView) -> String {
    if v.kept.is_empty() {
        String::new()
    } else {
        format!(" that keeps {}", clauses_phrase(&v.kept))
    }
}

/// "count: N acceptable combinations of the K terms the red lines read".
pub fn count_line(v: &SpaceView) -> Option<String> {
    use crate::report::view::CountView;
    match v.count? {
        CountView::TooMany { limit } => Some(format!(
            "count: too many combinations to count exactly within {limit} steps"
        )),
        CountView::Exact(n) => Some(format!(
            "count: {n} acceptable combinations of the {} the red lines read",
            plural(v.terms.len(), "term")
        )),
    }
}

/// The number of findings in groups.
pub fn count(groups: &[crate::report::view::DiffGroup]) -> usize {
    groups.iter().map(|g| g.findings.len()).sum()
}

/// "12 terms, 9 parties, 3 sources, 40 red lines (38 quoted), 3 plans".
pub fn lint_summary(v: &LintView) -> String {
    let c = &v.counts;
    format!(
        "{}, {}, {}, {} ({} quoted{}), {}",
        plural(c.terms, "term"),
        plural(c.parties, "party"),
        plural(c.sources, "source"),
        plural(c.red_lines, "red line"),
        c.quoted,
        if v.corpus_checked {
            ", checked against the corpus"
        } else {
            ""
        },
        plural(c.plans, "plan")
    )
}

/// Where an example comes from, in words.
pub fn example_heading(file: &str) -> String {
    match file {
        "args" => "For example, this command line:".to_string(),
        "remove" => "For example, a workspace without this file:".to_string(),
        f => format!("For example, in `{f}`:"),
    }
}

/// An integer with its digits grouped by thousands: `600000` → `600,000`.
pub fn group_digits(n: i64) -> String {
    crate::model::grouped(n, ',')
}

/// A value for readers: integers grouped by thousands, names as they are.
pub fn value_text(v: &ValueView) -> String {
    match v {
        ValueView::Int(n) => group_digits(*n),
        other => other.to_string(),
    }
}

/// A condition as written, made readable: quotes dropped, `==` as "is",
/// `!=` as "is not", `>=`/`<=` as ≥/≤, numbers grouped (`5_000` → 5,000).
pub fn readable(expr: &str) -> String {
    let mut out = String::new();
    let mut chars = expr.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    out.push(d);
                }
            }
            '=' if chars.peek() == Some(&'=') => {
                chars.next();
                out.push_str("is");
            }
            '!' if chars.peek() == Some(&'=') => {
                chars.next();
                out.push_str("is not");
            }
            '>' if chars.peek() == Some(&'=') => {
                chars.next();
                out.push('≥');
            }
            '<' if chars.peek() == Some(&'=') => {
                chars.next();
                out.push('≤');
            }
            '0'..='9' => {
                let mut num = String::from(c);
                while let Some(d) = chars
                    .peek()
                    .copied()
                    .filter(|d| d.is_ascii_digit() || *d == '_')
                {
                    num.push(d);
                    chars.next();
                }
                let plain: String = num.chars().filter(|d| *d != '_').collect();
                match plain.parse::<i64>() {
                    Ok(n) => out.push_str(&group_digits(n)),
                    Err(_) => out.push_str(&num),
                }
            }
            c => out.push(c),
        }
    }
    out
}

pub use crate::report::sanitize::{shown, visible};

/// For each clause an amendment changes, a note that its text may no
/// longer say what it sets, quoting the text.
pub fn stale_texts(v: &AmendView, a: &crate::report::view::AmendmentView) -> Vec<String> {
    v.draft
        .iter()
        .filter(|c| a.changes.iter().any(|ch| ch.clauses.contains(&c.id)))
        .map(|c| {
            format!(
                "clause `{}` still reads \u{201c}{}\u{201d}: its text may no longer match its new settings",
                c.id, c.text
            )
        })
        .collect()
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::plural;

    #[test]
    fn readable_conditions() {
        assert_eq!(
            super::readable("army.cap >= 600_000 and x != 'open_door'"),
            "army.cap ≥ 600,000 and x is not open_door"
        );
        assert_eq!(
            super::readable("a == \"b\" or n <= 5000"),
            "a is b or n ≤ 5,000"
        );
        assert_eq!(super::group_digits(-1234567), "-1,234,567");
        assert_eq!(super::group_digits(999), "999");
    }

    #[test]
    fn wrapping() {
        assert_eq!(super::wrap("a bb ccc dddd", 6), "a bb\nccc\ndddd");
        assert_eq!(super::wrap("  one  ", 10), "one");
        assert_eq!(super::wrap("longerthanwidth x", 4), "longerthanwidth\nx");
    }

    #[test]
    fn plurals() {
        let cases = [
            (1, "veto", "1 veto"),
            (2, "veto", "2 vetoes"),
            (3, "party", "3 parties"),
            (2, "day", "2 days"),
            (2, "scenario", "2 scenarios"),
            (2, "class", "2 classes"),
            (0, "pair", "0 pairs"),
            (1, "pair", "1 pair"),
        ];
        for (n, word, want) in cases {
            assert_eq!(plural(n, word), want);
        }
    }
}
