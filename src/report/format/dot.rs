//! Graphviz DOT: the conflict graph, for `dot -Tsvg`.

use crate::check::Verdict;
use crate::model::Severity;
use crate::report::view::{EdgeKindView, EdgeView, GraphView, NodeKindView, NodeView};
use crate::report::{Body, Document, Rendered};

/// The graph of `doc` as DOT; other documents have no DOT form, and give
/// nothing (the command line offers `--format dot` for `graph` only).
pub fn render(doc: &Document) -> Rendered {
    Rendered {
        stdout: match &doc.body {
            Body::Graph(g) => graph(g),
            _ => String::new(),
        },
        stderr: String::new(),
    }
}

fn node_attrs(n: &NodeView) -> String {
    match n.kind {
        NodeKindView::Party => "shape = ellipse".to_string(),
        NodeKindView::Bloc => "shape = ellipse, peripheries = 2".to_string(),
        NodeKindView::RedLine => {
            let mut a = "shape = note".to_string();
            if n.severity == Some(Severity::Objection) {
                a.push_str(", style = dashed");
            }
            if n.unavoidable == Some(true) {
                a.push_str(", color = red, penwidth = 2");
            }
            a
        }
        NodeKindView::Clause => "shape = box".to_string(),
        NodeKindView::Silence => "shape = box, style = dotted".to_string(),
    }
}

fn edge_attrs(e: &EdgeView) -> &'static str {
    match (e.kind, e.verdict) {
        (EdgeKindView::Member, _) => "style = dashed, arrowhead = empty",
        (EdgeKindView::Holds, _) => "color = gray40",
        (EdgeKindView::Conflicts, _) => "dir = none, color = red, style = bold",
        (EdgeKindView::Crosses, Some(Verdict::Violated)) => "color = red",
        (EdgeKindView::Crosses, _) => "color = orange, style = dashed",
        (EdgeKindView::Consent, _) => "color = purple",
        (EdgeKindView::Consensus, _) => "color = red, style = bold",
    }
}

/// A DOT string literal's contents: quotes and backslashes escaped, line
/// breaks as `\n`.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

fn graph(g: &GraphView) -> String {
    let index = |id: &str| g.nodes.iter().position(|n| n.id == id).unwrap_or(0);
    let mut out = String::from("digraph {\n    rankdir=\"LR\"\n");
    for (i, n) in g.nodes.iter().enumerate() {
        out.push_str(&format!(
            "    {i} [ label = \"{}\" {}]\n",
            escape(&n.label),
            node_attrs(n)
        ));
    }
    for e in &g.edges {
        out.push_str(&format!(
            "    {} -> {} [ label = \"{}\" {}]\n",
            index(&e.from),
            index(&e.to),
            escape(&e.label),
            edge_attrs(e)
        ));
    }
    out.push_str("}\n");
    out
}
