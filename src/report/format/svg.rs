//! SVG: the conflict graph as a picture (and, through `strip`, the
//! timeline's strip charts), drawn in columns (what the plan
//! says → red lines → parties → blocs) with a title, the date, verdict
//! colours and a legend. No graphviz and no layout engine: a general
//! layered layout (layout-rs) made the shipped graph unreadable, while
//! this graph has a natural left-to-right order.

use crate::check::Verdict;
use crate::model::Severity;
use crate::report::view::{EdgeKindView, EdgeView, GraphView, NodeKindView, NodeView};
use crate::report::{Body, Document, Rendered};

/// The colours of verdicts, shared with the HTML report.
pub const VETO: &str = "#b42318";
/// See [`VETO`].
pub const OBJECTION: &str = "#b54708";
/// See [`VETO`].
pub const AT_RISK: &str = "#175cd3";
/// See [`VETO`].
pub const NEUTRAL: &str = "#475467";

/// The graph of `doc`, or the timeline's strip charts, as a standalone
/// SVG; other documents have none.
pub fn render(doc: &Document) -> Rendered {
    let stdout = match &doc.body {
        Body::Graph(g) => {
            let date = doc.as_of.map(|d| d.to_string()).unwrap_or_default();
            graph(g, &date)
        }
        Body::Timeline(v) => super::strip::timeline(v),
        _ => String::new(),
    };
    Rendered {
        stdout,
        stderr: String::new(),
    }
}

/// The column a node is drawn in: what the plan says, the red lines, the
/// parties, the blocs.
fn layer(n: &NodeView) -> usize {
    match n.kind {
        NodeKindView::Clause | NodeKindView::Silence => 0,
        NodeKindView::RedLine => 1,
        NodeKindView::Party => 2,
        NodeKindView::Bloc => 3,
    }
}

fn node_label(n: &NodeView) -> String {
    match (&n.kind, &n.name) {
        (NodeKindView::Party | NodeKindView::Bloc, Some(name)) => name.clone(),
        _ => n.label.clone(),
    }
}

/// Stroke, fill and stroke width of a node.
fn node_look(n: &NodeView) -> (&'static str, &'static str, u32) {
    match n.kind {
        NodeKindView::Party => (NEUTRAL, "#f2f4f7", 1),
        NodeKindView::Bloc => (NEUTRAL, "#eaecf0", 2),
        NodeKindView::RedLine => match (n.severity, n.unavoidable) {
            (_, Some(true)) => (VETO, "#fee4e2", 3),
            (Some(Severity::Objection), _) => (OBJECTION, "#fffaeb", 1),
            _ => (VETO, "#ffffff", 1),
        },
        NodeKindView::Clause | NodeKindView::Silence => (NEUTRAL, "#ffffff", 1),
    }
}

/// Colour and dash of an edge.
fn edge_look(e: &EdgeView) -> (&'static str, bool) {
    match (e.kind, e.verdict) {
        (EdgeKindView::Member, _) => (NEUTRAL, true),
        (EdgeKindView::Holds, _) => ("#98a2b3", false),
        (EdgeKindView::Conflicts, _) => (VETO, true),
        (EdgeKindView::Crosses, Some(Verdict::Violated)) => (VETO, false),
        (EdgeKindView::Crosses, _) => (AT_RISK, true),
        (EdgeKindView::Consent, _) => ("#6941c6", false),
        (EdgeKindView::Consensus, _) => (VETO, false),
    }
}

/// Text for SVG: `&`, `<`, `>` and quotes escaped, control characters
/// dropped.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// At most `n` characters of `s`, with an ellipsis when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

const ROW: f64 = 30.0;
const BOX_H: f64 = 22.0;
const COLUMN_X: [f64; 4] = [16.0, 250.0, 560.0, 800.0];
const COLUMN_W: [f64; 4] = [200.0, 270.0, 200.0, 200.0];
const CHARS: [usize; 4] = [30, 40, 30, 30];

/// The graph drawn in columns (what the plan says → red lines → parties →
/// blocs), each column in the order of the nodes it connects to, so that
/// edges mostly run straight across. Returns the SVG elements and the
/// height they take.
fn columns(g: &GraphView, top: f64) -> (String, f64) {
    // Order: clauses as in the plan; red lines by the first clause that
    // reaches them, then as listed; parties by their first red line.
    let index = |id: &str| g.nodes.iter().position(|n| n.id == id);
    let mut rank: Vec<f64> = g.nodes.iter().enumerate().map(|(i, _)| i as f64).collect();
    for pass in 1..4 {
        for (i, n) in g.nodes.iter().enumerate() {
            if layer(n) != pass {
                continue;
            }
            let from: Vec<f64> = g
                .edges
                .iter()
                .filter(|e| e.to == n.id)
                .filter_map(|e| index(&e.from))
                .filter(|j| g.nodes.get(*j).is_some_and(|m| layer(m) < pass))
                .filter_map(|j| rank.get(j).copied())
                .collect();
            if let Some(slot) = rank.get_mut(i) {
                // Nodes nothing earlier reaches go last, in their own order.
                *slot = match from.iter().copied().reduce(f64::min) {
                    Some(min) => min + i as f64 / 1e6,
                    None => 1e6 + i as f64,
                };
            }
        }
    }
    let mut pos: Vec<(f64, f64)> = vec![(0.0, 0.0); g.nodes.len()];
    let mut height: f64 = 0.0;
    for l in 0..4 {
        let mut members: Vec<usize> = (0..g.nodes.len())
            .filter(|i| g.nodes.get(*i).is_some_and(|n| layer(n) == l))
            .collect();
        members.sort_by(|a, b| {
            let (ra, rb) = (
                rank.get(*a).copied().unwrap_or(0.0),
                rank.get(*b).copied().unwrap_or(0.0),
            );
            ra.total_cmp(&rb)
        });
        for (row, i) in members.iter().enumerate() {
            let y = top + ROW * row as f64;
            if let (Some(slot), Some(x)) = (pos.get_mut(*i), COLUMN_X.get(l)) {
                *slot = (*x, y);
            }
            height = height.max(ROW * (row + 1) as f64);
        }
    }
    let mut out = String::new();
    // Edges first, under the boxes.
    for e in &g.edges {
        let (Some(a), Some(b)) = (index(&e.from), index(&e.to)) else {
            continue;
        };
        let (Some(na), Some(nb)) = (g.nodes.get(a), g.nodes.get(b)) else {
            continue;
        };
        let (Some(&(xa, ya)), Some(&(xb, yb))) = (pos.get(a), pos.get(b)) else {
            continue;
        };
        let (c, dashed) = edge_look(e);
        let dash = if dashed {
            " stroke-dasharray=\"5 4\""
        } else {
            ""
        };
        let (la, lb) = (layer(na), layer(nb));
        let (ya, yb) = (ya + BOX_H / 2.0, yb + BOX_H / 2.0);
        let path = if la == lb {
            // Within a column (conflicting red lines): an arc on its left.
            let x = xa - 4.0;
            let bulge = 20.0 + (yb - ya).abs() / 8.0;
            format!(
                "M {x} {ya} C {} {ya}, {} {yb}, {x} {yb}",
                x - bulge,
                x - bulge
            )
        } else {
            let (x1, y1, x2, y2) = if la < lb {
                (xa + COLUMN_W.get(la).copied().unwrap_or(0.0), ya, xb, yb)
            } else {
                (xb + COLUMN_W.get(lb).copied().unwrap_or(0.0), yb, xa, ya)
            };
            let mid = (x1 + x2) / 2.0;
            format!("M {x1} {y1} C {mid} {y1}, {mid} {y2}, {x2} {y2}")
        };
        out.push_str(&format!(
            "<path d=\"{path}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.5\"{dash}><title>{}</title></path>\n",
            escape(&e.label)
        ));
    }
    for (i, n) in g.nodes.iter().enumerate() {
        let (Some(&(x, y)), l) = (pos.get(i), layer(n)) else {
            continue;
        };
        let (stroke, fill, width) = node_look(n);
        let w = COLUMN_W.get(l).copied().unwrap_or(200.0);
        let dash = if n.severity == Some(Severity::Objection) {
            " stroke-dasharray=\"4 3\""
        } else {
            ""
        };
        let radius = if l >= 2 { 11.0 } else { 3.0 };
        let label = node_label(n);
        out.push_str(&format!(
            "<g><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{BOX_H}\" rx=\"{radius}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/><text x=\"{}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#101828\">{}</text></g>\n",
            escape(&label),
            x + 6.0,
            y + 15.0,
            escape(&clip(&label, CHARS.get(l).copied().unwrap_or(30)))
        ));
    }
    (out, height)
}

const LEGEND: &[(&str, &str, bool)] = &[
    ("crosses a red line (violated)", VETO, false),
    ("puts a red line at risk", AT_RISK, true),
    ("needs a party's consent", "#6941c6", false),
    ("member of a bloc", NEUTRAL, true),
    ("red line held by", "#98a2b3", false),
];

/// The conflict graph with a title, the date and a legend, as one SVG
/// document.
pub fn graph(g: &GraphView, date: &str) -> String {
    let title = match &g.plan {
        Some(p) => format!("Conflict graph of plan {p}"),
        None => "Conflict graph".to_string(),
    };
    let subtitle = format!(
        "Red lines in force on {date}. Boxes with a thick red border are red lines no plan can avoid crossing; dashed boxes are objections."
    );
    let top = 96.0;
    let (inner, h) = columns(g, top);
    let h = if g.nodes.is_empty() { 30.0 } else { h };
    let width = 1016.0;
    let legend_top = top + h + 24.0;
    let height = legend_top + 24.0 * LEGEND.len() as f64 + 12.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">\n",
        escape(&title)
    );
    out.push_str(&format!(
        "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n<text x=\"16\" y=\"28\" font-family=\"sans-serif\" font-size=\"20\" font-weight=\"bold\" fill=\"#101828\">{}</text>\n<text x=\"16\" y=\"50\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#475467\">{}</text>\n",
        escape(&title),
        escape(&subtitle)
    ));
    for (l, head) in ["What the plan says", "Red lines", "Parties", "Blocs"]
        .iter()
        .enumerate()
    {
        let x = COLUMN_X.get(l).copied().unwrap_or(0.0);
        out.push_str(&format!(
            "<text x=\"{x}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"12\" font-weight=\"bold\" fill=\"#475467\">{}</text>\n",
            top - 12.0,
            head.to_uppercase()
        ));
    }
    if g.nodes.is_empty() {
        out.push_str(&format!(
            "<text x=\"16\" y=\"{}\" font-family=\"sans-serif\" font-size=\"14\">No parties or red lines to draw.</text>\n",
            top + 20.0
        ));
    }
    out.push_str(&inner);
    for (i, (label, c, dashed)) in LEGEND.iter().enumerate() {
        let y = legend_top + 24.0 * i as f64;
        let dash = if *dashed {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        out.push_str(&format!(
            "<line x1=\"16\" y1=\"{y}\" x2=\"56\" y2=\"{y}\" stroke=\"{c}\" stroke-width=\"2\"{dash}/><text x=\"66\" y=\"{}\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#344054\">{}</text>\n",
            y + 4.0,
            escape(label)
        ));
    }
    out.push_str("</svg>\n");
    out
}
