//! The timeline as a strip chart in SVG: one chart per plan, a row per
//! party, time across, one colour per verdict; an analysis-only verdict is
//! hatched (the matrix's star), and the days a verdict changes are ruled and
//! labelled. Every period is a `rect` carrying its party, first and last
//! day and verdict as `data-` attributes, so a test can read the chart back.

use super::phrases;
use super::svg::escape;
use crate::check::Standing;
use crate::model::Date;
use crate::report::view::{PlanTimelineView, TimelineView};

const WIDTH: i64 = 960;
const LABELS: i64 = 150;
const RIGHT: i64 = 16;
const ROW: i64 = 22;
const LABEL_ROW: i64 = 14;
const CHAR: i64 = 6;

/// The fill of a verdict.
fn fill(s: Standing) -> &'static str {
    match s {
        Standing::Veto => "#f97066",
        Standing::Objection => "#fdb022",
        Standing::AtRisk => "#53b1fd",
        Standing::Ok => "#e4e7ec",
    }
}

/// Where a day starts on the time axis.
fn x_of(day: Date, from: Date, to: Date) -> f64 {
    let span = (to.day_number() - from.day_number() + 1).max(1) as f64;
    let at = (day.day_number() - from.day_number()) as f64;
    LABELS as f64 + at / span * (WIDTH - LABELS - RIGHT) as f64
}

/// Where the day after `day` starts (the right edge of a period ending on `day`).
fn x_after(day: Date, from: Date, to: Date) -> f64 {
    let span = (to.day_number() - from.day_number() + 1).max(1) as f64;
    let at = (day.day_number() - from.day_number() + 1) as f64;
    LABELS as f64 + at / span * (WIDTH - LABELS - RIGHT) as f64
}

/// The days a verdict changes on this plan, each with where its label
/// starts, whether it ends at its rule (near the right edge) and its row:
/// the first row where it overlaps no other label.
fn label_rows(days: &[Date], from: Date, to: Date) -> Vec<(Date, f64, bool, i64)> {
    let width = (10 * CHAR + 6) as f64;
    let mut rows: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut out = Vec::new();
    for d in days {
        let x = x_of(*d, from, to);
        let flip = x + width > (WIDTH - RIGHT) as f64;
        let (a, b) = if flip { (x - width, x) } else { (x, x + width) };
        let free = |r: &Vec<(f64, f64)>| r.iter().all(|(c, e)| b <= *c || *e <= a);
        let row = match rows.iter().position(free) {
            Some(r) => r,
            None => {
                rows.push(Vec::new());
                rows.len() - 1
            }
        };
        if let Some(r) = rows.get_mut(row) {
            r.push((a, b));
        }
        out.push((*d, x, flip, row as i64));
    }
    out
}

/// One plan's chart, as an `svg` element, drawn at `top` in a taller
/// picture (0 for a chart of its own).
fn chart(v: &TimelineView, p: &PlanTimelineView, top: i64) -> (String, i64) {
    let (from, to) = (v.from, v.to);
    let mut days: Vec<Date> = p
        .parties
        .iter()
        .flat_map(|r| r.periods.iter().skip(1).map(|x| x.from))
        .collect();
    days.sort();
    days.dedup();
    let labels = label_rows(&days, from, to);
    let label_rows_n = labels.iter().map(|(_, _, _, r)| r + 1).max().unwrap_or(0);
    let title_h = 26;
    let axis_top = top + title_h + label_rows_n * LABEL_ROW + 6;
    let rows_h = p.parties.len() as i64 * ROW;
    let mut s = String::new();
    let title = if p.title.trim().is_empty() {
        p.plan.clone()
    } else {
        format!("{} ({})", p.title, p.plan)
    };
    s.push_str(&format!(
        "<g class=\"chart\" data-plan=\"{}\"><text x=\"0\" y=\"{}\" font-size=\"15\" font-weight=\"700\">{}</text>\n",
        escape(&p.plan),
        top + 16,
        escape(&title)
    ));
    // Change days: a rule down the chart and the date above it.
    for (d, x, flip, row) in &labels {
        let y = top + title_h + row * LABEL_ROW + 10;
        // A label that would run off the right edge ends at its rule instead.
        let (tx, anchor) = if *flip {
            (x - 2.0, "end")
        } else {
            (x + 2.0, "start")
        };
        s.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#667085\" stroke-dasharray=\"2 2\"/><text x=\"{tx:.1}\" y=\"{y}\" font-size=\"10\" fill=\"#344054\" text-anchor=\"{anchor}\">{d}</text>\n",
            y + 2,
            axis_top + rows_h,
        ));
    }
    for (i, row) in p.parties.iter().enumerate() {
        let y = axis_top + i as i64 * ROW;
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\"><title>{}</title>{}</text>\n",
            LABELS - 8,
            y + ROW / 2 + 4,
            escape(&row.name),
            escape(&row.party)
        ));
        for x in &row.periods {
            let x0 = x_of(x.from, from, to);
            let x1 = x_after(x.to, from, to);
            let verdict = phrases::standing(x.standing, x.analysis);
            s.push_str(&format!(
                "<rect x=\"{x0:.1}\" y=\"{}\" width=\"{:.1}\" height=\"{}\" fill=\"{}\" data-party=\"{}\" data-from=\"{}\" data-to=\"{}\" data-verdict=\"{}\" data-analysis=\"{}\"><title>{}: {} {}</title></rect>\n",
                y + 2,
                (x1 - x0).max(0.5),
                ROW - 4,
                fill(x.standing),
                escape(&row.party),
                x.from,
                x.to,
                super::cell_class(x.standing),
                x.analysis,
                escape(&row.party),
                escape(&verdict),
                phrases::period(x, from, to)
            ));
            if x.analysis {
                s.push_str(&format!(
                    "<rect x=\"{x0:.1}\" y=\"{}\" width=\"{:.1}\" height=\"{}\" fill=\"url(#analysis)\"/>\n",
                    y + 2,
                    (x1 - x0).max(0.5),
                    ROW - 4
                ));
            }
        }
    }
    // Years along the bottom.
    let base = axis_top + rows_h;
    s.push_str(&format!(
        "<line x1=\"{LABELS}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#98a2b3\"/>\n",
        WIDTH - RIGHT
    ));
    // At most about a dozen years are labelled: every year, or every
    // second, fifth, tenth ...
    let years = u32::from(to.year.saturating_sub(from.year)) + 1;
    let step = [1u32, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|k| years / k <= 12)
        .unwrap_or(1000);
    let mut ticks: Vec<Date> = vec![from];
    for y in (from.year + 1)..=to.year {
        if u32::from(y) % step == 0 {
            if let Some(d) = Date::parse(&format!("{y:04}-01-01")) {
                ticks.push(d);
            }
        }
    }
    for d in ticks {
        let x = x_of(d, from, to);
        s.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{base}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#98a2b3\"/><text x=\"{x:.1}\" y=\"{}\" font-size=\"10\" fill=\"#475467\">{}</text>\n",
            base + 4,
            base + 15,
            if d == from { d.to_string() } else { d.year.to_string() }
        ));
    }
    s.push_str("</g>\n");
    (s, base + 24 - top)
}

/// The legend: a swatch per verdict and the hatch of analysis.
fn legend(top: i64) -> String {
    let mut s = String::new();
    let items = [
        (Standing::Veto, "veto"),
        (Standing::Objection, "objection"),
        (Standing::AtRisk, "at risk"),
        (Standing::Ok, "ok"),
    ];
    let mut x = LABELS;
    for (st, word) in items {
        s.push_str(&format!(
            "<rect x=\"{x}\" y=\"{top}\" width=\"14\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{word}</text>\n",
            fill(st),
            x + 18,
            top + 10
        ));
        x += 26 + word.len() as i64 * CHAR + 16;
    }
    s.push_str(&format!(
        "<rect x=\"{x}\" y=\"{top}\" width=\"14\" height=\"12\" fill=\"#e4e7ec\"/><rect x=\"{x}\" y=\"{top}\" width=\"14\" height=\"12\" fill=\"url(#analysis)\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">rests only on an analyst's reading</text>\n",
        x + 18,
        top + 10
    ));
    s
}

/// Every plan's chart in one SVG picture, with the legend.
pub fn timeline(v: &TimelineView) -> String {
    let mut body = String::new();
    let mut top = 8;
    for p in &v.plans {
        let (s, h) = chart(v, p, top);
        body.push_str(&s);
        top += h + 16;
    }
    body.push_str(&legend(top));
    let height = top + 24;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" font-family=\"system-ui, sans-serif\" role=\"img\"><title>Verdicts from {} to {}</title>\n<defs><pattern id=\"analysis\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"2\"/></pattern></defs>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n{body}</svg>\n",
        v.from, v.to
    )
}
