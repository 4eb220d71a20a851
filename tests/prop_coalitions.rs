//! Property tests: `redline::coalitions` against every subset of parties.
//!
//! Each case is a random model built directly, with `prop_solve`'s
//! expressions: two to four parties and often a bloc (mostly deciding by
//! consensus, owning terms so that its members' vetoes become its own;
//! now and then inside a second bloc),
//! two to four small terms (bools, enums, integers over at most four
//! values, some following a party's signature), constraints between them,
//! two to eight red lines (many a single comparison, so that they clash),
//! with random `since` / `stated` / `until`, readings and analyses, a random
//! date (or none), basis and choice of parties.
//!
//! The oracle enumerates every assignment of every term over its domain
//! once. A group of parties *can agree* when some assignment satisfies
//! every constraint, gives the terms that follow one party's signature one
//! value (the party signs or not), and crosses none of the veto red lines the group weighs
//! (`CheckOptions { parties: group, .. }.red_lines(rules, Severity::Veto)`,
//! crossing by `redline::crossing(..).eval`). Then:
//!
//! - the coalitions are exactly the maximal groups that can agree (largest
//!   first), the blocking groups exactly the minimal groups that cannot
//!   (smallest first), `pivotal` their intersection, `all_agree` whether
//!   every party considered can agree, and the enumeration is complete;
//! - a coalition's witness is coherent and crosses none of its members'
//!   vetoes, and, made into a plan that sets its terms (and is signed by the
//!   parties whose signature terms it makes true), `check` finds no violated
//!   veto of a member (consent aside: a fully decided plan's signatories are
//!   not modelled);
//! - a blocking group's conflict is non-empty, made of its members' red
//!   lines (or those of members of a consensus bloc in it) that it weighs,
//!   unsatisfiable and irreducible.
//!
//! The cases are seeded: a failure names the seed to replay.

use crate::common::scaled;
use crate::prop_solve::{
    any_assignment, constraint, domain, expr, leaf, located, rules_of, vocabulary,
};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use redline::{check, coalitions, crossing, CheckOptions, Coalitions, FindingKind};
use redline::{
    Basis, BasisFilter, Clause, Constraint, Date, Decides, Expr, Loc, Party, PartyId, Plan,
    Polarity, RedLine, RedLineId, Rules, Setting, Severity, Term, TermKind, Value,
};
use redline_testkit::SplitMix64;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------- instances

struct Instance {
    rules: Rules,
    sel: CheckOptions,
}

impl std::fmt::Debug for Instance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::common::dump_rules(f, &self.rules)?;
        writeln!(f, "options: {:?}", self.sel)
    }
}

fn pick<T: Copy>(rng: &mut SplitMix64, items: &[T]) -> T {
    items[rng.below(items.len())]
}

/// Red lines' dates: a few days, so that some are in force on the date
/// checked and some are not.
const DAYS: &[&str] = &["2024-01-01", "2025-01-01", "2025-06-01", "2026-01-01"];
/// The dates checked (with none: every red line).
const AS_OF: &[&str] = &["2024-06-01", "2025-01-01", "2025-06-01", "2026-06-01"];

fn instance(seed: u64) -> Instance {
    let mut rng = SplitMix64::new(seed);
    let n_plain = rng.range(2, 4);
    let mut parties: Vec<Party> = (0..n_plain)
        .map(|i| Party {
            id: format!("p{i}"),
            name: format!("P{i}"),
            members: Vec::new(),
            decides: Decides::Unspecified,
            loc: Loc::default(),
        })
        .collect();
    if rng.chance(45) {
        let k = rng.range(2, n_plain);
        let mut members: Vec<PartyId> = rng
            .sample(n_plain, k)
            .into_iter()
            .map(PartyId::from_index)
            .collect();
        members.sort();
        parties.push(Party {
            id: "bloc".into(),
            name: "Bloc".into(),
            members,
            decides: if rng.chance(75) {
                Decides::Consensus
            } else {
                Decides::Unspecified
            },
            loc: Loc::default(),
        });
    }
    // Now and then a bloc of the bloc and a plain party, deciding by
    // consensus: its members' members' vetoes become its own too.
    if parties.len() > n_plain && rng.chance(20) {
        parties.push(Party {
            id: "union".into(),
            name: "Union".into(),
            members: vec![
                PartyId::from_index(rng.below(n_plain)),
                PartyId::from_index(n_plain),
            ],
            decides: Decides::Consensus,
            loc: Loc::default(),
        });
    }
    let n_parties = parties.len();
    let mut terms = Vec::new();
    for i in 0..rng.range(2, 4) {
        let kind = crate::prop_solve::small_kind(&mut rng);
        let dom = domain(&kind);
        let signed_by = (kind == TermKind::Bool && rng.chance(15))
            .then(|| PartyId::from_index(rng.below(n_parties)));
        // The bloc, when there is one, owns a term more often than not.
        let owners = if signed_by.is_some() {
            Vec::new()
        } else if n_parties > n_plain && rng.chance(50) {
            vec![PartyId::from_index(rng.range(n_plain, n_parties - 1))]
        } else if rng.chance(40) {
            vec![PartyId::from_index(rng.below(n_parties))]
        } else {
            Vec::new()
        };
        terms.push(Term {
            id: format!("t{i}"),
            about: String::new(),
            default: (signed_by.is_none() && rng.chance(60)).then(|| pick(&mut rng, &dom)),
            owners,
            signed_by,
            kind,
            loc: Loc::default(),
        });
    }
    // Constraints some world satisfies (else the vocabulary is a load
    // error): a few tries each, then none.
    let n_constraints = if rng.chance(70) { rng.range(1, 2) } else { 0 };
    let mut constraints: Vec<Constraint> = Vec::new();
    for i in 0..n_constraints {
        for _ in 0..4 {
            let c = constraint(&mut rng, &terms, i);
            let mut with = constraints.clone();
            with.push(c.clone());
            if some_world(&terms, &with) {
                constraints = with;
                break;
            }
        }
    }
    let days: Vec<Date> = DAYS.iter().map(|d| Date::parse(d).unwrap()).collect();
    let mut red_lines: Vec<RedLine> = Vec::new();
    // The value of each of the first two terms each party prefers: a
    // different one for neighbours.
    let base = [rng.below(4), rng.below(4)];
    let prefs: Vec<[usize; 2]> = (0..n_parties).map(|p| [base[0] + p, base[1] + p]).collect();
    for i in 0..rng.range(4, 10) {
        // Mostly a red line its party can hold together with its others
        // (a few tries), so that parties clash with each other more often
        // than with themselves.
        let alone = rng.chance(75);
        let mut r = red_line(&mut rng, &terms, &prefs, &days, i);
        for _ in 0..4 {
            if !alone || holdable(&terms, &constraints, &red_lines, &r) {
                break;
            }
            r = red_line(&mut rng, &terms, &prefs, &days, i);
        }
        red_lines.push(r);
        // Now and then an analyst's reading of an earlier statement (held
        // by the same party), or an analysis of its own.
        let me = red_lines.len() - 1;
        let statements: Vec<usize> = (0..me)
            .filter(|j| red_lines[*j].basis == Basis::Statement && red_lines[*j].reads.is_none())
            .collect();
        if !statements.is_empty() && rng.chance(25) {
            let target = statements[rng.below(statements.len())];
            red_lines[me].party = red_lines[target].party;
            red_lines[me].basis = Basis::Analysis;
            red_lines[me].reads = Some(RedLineId::from_index(target));
            red_lines[target].read_by.push(RedLineId::from_index(me));
        } else if rng.chance(10) {
            red_lines[me].basis = Basis::Analysis;
        }
    }
    let as_of = if rng.chance(25) {
        None
    } else {
        Date::parse(pick(&mut rng, AS_OF))
    };
    let basis = if rng.chance(30) {
        BasisFilter::Statement
    } else {
        BasisFilter::Any
    };
    // The parties considered: all, or some (a bloc without its members too).
    let chosen: Vec<PartyId> = if rng.chance(65) {
        Vec::new()
    } else {
        (0..n_parties)
            .map(PartyId::from_index)
            .filter(|_| rng.chance(60))
            .collect()
    };
    let vocab = vocabulary(terms);
    let rules = rules_of(vocab, parties, red_lines, constraints);
    Instance {
        rules,
        sel: CheckOptions {
            as_of,
            parties: chosen,
            basis,
        },
    }
}

/// Red line `i`: random dates, and mostly a demand for one value of one of
/// the first two terms (parties demanding different ones clash) or a
/// comparison, else a formula.
fn red_line(
    rng: &mut SplitMix64,
    terms: &[Term],
    prefs: &[[usize; 2]],
    days: &[Date],
    i: usize,
) -> RedLine {
    // Dates drawn, put in order, and handed to the fields present.
    let (has_since, has_stated, has_until) = (rng.chance(15), rng.chance(30), rng.chance(20));
    let mut drawn: Vec<Date> =
        (0..usize::from(has_since) + usize::from(has_stated) + usize::from(has_until))
            .map(|_| pick(rng, days))
            .collect();
    drawn.sort();
    let mut it = drawn.into_iter();
    let since = if has_since { it.next() } else { None };
    let stated = if has_stated { it.next() } else { None };
    let mut until = if has_until { it.next() } else { None };
    if let (Some(u), Some(s)) = (until, since.or(stated)) {
        if u <= s {
            until = s.next();
        }
    }
    // A demand for one value of one of the first two terms (parties
    // demanding different ones clash), a comparison, or a formula.
    let party = rng.below(prefs.len());
    let (rule, polarity) = match rng.below(10) {
        0..=5 => {
            // Mostly the value the party prefers, so that it clashes
            // with others more often than with itself.
            let t = rng.below(2);
            let dom = domain(&terms[t].kind);
            let v = if rng.chance(80) {
                dom[prefs[party][t] % dom.len()]
            } else {
                pick(rng, &dom)
            };
            let rule = Expr::In {
                term: redline::TermId::from_index(t),
                values: vec![v],
            };
            (rule, Polarity::Require)
        }
        6..=8 => (leaf(rng, terms), Polarity::Forbid),
        _ => {
            let depth = rng.range(1, 2) as u32;
            (expr(rng, terms, depth), Polarity::Forbid)
        }
    };
    let polarity = if rng.chance(10) {
        match polarity {
            Polarity::Forbid => Polarity::Require,
            Polarity::Require => Polarity::Forbid,
        }
    } else {
        polarity
    };
    RedLine {
        id: format!("r{i}"),
        party: PartyId::from_index(party),
        about: String::new(),
        polarity,
        rule: located(rule),
        when: rng.chance(15).then(|| located(leaf(rng, terms))),
        severity: if rng.chance(80) {
            Severity::Veto
        } else {
            Severity::Objection
        },
        since,
        stated,
        until,
        source: None,
        quote: None,
        basis: Basis::Statement,
        reads: None,
        read_by: Vec::new(),
        note: String::new(),
        loc: Loc::default(),
        crossing: Default::default(),
    }
}

/// Whether the party of `r` can hold it with its red lines so far: some
/// coherent assignment crosses none of them.
fn holdable(
    terms: &[Term],
    constraints: &[Constraint],
    red_lines: &[RedLine],
    r: &RedLine,
) -> bool {
    let doms: Vec<Vec<Value>> = terms.iter().map(|t| domain(&t.kind)).collect();
    let holds: Vec<Expr> = constraints.iter().map(Constraint::holds).collect();
    let mine: Vec<&Expr> = red_lines
        .iter()
        .filter(|x| x.party == r.party)
        .chain([r])
        .map(crossing)
        .collect();
    any_assignment(&doms, |a| {
        let val = |t: redline::TermId| a[t.index()];
        holds.iter().all(|h| h.eval(&val)) && mine.iter().all(|c| !c.eval(&val))
    })
}

/// Whether some assignment satisfies every constraint.
fn some_world(terms: &[Term], constraints: &[Constraint]) -> bool {
    let doms: Vec<Vec<Value>> = terms.iter().map(|t| domain(&t.kind)).collect();
    let holds: Vec<Expr> = constraints.iter().map(Constraint::holds).collect();
    any_assignment(&doms, |a| holds.iter().all(|h| h.eval(&|t| a[t.index()])))
}

// ---------------------------------------------------------------- the oracle

/// What enumerating every assignment once tells: for each coherent
/// assignment, the set of red lines it crosses (a bit per red line).
struct Worlds {
    doms: Vec<Vec<Value>>,
    crossed: BTreeSet<u64>,
}

impl Worlds {
    fn of(rules: &Rules) -> Worlds {
        let doms: Vec<Vec<Value>> = rules.vocab.terms.iter().map(|t| domain(&t.kind)).collect();
        let holds: Vec<Expr> = rules.constraints.iter().map(Constraint::holds).collect();
        let crossings: Vec<&Expr> = rules.red_lines.iter().map(crossing).collect();
        // Terms that follow one party's signature: a plan makes them all
        // true (the party signs) or all false.
        let signed: Vec<(usize, PartyId)> = rules
            .vocab
            .terms
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.signed_by.map(|p| (i, p)))
            .collect();
        let mut crossed = BTreeSet::new();
        any_assignment(&doms, |a| {
            let val = |t: redline::TermId| a[t.index()];
            let one_signature = signed.iter().all(|(i, p)| {
                signed
                    .iter()
                    .filter(|(_, q)| q == p)
                    .all(|(j, _)| a[*i] == a[*j])
            });
            if one_signature && holds.iter().all(|h| h.eval(&val)) {
                let mut mask = 0u64;
                for (i, c) in crossings.iter().enumerate() {
                    if c.eval(&val) {
                        mask |= 1 << i;
                    }
                }
                crossed.insert(mask);
            }
            false
        });
        Worlds { doms, crossed }
    }

    /// Whether some coherent assignment crosses none of `lines`.
    fn avoids(&self, lines: &[RedLineId]) -> bool {
        let mask: u64 = lines.iter().map(|r| 1u64 << r.index()).sum();
        self.crossed.iter().any(|c| c & mask == 0)
    }
}

/// The veto red lines `group` weighs (none for no party: an empty
/// selection would mean every party).
fn vetoes(rules: &Rules, sel: &CheckOptions, group: &[PartyId]) -> Vec<RedLineId> {
    if group.is_empty() {
        return Vec::new();
    }
    CheckOptions {
        parties: group.to_vec(),
        ..sel.clone()
    }
    .red_lines(rules, Severity::Veto)
}

/// A plan setting every witnessed term to its value, signed by the parties
/// whose signature terms the witness makes true; `None` when the witness
/// gives two terms following one party's signature different values (no
/// plan has it).
fn witness_plan(rules: &Rules, witness: &[(redline::TermId, Value)]) -> Option<Plan> {
    let mut signs: BTreeMap<PartyId, bool> = BTreeMap::new();
    let mut set = Vec::new();
    for (t, v) in witness {
        match rules.vocab.get(*t).signed_by {
            Some(p) => {
                let yes = *v == Value::Bool(true);
                if *signs.entry(p).or_insert(yes) != yes {
                    return None;
                }
            }
            None => set.push((*t, located(Setting::Fixed(*v)))),
        }
    }
    Some(Plan {
        id: "witness".into(),
        title: String::new(),
        date: None,
        parties: signs
            .into_iter()
            .filter(|(_, s)| *s)
            .map(|(p, _)| p)
            .collect(),
        source: None,
        clauses: vec![Clause {
            id: "c0".into(),
            text: String::new(),
            set,
            loc: Loc::default(),
        }],
        file: Default::default(),
        loc: Loc::default(),
    })
}

static NO_WORLD: AtomicUsize = AtomicUsize::new(0);
static ALL_AGREE: AtomicUsize = AtomicUsize::new(0);
static SPLIT: AtomicUsize = AtomicUsize::new(0);
static PIVOTAL: AtomicUsize = AtomicUsize::new(0);
static BLOC_BLOCKS: AtomicUsize = AtomicUsize::new(0);
/// Cases with a bloc of a bloc.
static NESTED: AtomicUsize = AtomicUsize::new(0);
static WITNESSES: AtomicUsize = AtomicUsize::new(0);
static UNREALISABLE: AtomicUsize = AtomicUsize::new(0);

fn check_case(inst: &Instance) -> Result<(), TestCaseError> {
    let rules = &inst.rules;
    let sel = &inst.sel;
    let worlds = Worlds::of(rules);
    if worlds.crossed.is_empty() {
        // No world satisfies the constraints: a load error
        // (`constraint-conflict`), never a question of coalitions.
        NO_WORLD.fetch_add(1, Ordering::Relaxed);
        return Ok(());
    }
    let got: Coalitions =
        coalitions(rules, sel, None).map_err(|e| TestCaseError::fail(e.to_string()))?;

    let considered: Vec<PartyId> = if sel.parties.is_empty() {
        rules.party_ids().collect()
    } else {
        let set: BTreeSet<PartyId> = sel.parties.iter().copied().collect();
        set.into_iter().collect()
    };
    prop_assert_eq!(&got.parties, &considered);
    prop_assert!(got.complete);
    let n = considered.len();
    let group_of = |mask: usize| -> Vec<PartyId> {
        (0..n)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| considered[i])
            .collect()
    };
    let agree: Vec<bool> = (0..1usize << n)
        .map(|m| worlds.avoids(&vetoes(rules, sel, &group_of(m))))
        .collect();
    let full = (1usize << n) - 1;
    // Maximal: no party outside can join; minimal: no party inside can leave.
    let maximal: BTreeSet<Vec<PartyId>> = (0..=full)
        .filter(|m| agree[*m] && (0..n).all(|i| m & (1 << i) != 0 || !agree[m | (1 << i)]))
        .map(group_of)
        .collect();
    let minimal: BTreeSet<Vec<PartyId>> = (0..=full)
        .filter(|m| !agree[*m] && (0..n).all(|i| m & (1 << i) == 0 || agree[m & !(1 << i)]))
        .map(group_of)
        .collect();
    let got_coalitions: BTreeSet<Vec<PartyId>> =
        got.coalitions.iter().map(|c| c.parties.clone()).collect();
    let got_blocking: BTreeSet<Vec<PartyId>> =
        got.blocking.iter().map(|b| b.parties.clone()).collect();
    prop_assert_eq!(
        got.coalitions.len(),
        got_coalitions.len(),
        "a coalition twice"
    );
    prop_assert_eq!(
        got.blocking.len(),
        got_blocking.len(),
        "a blocking group twice"
    );
    prop_assert_eq!(&got_coalitions, &maximal, "coalitions");
    prop_assert_eq!(&got_blocking, &minimal, "blocking groups");
    prop_assert_eq!(got.all_agree, agree[full]);
    let pivotal: Vec<PartyId> = if minimal.is_empty() {
        Vec::new()
    } else {
        considered
            .iter()
            .copied()
            .filter(|p| minimal.iter().all(|b| b.contains(p)))
            .collect()
    };
    prop_assert_eq!(&got.pivotal, &pivotal, "pivotal");
    // In order: coalitions largest first, blocking groups smallest first.
    for w in got.coalitions.windows(2) {
        prop_assert!(
            w[0].parties.len() >= w[1].parties.len(),
            "coalitions out of order"
        );
    }
    for w in got.blocking.windows(2) {
        prop_assert!(
            w[0].parties.len() <= w[1].parties.len(),
            "blocking groups out of order"
        );
    }

    // Witnesses.
    for c in &got.coalitions {
        let mut value: BTreeMap<usize, Value> = BTreeMap::new();
        for (t, v) in &c.witness {
            prop_assert!(
                worlds.doms[t.index()].contains(v),
                "{:?} outside t{}",
                v,
                t.index()
            );
            prop_assert!(
                value.insert(t.index(), *v).is_none(),
                "t{} twice",
                t.index()
            );
        }
        let lookup = |t: redline::TermId| -> Result<Value, TestCaseError> {
            value
                .get(&t.index())
                .copied()
                .ok_or_else(|| TestCaseError::fail(format!("the witness lacks t{}", t.index())))
        };
        let mut needed = BTreeSet::new();
        for k in &rules.constraints {
            k.holds().collect_terms(&mut needed);
        }
        let lines = vetoes(rules, sel, &c.parties);
        for r in &lines {
            crossing(rules.red_line(*r)).collect_terms(&mut needed);
        }
        for t in &needed {
            lookup(*t)?;
        }
        let val = |t: redline::TermId| value.get(&t.index()).copied().unwrap_or(Value::Bool(false));
        for k in &rules.constraints {
            prop_assert!(
                k.holds().eval(&val),
                "the witness of {:?} breaks {}",
                c.parties,
                k.id
            );
        }
        for r in &lines {
            prop_assert!(
                !crossing(rules.red_line(*r)).eval(&val),
                "the witness of {:?} crosses {}",
                c.parties,
                rules.red_line(*r).id
            );
        }
        if c.parties.is_empty() {
            continue;
        }
        let Some(plan) = witness_plan(rules, &c.witness) else {
            UNREALISABLE.fetch_add(1, Ordering::Relaxed);
            return Err(TestCaseError::fail(format!(
                "the witness of {:?} gives terms following one signature different values: no plan has it",
                c.parties
            )));
        };
        let of_coalition = CheckOptions {
            parties: c.parties.clone(),
            ..sel.clone()
        };
        let report = check(rules, &plan, &of_coalition)
            .map_err(|e| TestCaseError::fail(format!("{:?}: {e}", c.parties)))?;
        for f in &report.findings {
            if matches!(f.kind, FindingKind::Consent { .. }) {
                continue;
            }
            prop_assert!(
                !f.is_veto(),
                "check finds a veto of {} in the witness of {:?}: {:?}",
                rules.party(f.party).id,
                c.parties,
                f
            );
        }
        WITNESSES.fetch_add(1, Ordering::Relaxed);
    }

    // Conflicts.
    for b in &got.blocking {
        prop_assert!(
            !b.conflict.is_empty(),
            "{:?} blocks with no conflict",
            b.parties
        );
        let weighed = vetoes(rules, sel, &b.parties);
        for r in &b.conflict {
            let holder = rules.red_line(*r).party;
            prop_assert!(
                b.parties
                    .iter()
                    .any(|p| crate::common::speaks_for(rules, *p, holder)),
                "{} in the conflict of {:?} is {}'s",
                rules.red_line(*r).id,
                b.parties,
                rules.party(holder).id
            );
            prop_assert!(
                weighed.contains(r),
                "{} is not weighed",
                rules.red_line(*r).id
            );
        }
        prop_assert!(
            !worlds.avoids(&b.conflict),
            "the conflict of {:?} can be avoided",
            b.parties
        );
        for r in &b.conflict {
            let rest: Vec<RedLineId> = b.conflict.iter().copied().filter(|x| x != r).collect();
            prop_assert!(
                worlds.avoids(&rest),
                "the conflict of {:?} is not minimal",
                b.parties
            );
        }
        let bloc_in = b
            .parties
            .iter()
            .any(|p| rules.party(*p).decides == Decides::Consensus);
        if bloc_in {
            BLOC_BLOCKS.fetch_add(1, Ordering::Relaxed);
        }
    }
    if rules.parties.iter().any(|p| p.id == "union") {
        NESTED.fetch_add(1, Ordering::Relaxed);
    }
    if got.all_agree {
        ALL_AGREE.fetch_add(1, Ordering::Relaxed);
    }
    if got.coalitions.len() >= 2 {
        SPLIT.fetch_add(1, Ordering::Relaxed);
    }
    if !got.pivotal.is_empty() && got.blocking.len() >= 2 {
        PIVOTAL.fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}

/// 2,000 cases (times `REDLINE_PROP_SCALE`).
#[test]
fn coalitions_match_every_subset() {
    let mut runner = TestRunner::new(crate::common::prop_config(2_000, file!()));
    let result = runner.run(&any::<u64>(), |seed| {
        let inst = instance(seed);
        check_case(&inst).map_err(|e| TestCaseError::fail(format!("seed {seed}: {e}\n{inst:?}")))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let load = |a: &AtomicUsize| a.load(Ordering::Relaxed);
    let (nw, all, split, piv, bloc, nest, wit, unr) = (
        load(&NO_WORLD),
        load(&ALL_AGREE),
        load(&SPLIT),
        load(&PIVOTAL),
        load(&BLOC_BLOCKS),
        load(&NESTED),
        load(&WITNESSES),
        load(&UNREALISABLE),
    );
    eprintln!(
        "coalitions: {all} where all agree, {split} with two coalitions or more, {piv} with a pivotal party among two blocking groups or more, {bloc} blocking groups with a consensus bloc, {nest} with a bloc of a bloc, {wit} witnesses re-checked ({unr} unrealisable), {nw} with no world"
    );
    let k = scaled(1) as usize;
    assert!(
        all >= 600 * k
            && split >= 250 * k
            && piv >= 40 * k
            && bloc >= 120 * k
            && nest >= 60 * k
            && wit >= 2_000 * k,
        "too few interesting cases"
    );
}
