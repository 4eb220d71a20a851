//! Overlapping conflicts, as `benches/hard.py` makes them but small enough
//! for brute force: many red lines of several parties over a few "hot"
//! terms, planted nowhere, so that the fewest red lines to yield is a
//! hitting-set problem. Every plan sets every term and every party signs,
//! so an amendment's cost is exactly (red lines it crosses, terms it
//! changes), which the oracle computes over every assignment. Up to two
//! constraints between terms (`a == x implies b == y`, met by the plan)
//! tie changes together: the oracle counts coherent assignments only.
//!
//! - `amend` (lazy) and `amend_eager` both reach the brute-force optimum;
//! - an anytime answer (`time_limit` of a few microseconds to a few
//!   milliseconds) is honest: its bound never exceeds the optimum, the red
//!   lines it lists are exactly those its plan crosses, and when it says
//!   `optimal` it is;
//! - trimming an amendment (what `amend` does to its best answer when a
//!   time limit cuts the search) never makes it worse, states itself
//!   truly, and leaves no change that can be dropped alone.

use crate::common::{prop_config, scaled};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use redline::{AmendOptions, AmendOutcome, AmendResult, Change, ClauseId, Memory, Setting, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// One literal: term `t` compared with its `v`-th value.
#[derive(Debug, Clone, Copy)]
struct Lit {
    t: usize,
    op: &'static str,
    v: usize,
}

#[derive(Debug, Clone)]
struct Line {
    party: usize,
    forbid: bool,
    lits: Vec<Lit>,
}

#[derive(Debug, Clone)]
struct Case {
    /// Values per term (2 to 4).
    sizes: Vec<usize>,
    plan: Vec<usize>,
    parties: usize,
    lines: Vec<Line>,
    /// Constraints between terms, `(i, a, j, b)`: `t.x{i} == 'v{a}' implies
    /// t.x{j} == 'v{b}'`, each one the plan meets (so a change to one term
    /// can require a change to another).
    ties: Vec<(usize, usize, usize, usize)>,
}

/// Whether an assignment meets every constraint between terms.
fn coherent(c: &Case, a: &[usize]) -> bool {
    c.ties.iter().all(|&(i, x, j, y)| a[i] != x || a[j] == y)
}

fn holds(l: &Lit, a: &[usize]) -> bool {
    let x = a[l.t];
    match l.op {
        "==" => x == l.v,
        "!=" => x != l.v,
        "<=" => x <= l.v,
        _ => x >= l.v,
    }
}

fn crossed(line: &Line, a: &[usize]) -> bool {
    if line.forbid {
        line.lits.iter().all(|l| holds(l, a))
    } else {
        !line.lits.iter().any(|l| holds(l, a))
    }
}

/// (red lines crossed, terms changed) of one assignment.
fn cost(c: &Case, a: &[usize]) -> (usize, usize) {
    let crossed = c.lines.iter().filter(|l| crossed(l, a)).count();
    let changed = a.iter().zip(&c.plan).filter(|(x, p)| x != p).count();
    (crossed, changed)
}

/// The lexicographic optimum over every assignment.
fn optimum(c: &Case) -> (usize, usize) {
    let mut a = vec![0; c.sizes.len()];
    // The plan is coherent: a start that every optimum is at most.
    let mut best = cost(c, &c.plan);
    if coherent(c, &a) {
        best = best.min(cost(c, &a));
    }
    loop {
        let mut i = 0;
        loop {
            if i == a.len() {
                return best;
            }
            a[i] += 1;
            if a[i] < c.sizes[i] {
                break;
            }
            a[i] = 0;
            i += 1;
        }
        if coherent(c, &a) {
            best = best.min(cost(c, &a));
        }
    }
}

fn case_strategy() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(2usize..=4, 3..=7),
        2usize..=5,
        any::<u64>(),
        4usize..=16,
    )
        .prop_map(|(sizes, parties, seed, n)| {
            let mut s = seed | 1;
            let mut next = |m: usize| {
                // xorshift: cheap, and enough to spread red lines around.
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s % m as u64) as usize
            };
            let terms = sizes.len();
            let hot = 2 + next(terms - 1);
            let plan: Vec<usize> = sizes.iter().map(|k| next(*k)).collect();
            let mut lines = Vec::new();
            for _ in 0..n {
                let k = 1 + next(3.min(hot));
                let mut ts: Vec<usize> = Vec::new();
                while ts.len() < k {
                    let t = next(hot);
                    if !ts.contains(&t) {
                        ts.push(t);
                    }
                }
                // No literal is true or false for every value.
                let lits = ts
                    .into_iter()
                    .map(|t| {
                        let m = sizes[t];
                        match next(4) {
                            0 => Lit {
                                t,
                                op: "==",
                                v: next(m),
                            },
                            1 => Lit {
                                t,
                                op: "!=",
                                v: next(m),
                            },
                            2 => Lit {
                                t,
                                op: "<=",
                                v: next(m - 1),
                            },
                            _ => Lit {
                                t,
                                op: ">=",
                                v: 1 + next(m - 1),
                            },
                        }
                    })
                    .collect();
                lines.push(Line {
                    party: next(parties),
                    forbid: next(2) == 0,
                    lits,
                });
            }
            // Up to two ties between different terms, met by the plan.
            let mut ties = Vec::new();
            for _ in 0..next(3) {
                let i = next(terms);
                let j = (i + 1 + next(terms - 1)) % terms;
                ties.push((i, plan[i], j, plan[j]));
            }
            Case {
                sizes,
                plan,
                parties,
                lines,
                ties,
            }
        })
}

fn files(c: &Case) -> Memory {
    let value = |v: usize| format!("v{v}");
    let mut terms = String::new();
    for (i, k) in c.sizes.iter().enumerate() {
        let vals: Vec<String> = (0..*k).map(|v| format!("\"{}\"", value(v))).collect();
        terms.push_str(&format!(
            "[[term]]\nid = \"t.x{i}\"\nvalues = [{}]\n\n",
            vals.join(", ")
        ));
    }
    for (k, (i, a, j, b)) in c.ties.iter().enumerate() {
        terms.push_str(&format!(
            "[[constraint]]\nid = \"tie{k}\"\nrequire = \"t.x{i} == '{}' implies t.x{j} == '{}'\"\n\n",
            value(*a),
            value(*b)
        ));
    }
    let mut parties = String::new();
    for p in 0..c.parties {
        parties.push_str(&format!("[[party]]\nid = \"p{p}\"\n\n"));
    }
    let mut out: Vec<(String, Vec<u8>)> = vec![
        ("rules/terms.toml".into(), terms.into_bytes()),
        ("rules/parties.toml".into(), parties.into_bytes()),
        ("rules/sources.toml".into(), Vec::new()),
    ];
    for p in 0..c.parties {
        let mut s = format!("party = \"p{p}\"\n\n");
        for (i, l) in c.lines.iter().enumerate().filter(|(_, l)| l.party == p) {
            let parts: Vec<String> = l
                .lits
                .iter()
                .map(|x| format!("t.x{} {} '{}'", x.t, x.op, value(x.v)))
                .collect();
            let (key, join) = if l.forbid {
                ("forbid", " and ")
            } else {
                ("require", " or ")
            };
            s.push_str(&format!(
                "[[red_line]]\nid = \"h{i}\"\n{key} = \"{}\"\n\n",
                parts.join(join)
            ));
        }
        out.push((format!("rules/p{p}.toml"), s.into_bytes()));
    }
    let signed: Vec<String> = (0..c.parties).map(|p| format!("\"p{p}\"")).collect();
    let mut plan = format!(
        "id = \"plan\"\ntitle = \"Generated\"\nparties = [{}]\n\n",
        signed.join(", ")
    );
    for (i, v) in c.plan.iter().enumerate() {
        plan.push_str(&format!(
            "[[clause]]\nid = \"c{i}\"\ntext = \"Clause {i}.\"\nset = {{ \"t.x{i}\" = \"{}\" }}\n\n",
            value(*v)
        ));
    }
    out.push(("proposals/plan.toml".into(), plan.into_bytes()));
    out.into_iter().collect()
}

/// An answer's cost as `amend` states it, and the assignment of its plan.
fn stated(r: &AmendResult, ws: &redline::Workspace, c: &Case) -> ((usize, usize), Vec<usize>) {
    let (yielded, am) = match &r.outcome {
        AmendOutcome::Amended(a) => (0, Some(a)),
        AmendOutcome::Impossible(i) => (i.correction.len(), i.after_yield.as_ref()),
    };
    match am {
        Some(am) => ((yielded, am.changes.len()), assignment(&am.plan, ws, c)),
        None => ((yielded, 0), c.plan.clone()),
    }
}

/// The value each term of `plan` is set to.
fn assignment(plan: &redline::Plan, ws: &redline::Workspace, c: &Case) -> Vec<usize> {
    let mut a = c.plan.clone();
    for clause in &plan.clauses {
        for (term, setting) in &clause.set {
            let id = &ws.rules.vocab.get(*term).id;
            let i: usize = id.trim_start_matches("t.x").parse().unwrap();
            match &setting.value {
                Setting::Fixed(Value::Enum(v)) => a[i] = *v as usize,
                other => panic!("{id} is set to {other:?}"),
            }
        }
    }
    a
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(prop_config(cases, file!()))
}

/// 2,000 instances with overlapping conflicts: lazy and eager `amend` both
/// reach the brute-force optimum, and so does every answer they call
/// optimal with a time limit; an unproved answer's bound is at most the
/// optimum, and it lists exactly the red lines its plan crosses.
#[test]
fn overlapping_conflicts_against_brute_force() {
    let conflicts = AtomicUsize::new(0);
    let cut_short = AtomicUsize::new(0);
    let mut r = runner(2_000);
    let result = r.run(&(case_strategy(), 0u64..3_000), |(c, micros)| {
        let loaded = redline::load(&files(&c));
        prop_assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let ws = &loaded.workspace;
        let plan = &ws.plans[0];
        let want = optimum(&c);
        let opts = AmendOptions::default();
        for (name, got) in [
            ("amend", redline::amend(&ws.rules, plan, &opts)),
            ("amend_eager", redline::amend_eager(&ws.rules, plan, &opts)),
        ] {
            let got = got.map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            let (claimed, a) = stated(&got, ws, &c);
            prop_assert!(got.optimal, "{} without a time limit is not optimal", name);
            prop_assert_eq!(claimed, want, "{}: {:?}", name, c);
            prop_assert_eq!(cost(&c, &a), want, "{} plan", name);
            prop_assert_eq!(got.lower_bound, want.0, "{} bound", name);
        }
        if want.0 > 0 {
            conflicts.fetch_add(1, Ordering::Relaxed);
        }
        let limited = AmendOptions {
            time_limit: Some(Duration::from_micros(micros)),
            ..AmendOptions::default()
        };
        let got = redline::amend(&ws.rules, plan, &limited)
            .map_err(|e| TestCaseError::fail(format!("with a limit: {e}")))?;
        let (stated_cost, a) = stated(&got, ws, &c);
        // The answer is what it says: the red lines it lists are exactly
        // those its plan crosses, and its changes are its plan's.
        prop_assert_eq!(
            cost(&c, &a),
            stated_cost,
            "the answer misstates itself: {:?}",
            c
        );
        prop_assert!(
            got.lower_bound <= want.0,
            "bound {} above the optimum {}",
            got.lower_bound,
            want.0
        );
        prop_assert!(
            stated_cost >= want,
            "better than the optimum: {:?}",
            stated_cost
        );
        if got.optimal {
            prop_assert_eq!(stated_cost, want, "called optimal");
        } else {
            cut_short.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (k, s) = (conflicts.into_inner(), cut_short.into_inner());
    eprintln!("overlapping conflicts: {k} without an amendment free of vetoes; {s} answers cut short by the limit");
    let n = scaled(1) as usize;
    assert!(k >= 500 * n, "too few conflicts: {k}");
    assert!(s >= 50 * n, "too few answers cut short: {s}");
}

/// 1,000 instances, each with an amendment drawn at random (every term to
/// a random value): trimmed, it costs no more than it did, its plan crosses
/// exactly the red lines it states and changes exactly the terms it lists,
/// it keeps only changes it was given, and undoing any one of them crosses
/// more red lines (brute force over the trimmed assignment).
#[test]
fn trimmed_amendments_keep_no_needless_change() {
    let trimmed = AtomicUsize::new(0);
    let mut r = runner(1_000);
    let result = r.run(
        &(case_strategy(), prop::collection::vec(0usize..4, 7)),
        |(c, draw)| {
            let loaded = redline::load(&files(&c));
            prop_assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
            let ws = &loaded.workspace;
            let plan = &ws.plans[0];
            let drawn: Vec<usize> = c.sizes.iter().zip(&draw).map(|(k, v)| v % k).collect();
            // An amendment is a coherent plan; an incoherent draw is none.
            prop_assume!(coherent(&c, &drawn));
            let changes: Vec<Change> = (0..c.sizes.len())
                .filter(|&i| drawn[i] != c.plan[i])
                .map(|i| Change::Set {
                    term: ws.rules.vocab.lookup(&format!("t.x{i}")).unwrap(),
                    clauses: vec![ClauseId::from_index(i)],
                    from: Setting::Fixed(Value::Enum(c.plan[i] as u32)),
                    to: Value::Enum(drawn[i] as u32),
                })
                .collect();
            let given = changes.len();
            let (am, yielded) =
                redline::trim_changes(&ws.rules, plan, &AmendOptions::default(), changes)
                    .map_err(|e| TestCaseError::fail(format!("trim: {e}")))?;
            let mut a = c.plan.clone();
            for ch in &am.changes {
                let Change::Set { term, to, .. } = ch else {
                    return Err(TestCaseError::fail(format!("not a change given: {ch:?}")));
                };
                let id = &ws.rules.vocab.get(*term).id;
                let i: usize = id.trim_start_matches("t.x").parse().unwrap();
                prop_assert_eq!(*to, Value::Enum(drawn[i] as u32), "a change not given");
                a[i] = drawn[i];
            }
            let got = assignment(&am.plan, ws, &c);
            prop_assert_eq!(&got, &a, "the trimmed plan is not its changes");
            prop_assert_eq!(
                cost(&c, &a),
                (yielded.len(), am.changes.len()),
                "the trimmed amendment misstates itself: {:?}",
                c
            );
            prop_assert!(
                cost(&c, &a) <= cost(&c, &drawn),
                "trimming made it worse: {:?} from {:?}",
                cost(&c, &a),
                cost(&c, &drawn)
            );
            for i in (0..a.len()).filter(|&i| a[i] != c.plan[i]) {
                let mut undone = a.clone();
                undone[i] = c.plan[i];
                prop_assert!(
                    !coherent(&c, &undone) || cost(&c, &undone).0 > yielded.len(),
                    "the change to t.x{} could be dropped: {:?}",
                    i,
                    c
                );
            }
            if am.changes.len() < given {
                trimmed.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        },
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    let t = trimmed.into_inner();
    eprintln!("trimmed amendments: {t} lost a change");
    assert!(
        t >= 200 * scaled(1) as usize,
        "too few amendments trimmed: {t}"
    );
}

/// Two changes a constraint between terms ties together are kept together:
/// undoing either alone leaves a plan no completion makes coherent, which
/// trimming must pass over (it once stopped `amend` with an
/// "incoherent-plan" error instead); a needless change beside them goes.
#[test]
fn trimming_keeps_changes_a_constraint_ties() {
    let terms = "[[term]]\nid = \"t.a\"\nvalues = [\"v0\", \"v1\"]\n\n\
                 [[term]]\nid = \"t.b\"\nvalues = [\"v0\", \"v1\"]\n\n\
                 [[term]]\nid = \"t.c\"\nvalues = [\"v0\", \"v1\"]\n\n\
                 [[constraint]]\nid = \"together\"\nrequire = \"t.a == 'v1' implies t.b == 'v1'\"\n\n\
                 [[constraint]]\nid = \"together-too\"\nrequire = \"t.b == 'v1' implies t.a == 'v1'\"\n";
    let plan = "id = \"plan\"\ntitle = \"Tied\"\nparties = [\"p\"]\n\n\
                [[clause]]\nid = \"c0\"\nset = { \"t.a\" = \"v0\" }\n\n\
                [[clause]]\nid = \"c1\"\nset = { \"t.b\" = \"v0\" }\n\n\
                [[clause]]\nid = \"c2\"\nset = { \"t.c\" = \"v0\" }\n";
    let files: Memory = [
        ("rules/terms.toml", terms),
        ("rules/parties.toml", "[[party]]\nid = \"p\"\n"),
        ("rules/sources.toml", ""),
        (
            "rules/p.toml",
            "party = \"p\"\n\n[[red_line]]\nid = \"a\"\nrequire = \"t.a == 'v1'\"\n",
        ),
        ("proposals/plan.toml", plan),
    ]
    .into_iter()
    .collect();
    let loaded = redline::load(&files);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let ws = &loaded.workspace;
    let change = |i: usize| Change::Set {
        term: ws.rules.vocab.lookup(["t.a", "t.b", "t.c"][i]).unwrap(),
        clauses: vec![ClauseId::from_index(i)],
        from: Setting::Fixed(Value::Enum(0)),
        to: Value::Enum(1),
    };
    let (am, yielded) = redline::trim_changes(
        &ws.rules,
        &ws.plans[0],
        &AmendOptions::default(),
        vec![change(0), change(1), change(2)],
    )
    .expect("trimming an amendment whose changes a constraint ties");
    assert!(yielded.is_empty(), "{yielded:?}");
    assert_eq!(am.changes, vec![change(0), change(1)]);
}
