//! The conflict graph → DOT (with petgraph), JSON and markdown.

use crate::check::Verdict;
use crate::solve::{ConflictGraph, EdgeKind, NodeKind};
use petgraph::dot::{Config, Dot};
use petgraph::visit::{EdgeRef, IntoNodeReferences};
use serde_json::json;

fn node_attrs(kind: NodeKind) -> String {
    match kind {
        NodeKind::Party => "shape = ellipse".to_string(),
        NodeKind::Bloc => "shape = ellipse, peripheries = 2".to_string(),
        NodeKind::RedLine {
            severity,
            unavoidable,
        } => {
            let mut a = "shape = note".to_string();
            if severity == crate::model::Severity::Objection {
                a.push_str(", style = dashed");
            }
            if unavoidable {
                a.push_str(", color = red, penwidth = 2");
            }
            a
        }
        NodeKind::Clause => "shape = box".to_string(),
        NodeKind::Silence => "shape = box, style = dotted".to_string(),
    }
}

fn edge_attrs(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Member => "style = dashed, arrowhead = empty",
        EdgeKind::Holds => "color = gray40",
        EdgeKind::Conflicts => "dir = none, color = red, style = bold",
        EdgeKind::Crosses(Verdict::Violated) => "color = red",
        EdgeKind::Crosses(_) => "color = orange, style = dashed",
        EdgeKind::Consent => "color = purple",
        EdgeKind::Consensus => "color = red, style = bold",
    }
}

/// The graph as Graphviz DOT.
pub fn render_dot(g: &ConflictGraph) -> String {
    let node_attr =
        |_: &_, (_, n): (petgraph::graph::NodeIndex, &crate::solve::Node)| node_attrs(n.kind);
    let edge_attr = |_: &_, e: petgraph::graph::EdgeReference<'_, crate::solve::Edge>| {
        edge_attrs(e.weight().kind).to_string()
    };
    let dot = Dot::with_attr_getters(
        &g.graph,
        &[Config::RankDir(petgraph::dot::RankDir::LR)],
        &edge_attr,
        &node_attr,
    );
    format!("{dot}")
}

fn kind_name(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Party => "party",
        NodeKind::Bloc => "bloc",
        NodeKind::RedLine { .. } => "red_line",
        NodeKind::Clause => "clause",
        NodeKind::Silence => "silence",
    }
}

fn edge_name(k: EdgeKind) -> &'static str {
    match k {
        EdgeKind::Member => "member",
        EdgeKind::Holds => "holds",
        EdgeKind::Conflicts => "conflicts",
        EdgeKind::Crosses(_) => "crosses",
        EdgeKind::Consent => "consent",
        EdgeKind::Consensus => "consensus",
    }
}

/// The graph as JSON: nodes and edges, by stable id.
pub fn graph_json(g: &ConflictGraph) -> serde_json::Value {
    let nodes: Vec<serde_json::Value> = g
        .graph
        .node_references()
        .map(|(_, n)| {
            let mut v = json!({ "id": n.id, "kind": kind_name(n.kind), "label": n.label });
            if let NodeKind::RedLine {
                severity,
                unavoidable,
            } = n.kind
            {
                v["severity"] = json!(severity.as_str());
                v["unavoidable"] = json!(unavoidable);
            }
            v
        })
        .collect();
    let edges: Vec<serde_json::Value> = g
        .graph
        .edge_references()
        .map(|e| {
            let id = |i| {
                g.graph
                    .node_weight(i)
                    .map(|n| n.id.clone())
                    .unwrap_or_default()
            };
            let mut v = json!({
                "from": id(e.source()),
                "to": id(e.target()),
                "kind": edge_name(e.weight().kind),
                "label": e.weight().label,
            });
            if let EdgeKind::Crosses(verdict) = e.weight().kind {
                v["verdict"] = json!(verdict.as_str());
            }
            v
        })
        .collect();
    json!({ "plan": g.plan, "nodes": nodes, "edges": edges })
}

/// The graph in markdown: a summary and the DOT source in a fenced block.
pub fn render_graph_markdown(g: &ConflictGraph) -> String {
    let title = match &g.plan {
        Some(p) => format!("## Conflict graph of `{p}`\n\n"),
        None => "## Conflict graph\n\n".to_string(),
    };
    let conflicts = g
        .graph
        .edge_references()
        .filter(|e| e.weight().kind == EdgeKind::Conflicts)
        .count();
    format!(
        "{title}{} nodes, {} edges ({} pairs of vetoes no plan satisfies together). Render with `dot -Tsvg`.\n\n```dot\n{}```\n",
        g.graph.node_count(),
        g.graph.edge_count(),
        conflicts,
        render_dot(g)
    )
}
