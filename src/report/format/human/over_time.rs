//! Human output of `timeline` and `coalitions`: each party's periods and
//! what changed, and the coalitions, blocking groups and pivotal parties,
//! wrapped to the terminal.

use super::super::phrases;
use super::super::words::{self, plural, whose};
use super::plan_line;
use crate::report::view::{CoalitionsView, TimelineView};
use crate::report::Style;

// ------------------------------------------------------------ timeline

/// `text` wrapped at `width`, its first line led by `first` and the rest
/// by `rest`.
fn hang(text: &str, first: &str, rest: &str, width: usize) -> String {
    let opts = textwrap::Options::new(width.max(30))
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = textwrap::wrap(text, opts).join("\n");
    out.push('\n');
    out
}

pub(super) fn timeline(v: &TimelineView, style: Style) -> String {
    let mut out = format!(
        "timeline of {}, {} to {}: red lines of {}\n",
        plural(v.plans.len(), "plan"),
        v.from,
        v.to,
        whose(&v.parties)
    );
    if v.change_days().is_empty() {
        out.push_str("no verdict changes in these days\n");
    } else {
        let days: Vec<String> = v.change_days().iter().map(ToString::to_string).collect();
        out.push_str(&hang(
            &format!("verdicts change on {}", days.join(", ")),
            "",
            "  ",
            style.width,
        ));
    }
    let mut analysis = false;
    for p in &v.plans {
        out.push('\n');
        out.push_str(&plan_line(&p.plan, &p.title, &p.file));
        out.push('\n');
        out.push_str(&hang(
            &phrases::course(p, v.from, v.to),
            "",
            "  ",
            style.width,
        ));
        let w = p
            .parties
            .iter()
            .map(|r| r.party.chars().count())
            .max()
            .unwrap_or(0);
        let pad = " ".repeat(w + 4);
        for row in &p.parties {
            analysis |= row.periods.iter().any(|x| x.analysis);
            out.push_str(&hang(
                &phrases::periods(row, v.from, v.to),
                &format!("  {:w$}  ", row.party),
                &pad,
                style.width,
            ));
        }
        let changed = phrases::changed(p);
        if !changed.is_empty() {
            out.push_str("  changes:\n");
        }
        for (party, x) in changed {
            out.push_str(&format!(
                "    {}  {party} → {}\n",
                x.from,
                phrases::standing(x.standing, x.analysis)
            ));
            for c in &x.changes {
                out.push_str(&hang(
                    &phrases::change(c),
                    "      ",
                    "        ",
                    style.width,
                ));
                if let Some(q) = &c.quote {
                    out.push_str(&hang(
                        &format!("“{q}”"),
                        "        ",
                        "        ",
                        style.width,
                    ));
                }
            }
        }
    }
    if analysis {
        out.push_str("\n* rests only on an analyst's reading (basis = \"analysis\"); `--basis statement` leaves it out\n");
    }
    out
}

// ------------------------------------------------------------ coalitions

pub(super) fn coalitions(v: &CoalitionsView, scope: &str, style: Style) -> String {
    let mut out = format!(
        "coalitions among {}: veto red lines in force on {scope}\n\n",
        if v.parties.len() > 8 {
            plural(v.parties.len(), "party")
        } else {
            whose(&v.parties)
        }
    );
    if v.all_agree {
        out.push_str("all of them can agree: some coherent plan draws no veto from any of them\n");
    } else {
        out.push_str(&hang(
            &format!(
                "not all of them can agree: {} cannot, {} can",
                plural(v.blocking.len(), "blocking group"),
                plural(v.coalitions.len(), "maximal coalition")
            ),
            "",
            "  ",
            style.width,
        ));
    }
    if !v.pivotal.is_empty() {
        out.push_str(&hang(
            &format!(
                "pivotal: {} (in every blocking group: without {} all the others could agree)",
                words::and_list(&v.pivotal),
                if v.pivotal.len() == 1 {
                    "it"
                } else {
                    "any one of them"
                }
            ),
            "",
            "  ",
            style.width,
        ));
    }
    if !v.complete {
        out.push_str(
            "the search stopped at its limit: the lists below are only a part of the answer\n",
        );
    }
    if !v.blocking.is_empty() {
        out.push('\n');
        out.push_str(&hang(
            "blocking groups (no coherent plan avoids every veto of all their members; without any one member, the rest could agree):",
            "",
            "  ",
            style.width,
        ));
        for b in &v.blocking {
            out.push_str(&format!("  ✗ {}\n", phrases::group(&b.parties)));
            for d in &b.conflict {
                let at = d
                    .location
                    .as_ref()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default();
                out.push_str(&hang(
                    &format!("{}{at}", words::demand(d)),
                    "      ",
                    "        ",
                    style.width,
                ));
            }
        }
    }
    out.push('\n');
    out.push_str(&hang(
        "maximal coalitions (some coherent plan draws no veto from any member; no other party can join):",
        "",
        "  ",
        style.width,
    ));
    for c in &v.coalitions {
        out.push_str(&hang(
            &phrases::group(&c.parties),
            "  ✓ ",
            "    ",
            style.width,
        ));
        let plan: Vec<String> = c
            .witness
            .iter()
            .map(|(term, value)| format!("{term}={value}"))
            .collect();
        if !plan.is_empty() {
            out.push_str(&hang(
                &format!("a plan they all accept: {}", plan.join(", ")),
                "      ",
                "        ",
                style.width,
            ));
        }
        if let Some(a) = &c.amendment {
            let plan_id = v.plan.as_deref().unwrap_or("the plan");
            if !a.amendable {
                out.push_str(&format!(
                    "      no amendment of `{plan_id}` satisfies them all:\n"
                ));
                for d in &a.conflict {
                    out.push_str(&hang(
                        &words::demand(d),
                        "        ✗ ",
                        "          ",
                        style.width,
                    ));
                }
            } else if a.changes.is_empty() {
                out.push_str(&format!(
                    "      `{plan_id}` is acceptable to them as it stands\n"
                ));
            } else {
                out.push_str(&format!(
                    "      `{plan_id}` becomes acceptable to them with {}:\n",
                    plural(a.changes.len(), "change")
                ));
                for ch in &a.changes {
                    out.push_str(&hang(
                        &words::change(ch),
                        "        ",
                        "          ",
                        style.width,
                    ));
                }
            }
        }
    }
    out
}
