//! `graph` as data: parties, blocs, red lines and, with a plan, its clauses
//! and the red lines they cross.

use crate::check::Verdict;
use crate::model::Severity;
use crate::solve::{ConflictGraph, EdgeKind, NodeKind};
use petgraph::visit::{EdgeRef, IntoNodeReferences};
use serde::Serialize;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKindView {
    /// A party.
    Party,
    /// A bloc of parties.
    Bloc,
    /// A red line.
    RedLine,
    /// A clause of the plan.
    Clause,
    /// What the plan leaves unsaid.
    Silence,
}

/// What an edge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKindView {
    /// Party → bloc.
    Member,
    /// Red line → the party that holds it.
    Holds,
    /// Red line — red line: no plan satisfies both.
    Conflicts,
    /// Clause (or silence) → red line it crosses or puts at risk.
    Crosses,
    /// Clause → owner of a term it sets without the owner's signature.
    Consent,
    /// Member's red line → bloc that takes its veto as its own.
    Consensus,
}

/// One node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeView {
    /// A stable id: `party:russia`, `red_line:russia/no-nato-contingent`, `clause:7`, `silence`.
    pub id: String,
    /// What it is.
    pub kind: NodeKindView,
    /// What to show.
    pub label: String,
    /// For a party or bloc: its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For a red line: how much it weighs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// For a red line: whether no plan can avoid crossing it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavoidable: Option<bool>,
}

/// One edge, by node id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EdgeView {
    /// The node it starts from.
    pub from: String,
    /// The node it ends at.
    pub to: String,
    /// What it says.
    pub kind: EdgeKindView,
    /// What to show.
    pub label: String,
    /// For `crosses`: the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
}

/// `graph` as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GraphView {
    /// The plan, when one was given.
    pub plan: Option<String>,
    /// The nodes: parties, blocs, red lines, then clauses.
    pub nodes: Vec<NodeView>,
    /// The edges.
    pub edges: Vec<EdgeView>,
}

/// The conflict graph as data, with the names of the parties in `rules`.
pub fn graph_view(rules: &crate::model::Rules, g: &ConflictGraph) -> GraphView {
    let nodes = g
        .graph
        .node_references()
        .map(|(_, n)| {
            let (kind, severity, unavoidable) = match n.kind {
                NodeKind::Party => (NodeKindView::Party, None, None),
                NodeKind::Bloc => (NodeKindView::Bloc, None, None),
                NodeKind::RedLine {
                    severity,
                    unavoidable,
                } => (NodeKindView::RedLine, Some(severity), Some(unavoidable)),
                NodeKind::Clause => (NodeKindView::Clause, None, None),
                NodeKind::Silence => (NodeKindView::Silence, None, None),
            };
            let name = match kind {
                NodeKindView::Party | NodeKindView::Bloc => rules
                    .lookup_party(&n.label)
                    .map(|p| super::text(&rules.party(p).name)),
                _ => None,
            };
            NodeView {
                id: n.id.clone(),
                kind,
                label: n.label.clone(),
                name,
                severity,
                unavoidable,
            }
        })
        .collect();
    let id = |i| {
        g.graph
            .node_weight(i)
            .map(|n| n.id.clone())
            .unwrap_or_default()
    };
    let edges = g
        .graph
        .edge_references()
        .map(|e| {
            let (kind, verdict) = match e.weight().kind {
                EdgeKind::Member => (EdgeKindView::Member, None),
                EdgeKind::Holds => (EdgeKindView::Holds, None),
                EdgeKind::Conflicts => (EdgeKindView::Conflicts, None),
                EdgeKind::Crosses(v) => (EdgeKindView::Crosses, Some(v)),
                EdgeKind::Consent => (EdgeKindView::Consent, None),
                EdgeKind::Consensus => (EdgeKindView::Consensus, None),
            };
            EdgeView {
                from: id(e.source()),
                to: id(e.target()),
                kind,
                label: e.weight().label.clone(),
                verdict,
            }
        })
        .collect();
    GraphView {
        plan: g.plan.clone(),
        nodes,
        edges,
    }
}

impl GraphView {
    /// The part of the graph a plan's findings involve: the clauses (and
    /// silence) that cross red lines or need consent, the red lines they
    /// cross, the parties that hold them and their blocs, and the conflicts
    /// among those red lines. The whole graph when it has no plan.
    pub fn focused(&self) -> GraphView {
        if self.plan.is_none() {
            return self.clone();
        }
        use std::collections::BTreeSet;
        let findings = [
            EdgeKindView::Crosses,
            EdgeKindView::Consent,
            EdgeKindView::Consensus,
        ];
        let mut keep: BTreeSet<&str> = BTreeSet::new();
        for e in self.edges.iter().filter(|e| findings.contains(&e.kind)) {
            keep.insert(&e.from);
            keep.insert(&e.to);
        }
        // The holders of the red lines kept, and the blocs of kept parties.
        for kind in [EdgeKindView::Holds, EdgeKindView::Member] {
            let more: Vec<&str> = self
                .edges
                .iter()
                .filter(|e| e.kind == kind && keep.contains(e.from.as_str()))
                .map(|e| e.to.as_str())
                .collect();
            keep.extend(more);
        }
        GraphView {
            plan: self.plan.clone(),
            nodes: self
                .nodes
                .iter()
                .filter(|n| keep.contains(n.id.as_str()))
                .cloned()
                .collect(),
            edges: self
                .edges
                .iter()
                .filter(|e| keep.contains(e.from.as_str()) && keep.contains(e.to.as_str()))
                .cloned()
                .collect(),
        }
    }
}
