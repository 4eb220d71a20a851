//! The conflict graph: parties, blocs and membership; red lines and the
//! pairs of them no plan satisfies together; with a plan, its clauses and
//! the red lines they cross.

use crate::check::{check, crossing, Cause, CheckOptions, FindingKind, Verdict};
use crate::completion::domain::{solver_domain, Cuts};
use crate::error::Error;
use crate::model::Expr;
use crate::model::{Plan, RedLineId, Rules, Severity};
use crate::sat::{Domains, Encoder};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet};

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A party that is not a bloc (it has no members).
    Party,
    /// A bloc: a party with members.
    Bloc,
    /// A red line; `unavoidable` when no plan can avoid crossing it.
    RedLine {
        /// The red line's severity.
        severity: Severity,
        /// Whether every plan crosses it (only ever true of a veto).
        unavoidable: bool,
    },
    /// A clause of the plan.
    Clause,
    /// What the plan leaves unsaid (status quo, or open).
    Silence,
}

/// A node of the conflict graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What the node stands for.
    pub kind: NodeKind,
    /// A stable id: `party:russia`, `red_line:russia/no-nato-contingent`,
    /// `clause:7`, `silence`.
    pub id: String,
    /// What to show.
    pub label: String,
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// What an edge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// Party → bloc.
    Member,
    /// Red line → the party that holds it.
    Holds,
    /// Red line — red line: no plan satisfies both (both vetoes).
    Conflicts,
    /// Clause (or silence) → red line, with the verdict.
    Crosses(Verdict),
    /// Clause → owner of a term it sets without the owner's signature.
    Consent,
    /// Member's red line → bloc that takes its veto as its own.
    Consensus,
}

/// An edge of the conflict graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// What the edge says.
    pub kind: EdgeKind,
    /// What to show on it: `member of`, a severity, `conflicts`, a verdict,
    /// `consensus veto` or `sets <term> without consent`.
    pub label: String,
}

impl std::fmt::Display for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// The graph, built in a fixed order: parties, red lines, clauses, then edges.
#[derive(Debug, Clone)]
pub struct ConflictGraph {
    /// The nodes and edges, in the order they were added.
    pub graph: DiGraph<Node, Edge>,
    /// The plan's id, when a plan was given.
    pub plan: Option<String>,
}

/// Build the conflict graph for the chosen parties, with a plan's findings
/// when one is given.
pub fn conflict_graph(
    rules: &Rules,
    plan: Option<&Plan>,
    sel: &CheckOptions,
) -> Result<ConflictGraph, Error> {
    let mut g: DiGraph<Node, Edge> = DiGraph::new();
    let edge = |kind: EdgeKind, label: &str| Edge {
        kind,
        label: label.to_string(),
    };

    // Parties and blocs, in parties.toml order.
    let mut party_node = BTreeMap::new();
    for p in rules.party_ids() {
        let party = rules.party(p);
        let kind = if party.members.is_empty() {
            NodeKind::Party
        } else {
            NodeKind::Bloc
        };
        let n = g.add_node(Node {
            kind,
            id: format!("party:{}", party.id),
            label: party.id.clone(),
        });
        party_node.insert(p, n);
    }

    // Red lines in force for the chosen parties, in file order.
    let vetoes = sel.red_lines(rules, Severity::Veto);
    let objections = sel.red_lines(rules, Severity::Objection);
    let mut shown: BTreeSet<RedLineId> = vetoes.iter().chain(&objections).copied().collect();
    // A consensus finding points at a member's red line: show it too.
    let report = match plan {
        Some(p) => Some(check(rules, p, sel)?),
        None => None,
    };
    if let Some(r) = &report {
        shown.extend(r.findings.iter().filter_map(|f| f.red_line()));
    }
    let crossings: BTreeMap<RedLineId, &Expr> = vetoes
        .iter()
        .filter_map(|r| Some(rules.red_line(*r)).map(|x| (*r, crossing(x))))
        .collect();
    let mut unavoidable = BTreeSet::new();
    for (r, e) in &crossings {
        if !avoidable(rules, &[e])? {
            unavoidable.insert(*r);
        }
    }
    let mut line_node = BTreeMap::new();
    for r in &shown {
        let Some(rl) = Some(rules.red_line(*r)) else {
            continue;
        };
        let name = format!("{}/{}", rules.party(rl.party).id, rl.id);
        let n = g.add_node(Node {
            kind: NodeKind::RedLine {
                severity: rl.severity,
                unavoidable: unavoidable.contains(r),
            },
            id: format!("red_line:{name}"),
            label: name,
        });
        line_node.insert(*r, n);
    }

    // Clauses, and silence when a finding rests on it.
    let mut clause_node: Vec<NodeIndex> = Vec::new();
    let mut silence = None;
    if let (Some(plan), Some(report)) = (plan, &report) {
        for c in &plan.clauses {
            clause_node.push(g.add_node(Node {
                kind: NodeKind::Clause,
                id: format!("clause:{}", c.id),
                label: format!("clause {}", c.id),
            }));
        }
        if report
            .problems()
            .any(|f| f.causes.iter().any(|c| !matches!(c, Cause::Clause { .. })))
        {
            silence = Some(g.add_node(Node {
                kind: NodeKind::Silence,
                id: "silence".to_string(),
                label: "(silence)".to_string(),
            }));
        }
    }

    // Membership.
    for b in rules.party_ids() {
        for m in &rules.party(b).members {
            if let (Some(&from), Some(&to)) = (party_node.get(m), party_node.get(&b)) {
                g.add_edge(from, to, edge(EdgeKind::Member, "member of"));
            }
        }
    }
    // Who holds each red line.
    for (r, &n) in &line_node {
        if let Some(rl) = Some(rules.red_line(*r)) {
            if let Some(&p) = party_node.get(&rl.party) {
                g.add_edge(n, p, edge(EdgeKind::Holds, rl.severity.as_str()));
            }
        }
    }
    // Pairs of vetoes no plan satisfies together (each avoidable on its
    // own). Only red lines that share a term can conflict.
    let mut readers: BTreeMap<crate::model::TermId, Vec<RedLineId>> = BTreeMap::new();
    for (r, e) in &crossings {
        for t in e.terms() {
            readers.entry(t).or_default().push(*r);
        }
    }
    let mut pairs: BTreeSet<(RedLineId, RedLineId)> = BTreeSet::new();
    for rs in readers.values() {
        for (i, a) in rs.iter().enumerate() {
            for b in rs.iter().skip(i + 1) {
                if !unavoidable.contains(a) && !unavoidable.contains(b) {
                    pairs.insert((*a.min(b), *a.max(b)));
                }
            }
        }
    }
    for (a, b) in pairs {
        let (Some(ea), Some(eb)) = (crossings.get(&a), crossings.get(&b)) else {
            continue;
        };
        if !avoidable(rules, &[ea, eb])? {
            if let (Some(&x), Some(&y)) = (line_node.get(&a), line_node.get(&b)) {
                g.add_edge(x, y, edge(EdgeKind::Conflicts, "conflicts"));
            }
        }
    }
    // The plan's findings.
    if let Some(report) = &report {
        for f in report.problems() {
            match &f.kind {
                FindingKind::RedLine(r) => {
                    let Some(&to) = line_node.get(r) else {
                        continue;
                    };
                    let label = match f.verdict {
                        Verdict::Violated => "violated",
                        Verdict::AtRisk => "at risk",
                        Verdict::Satisfied => "satisfied",
                    };
                    let mut from: Vec<NodeIndex> = f
                        .clauses()
                        .iter()
                        .filter_map(|c| clause_node.get(c.index()).copied())
                        .collect();
                    if f.causes.iter().any(|c| !matches!(c, Cause::Clause { .. })) {
                        from.extend(silence);
                    }
                    for n in from {
                        g.add_edge(n, to, edge(EdgeKind::Crosses(f.verdict), label));
                    }
                }
                FindingKind::Consensus { red_line, .. } => {
                    if let (Some(&from), Some(&to)) =
                        (line_node.get(red_line), party_node.get(&f.party))
                    {
                        g.add_edge(from, to, edge(EdgeKind::Consensus, "consensus veto"));
                    }
                }
                FindingKind::Consent { clause, term } => {
                    if let (Some(&from), Some(&to)) =
                        (clause_node.get(clause.index()), party_node.get(&f.party))
                    {
                        let label = format!("sets {} without consent", rules.vocab.get(*term).id);
                        g.add_edge(from, to, edge(EdgeKind::Consent, &label));
                    }
                }
            }
        }
    }
    Ok(ConflictGraph {
        graph: g,
        plan: plan.map(|p| p.id.clone()),
    })
}

/// Whether some coherent assignment avoids crossing every one of `exprs`.
fn avoidable(rules: &Rules, exprs: &[&Expr]) -> Result<bool, Error> {
    let mut owned: Vec<Expr> = exprs.iter().map(|e| (*e).clone()).collect();
    let mut terms = BTreeSet::new();
    for e in &owned {
        e.collect_terms(&mut terms);
    }
    let links = crate::completion::coherence::Links::of(rules);
    let (terms, cs) = links.closure(&terms);
    let hard = crate::completion::coherence::conditions(rules, &cs);
    let n = owned.len();
    owned.extend(hard);
    let cuts = Cuts::of(&owned);
    let doms: Domains = terms
        .iter()
        .map(|t| (*t, solver_domain(rules, &[&cuts], *t)))
        .collect();
    let mut enc = Encoder::new(&doms)?;
    let mut assumptions = Vec::new();
    for (i, e) in owned.iter().enumerate() {
        let l = enc.encode(e)?;
        // The red lines must not be crossed; the constraints must hold.
        assumptions.push(if i < n { !l } else { l });
    }
    Ok(enc.solve(&assumptions)?.is_some())
}
