//! The SAT layer (crate-private): deciding expressions over a finite space
//! of completions with rustsat and batsat, cardinality bounds, and
//! deletion-based shrinking. No rustsat type leaves the crate (`Lit` is re-exported crate-private).
//!
//! Literals and clauses are rustsat's (its totalizers build them); the
//! solver is batsat's own, driven directly rather than through
//! `rustsat-batsat`, whose wrapper reads the thread's CPU clock around
//! every call: a system call each time (`CLOCK_THREAD_CPUTIME_ID` has no
//! vDSO path), 460 of them in one check of the shipped workspace, for
//! statistics redline never reads.
//!
//! Each term gets one selector literal per candidate value (exactly one is
//! true); expressions are Tseitin-encoded over those selectors.

pub(crate) mod card;
pub(crate) mod shrink;

use crate::error::Error;
use crate::model::{CmpOp, Expr};
use crate::model::{TermId, Value};
use batsat::{lbool, SolverInterface};
pub(crate) use rustsat::types::Lit;
use rustsat::types::Var;
use std::collections::BTreeMap;

/// Candidate values per term.
pub type Domains = BTreeMap<TermId, Vec<Value>>;

thread_local! {
    /// The SAT work done on this thread: literals of every clause added,
    /// plus, per solver call, one and the propagations it made (see [`work`]).
    static WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The SAT work this thread has done so far: a count of clause literals
/// encoded, plus solver calls and the propagations they made. Scale tests
/// compare it across sizes to catch an encoding, or a number of calls that
/// each touch the whole model, growing faster than the input, without
/// timing anything.
pub fn work() -> u64 {
    WORK.with(std::cell::Cell::get)
}
/// One value per term.
pub type Assignment = BTreeMap<TermId, Value>;

/// A SAT encoding of terms and expressions over them.
pub struct Encoder {
    solver: batsat::BasicSolver,
    /// What the last call left: clauses added since, a model, or a core.
    state: State,
    /// The clause being handed to batsat (which sorts it in place).
    buf: Vec<batsat::Lit>,
    next: u32,
    truth: Lit,
    selectors: BTreeMap<TermId, Vec<(Value, Lit)>>,
    /// For a term's selectors (named by their first literal): `ladder[j]`
    /// holds when the term's value is the `j`-th or a later one, so that an
    /// order comparison is one literal, not a disjunction over the domain.
    ladders: BTreeMap<Lit, Vec<Lit>>,
    /// When the solver stops searching: a call still running then ends in
    /// [`Error::TimeLimit`].
    deadline: Option<std::time::Instant>,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder").field("vars", &self.next).finish()
    }
}

impl Encoder {
    /// An encoder where each term of `domains` takes exactly one of its candidates.
    pub fn new(domains: &Domains) -> Result<Encoder, Error> {
        let mut enc = Encoder {
            solver: batsat::BasicSolver::default(),
            state: State::Input,
            buf: Vec::new(),
            next: 0,
            truth: Lit::positive(0),
            selectors: BTreeMap::new(),
            ladders: BTreeMap::new(),
            deadline: None,
        };
        enc.truth = enc.fresh();
        enc.clause(&[enc.truth])?;
        for (t, cands) in domains {
            let sels: Vec<(Value, Lit)> = cands.iter().map(|v| (*v, enc.fresh())).collect();
            let lits: Vec<Lit> = sels.iter().map(|(_, l)| *l).collect();
            enc.exactly_one(&lits)?;
            enc.selectors.insert(*t, sels);
        }
        Ok(enc)
    }

    /// An encoder over `domains` in which every expression of `hard`
    /// holds, and the literal that stands for `e`: one question about `e`,
    /// to ask under assumptions.
    pub fn posing(e: &Expr, domains: &Domains, hard: &[Expr]) -> Result<(Encoder, Lit), Error> {
        let mut enc = Encoder::new(domains)?;
        for h in hard {
            let l = enc.encode(h)?;
            enc.clause(&[l])?;
        }
        let l = enc.encode(e)?;
        Ok((enc, l))
    }

    /// A new variable's positive literal.
    pub fn fresh(&mut self) -> Lit {
        let l = Var::new(self.next).pos_lit();
        self.next += 1;
        l
    }

    /// A new variable's positive literal, which the solver sets to `pol`
    /// whenever it has to decide it: searches that should start from a
    /// known point (the plan as it stands) name it this way.
    pub fn fresh_preferring(&mut self, pol: bool) -> Lit {
        let l = self.fresh();
        let s = &mut self.solver;
        while s.num_vars() < l.vidx32() {
            s.new_var_default();
        }
        if s.num_vars() == l.vidx32() {
            s.new_var(batsat::lbool::new(pol), true);
        }
        l
    }

    pub fn truth(&self) -> Lit {
        self.truth
    }

    pub fn clause(&mut self, lits: &[Lit]) -> Result<(), Error> {
        WORK.with(|w| w.set(w.get() + lits.len() as u64));
        self.add(lits.iter().copied());
        Ok(())
    }

    /// Hand one clause to the solver.
    fn add(&mut self, lits: impl IntoIterator<Item = Lit>) {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        for l in lits {
            buf.push(self.bat(l));
        }
        self.solver.add_clause_reuse(&mut buf);
        self.buf = buf;
        self.state = State::Input;
    }

    /// batsat's literal for `l`, creating its variable (and any before it).
    fn bat(&mut self, l: Lit) -> batsat::Lit {
        batsat::Lit::new(self.solver.var_of_int(l.vidx32()), l.is_pos())
    }

    /// The value of `l` in the last model.
    fn model_val(&self, l: Lit) -> lbool {
        let lit = batsat::Lit::new(
            <batsat::Var as batsat::intmap::AsIndex>::from_index(l.vidx()),
            l.is_pos(),
        );
        self.solver.value_lit(lit)
    }

    /// Exactly one of `lits` holds (sequential at-most-one for long lists).
    pub fn exactly_one(&mut self, lits: &[Lit]) -> Result<(), Error> {
        self.clause(lits)?;
        if lits.len() <= 6 {
            for (i, a) in lits.iter().enumerate() {
                for b in lits.iter().skip(i + 1) {
                    self.clause(&[!*a, !*b])?;
                }
            }
        } else {
            // s_i: some of lits[..=i] holds.
            let mut prev: Option<Lit> = None;
            for &x in lits {
                let s = self.fresh();
                self.clause(&[!x, s])?;
                if let Some(p) = prev {
                    self.clause(&[!p, s])?;
                    self.clause(&[!p, !x])?;
                }
                prev = Some(s);
            }
        }
        Ok(())
    }

    /// The selector literals of a term.
    pub fn selectors(&self, t: TermId) -> &[(Value, Lit)] {
        self.selectors.get(&t).map_or(&[], Vec::as_slice)
    }

    /// A literal equivalent to the disjunction of `lits`.
    pub fn any(&mut self, lits: &[Lit]) -> Result<Lit, Error> {
        match lits {
            [] => Ok(!self.truth),
            [one] => Ok(*one),
            _ => {
                let o = self.fresh();
                let mut big = vec![!o];
                big.extend_from_slice(lits);
                self.clause(&big)?;
                for l in lits {
                    self.clause(&[!*l, o])?;
                }
                Ok(o)
            }
        }
    }

    /// A literal equivalent to the conjunction of `lits`.
    pub fn all(&mut self, lits: &[Lit]) -> Result<Lit, Error> {
        let negs: Vec<Lit> = lits.iter().map(|l| !*l).collect();
        Ok(!self.any(&negs)?)
    }

    /// A literal equivalent to `e`.
    pub fn encode(&mut self, e: &Expr) -> Result<Lit, Error> {
        Ok(match e {
            Expr::Const(true) => self.truth,
            Expr::Const(false) => !self.truth,
            Expr::Var(t) => {
                let lits = self.matching(*t, |v| v == Value::Bool(true));
                self.any(&lits)?
            }
            Expr::Cmp { term, op, value } => match op {
                CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => {
                    self.ordered(*term, |v| op.holds(v, *value))?
                }
                CmpOp::Eq | CmpOp::Ne => {
                    let lits = self.matching(*term, |v| op.holds(v, *value));
                    self.any(&lits)?
                }
            },
            Expr::In { term, values } => {
                let lits = self.matching(*term, |v| values.contains(&v));
                self.any(&lits)?
            }
            Expr::CmpTerms { lhs, op, rhs } => self.cmp_terms(*lhs, *op, *rhs)?,
            Expr::Not(a) => !self.encode(a)?,
            Expr::And(a, b) => {
                let (x, y) = (self.encode(a)?, self.encode(b)?);
                self.all(&[x, y])?
            }
            Expr::Or(a, b) => {
                let (x, y) = (self.encode(a)?, self.encode(b)?);
                self.any(&[x, y])?
            }
            Expr::Implies(a, b) => {
                let (x, y) = (self.encode(a)?, self.encode(b)?);
                self.any(&[!x, y])?
            }
        })
    }

    /// A literal for an order comparison `pred` over a term's selectors
    /// (sorted, exactly one true): the values it holds for are a run at the
    /// start or at the end, so it is one rung of the term's ladder (or its
    /// negation).
    fn ordered(&mut self, t: TermId, pred: impl Fn(Value) -> bool) -> Result<Lit, Error> {
        let sels = self.selectors(t).to_vec();
        let holds: Vec<bool> = sels.iter().map(|(v, _)| pred(*v)).collect();
        let n = holds.len();
        let all = holds.iter().all(|h| *h);
        let none = !holds.iter().any(|h| *h);
        if all || none || n == 0 {
            return Ok(if all && n > 0 {
                self.truth
            } else {
                !self.truth
            });
        }
        let sorted = sels.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0));
        let cut = holds
            .iter()
            .position(|h| *h != holds.first().copied().unwrap_or(false));
        let run = cut.is_some_and(|c| {
            holds
                .iter()
                .skip(c)
                .all(|h| *h == holds.get(c).copied().unwrap_or(false))
        });
        let (Some(cut), true, true) = (cut, sorted, run) else {
            let lits: Vec<Lit> = sels
                .iter()
                .zip(&holds)
                .filter(|(_, h)| **h)
                .map(|((_, l), _)| *l)
                .collect();
            return self.any(&lits);
        };
        let key = sels.first().map_or(self.truth, |(_, l)| *l);
        if !self.ladders.contains_key(&key) {
            // ladder[j] <-> sel[j] or ladder[j + 1], from the top down.
            let mut ladder = vec![self.truth; n];
            let mut above: Option<Lit> = None;
            for j in (0..n).rev() {
                let sel = sels.get(j).map_or(self.truth, |(_, l)| *l);
                let rung = match above {
                    None => sel,
                    Some(a) => self.any(&[sel, a])?,
                };
                if let Some(slot) = ladder.get_mut(j) {
                    *slot = rung;
                }
                above = Some(rung);
            }
            self.ladders.insert(key, ladder);
        }
        let rung = self
            .ladders
            .get(&key)
            .and_then(|l| l.get(cut))
            .copied()
            .unwrap_or(self.truth);
        // Holds from `cut` on, or (when it holds below `cut`) up to it.
        Ok(if holds.get(cut).copied().unwrap_or(false) {
            rung
        } else {
            !rung
        })
    }

    fn matching(&self, t: TermId, pred: impl Fn(Value) -> bool) -> Vec<Lit> {
        self.selectors(t)
            .iter()
            .filter(|(v, _)| pred(*v))
            .map(|(_, l)| *l)
            .collect()
    }

    fn cmp_terms(&mut self, a: TermId, op: CmpOp, b: TermId) -> Result<Lit, Error> {
        let (sa, sb) = (self.selectors(a).to_vec(), self.selectors(b).to_vec());
        let mut pairs = Vec::new();
        for (va, la) in &sa {
            for (vb, lb) in &sb {
                if op.holds(*va, *vb) {
                    let p = if la == lb {
                        *la
                    } else {
                        self.all(&[*la, *lb])?
                    };
                    pairs.push(p);
                }
            }
        }
        self.any(&pairs)
    }

    /// Stop every later call at `deadline`: the solver asks at each conflict.
    pub fn set_deadline(&mut self, deadline: std::time::Instant) {
        self.deadline = Some(deadline);
        self.solver
            .cb_mut()
            .set_stop(move || std::time::Instant::now() >= deadline);
    }

    /// Solve under assumptions; the model if satisfiable.
    pub fn solve(&mut self, assumptions: &[Lit]) -> Result<Option<Assignment>, Error> {
        let before = self.solver.num_propagations();
        let assumps: Vec<batsat::Lit> = assumptions.iter().map(|&l| self.bat(l)).collect();
        let result = self.solver.solve_limited(&assumps);
        let made = self.solver.num_propagations().saturating_sub(before);
        WORK.with(|w| w.set(w.get().saturating_add(1).saturating_add(made)));
        if result == lbool::TRUE {
            self.state = State::Sat;
            let mut out = Assignment::new();
            for (t, sels) in &self.selectors {
                for (v, l) in sels {
                    if self.model_val(*l) == lbool::TRUE {
                        out.insert(*t, *v);
                        break;
                    }
                }
            }
            Ok(Some(out))
        } else if result == lbool::FALSE {
            self.state = State::Unsat {
                assumed: !assumptions.is_empty(),
            };
            Ok(None)
        } else {
            self.state = State::Input;
            if self
                .deadline
                .is_some_and(|d| std::time::Instant::now() >= d)
            {
                return Err(Error::TimeLimit);
            }
            Err(Error::Solver("the solver was interrupted".to_string()))
        }
    }

    /// Whether a literal is true in the last model.
    pub fn value(&self, l: Lit) -> Result<bool, Error> {
        match self.state {
            State::Sat => Ok(self.model_val(l) == lbool::TRUE),
            _ => Err(Error::Solver(
                "a value was asked for without a model".to_string(),
            )),
        }
    }

    /// The last unsatisfiable call's core: the negations of the
    /// assumptions it rested on (a clause they cannot all satisfy), empty
    /// when the clauses alone are unsatisfiable.
    pub fn core(&mut self) -> Result<Vec<Lit>, Error> {
        match self.state {
            State::Unsat { assumed: true } => Ok(self
                .solver
                .unsat_core()
                .iter()
                .map(|l| Lit::new(l.var().idx(), !l.sign()))
                .collect()),
            State::Unsat { assumed: false } => Ok(Vec::new()),
            _ => Err(Error::Solver(
                "a core was asked for without an unsatisfiable call".to_string(),
            )),
        }
    }
}

/// What an encoder's last solver call left behind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Clauses were added since (or nothing was solved yet).
    Input,
    Sat,
    /// Unsatisfiable; `assumed` when under assumptions (else there is no core).
    Unsat {
        assumed: bool,
    },
}

/// An assignment over `domains` under which `e` evaluates to `want` and
/// every expression of `hard` holds, if any.
pub fn find(
    e: &Expr,
    want: bool,
    domains: &Domains,
    hard: &[Expr],
) -> Result<Option<Assignment>, Error> {
    if domains.values().any(Vec::is_empty) {
        return Ok(None);
    }
    if domains.values().all(|c| c.len() == 1) {
        // Everything is fixed: evaluate directly.
        let a: Assignment = domains
            .iter()
            .filter_map(|(t, c)| c.first().map(|v| (*t, *v)))
            .collect();
        let value_of = |t: TermId| a.get(&t).copied().unwrap_or(Value::Bool(false));
        let ok = e.eval(&value_of) == want && hard.iter().all(|h| h.eval(&value_of));
        return Ok(ok.then_some(a));
    }
    let (mut enc, l) = Encoder::posing(e, domains, hard)?;
    enc.solve(&[if want { l } else { !l }])
}

/// The most completions [`possible`] enumerates before it asks the SAT solver.
pub(crate) const ENUMERATE: usize = 1024;

/// Whether some assignment over `domains` makes `e` evaluate to `want` with
/// every expression of `hard` holding: [`find`] without the model. Small
/// spaces (up to [`ENUMERATE`] completions, as most red lines and
/// constraints read two or three terms) are enumerated, which costs far
/// less than setting up a solver; the rest go to [`find`].
pub fn possible(e: &Expr, want: bool, domains: &Domains, hard: &[Expr]) -> Result<bool, Error> {
    match enumerate(e, want, domains, hard) {
        Some(found) => Ok(found.is_some()),
        None => Ok(find(e, want, domains, hard)?.is_some()),
    }
}

/// Both sides of one condition over one space: a completion where `e`
/// holds, then whether one exists where it does not (what `check` asks of
/// every red line first). Small spaces are enumerated; a large one gets
/// one solver for both questions.
pub fn both_ways(
    e: &Expr,
    domains: &Domains,
    hard: &[Expr],
) -> Result<(Option<Assignment>, bool), Error> {
    if let Some(yes) = enumerate(e, true, domains, hard) {
        if yes.is_none() {
            return Ok((None, false));
        }
        let no = enumerate(e, false, domains, hard).is_some_and(|a| a.is_some());
        return Ok((yes, no));
    }
    let (mut enc, l) = Encoder::posing(e, domains, hard)?;
    let Some(yes) = enc.solve(&[l])? else {
        return Ok((None, false));
    };
    let no = enc.solve(&[!l])?.is_some();
    Ok((Some(yes), no))
}

/// The first assignment over `domains` under which `e` evaluates to
/// `want` and `hard` holds, by enumeration; `None` when the space has
/// more than [`ENUMERATE`] completions.
fn enumerate(e: &Expr, want: bool, domains: &Domains, hard: &[Expr]) -> Option<Option<Assignment>> {
    let mut size: usize = 1;
    for c in domains.values() {
        size = size.saturating_mul(c.len());
    }
    if size == 0 {
        return Some(None);
    }
    if size > ENUMERATE {
        return None;
    }
    let cands: Vec<(TermId, &[Value])> = domains.iter().map(|(t, c)| (*t, c.as_slice())).collect();
    let mut at = vec![0usize; cands.len()];
    let value_at = |at: &[usize], i: usize| -> Value {
        cands
            .get(i)
            .and_then(|(_, c)| c.get(*at.get(i)?))
            .copied()
            .unwrap_or(Value::Bool(false))
    };
    loop {
        let value_of = |t: TermId| match cands.binary_search_by_key(&t, |(x, _)| *x) {
            Ok(i) => value_at(&at, i),
            Err(_) => Value::Bool(false),
        };
        if e.eval(&value_of) == want && hard.iter().all(|h| h.eval(&value_of)) {
            return Some(Some(
                cands
                    .iter()
                    .enumerate()
                    .map(|(i, (t, _))| (*t, value_at(&at, i)))
                    .collect(),
            ));
        }
        // The next completion, odometer-wise.
        let mut i = 0;
        loop {
            let (Some(slot), Some((_, c))) = (at.get_mut(i), cands.get(i)) else {
                return Some(None);
            };
            *slot += 1;
            if *slot < c.len() {
                break;
            }
            *slot = 0;
            i += 1;
        }
    }
}

// ---------------------------------------------------------------------------
// Additions for the solver (`crate::solve`): several copies of the same terms
// in one encoder, clauses from rustsat's encodings, and the encoder as a
// variable manager for them.

/// Selector literals of terms laid out apart from an encoder's own: one copy
/// of the terms (for example, one witness completion per red line).
pub type Scope = BTreeMap<TermId, Vec<(Value, Lit)>>;

impl Encoder {
    /// Fresh selectors for `domains`, exactly one true per term, kept apart
    /// from the encoder's own terms.
    pub fn scope(&mut self, domains: &Domains) -> Result<Scope, Error> {
        let mut scope = Scope::new();
        for (t, cands) in domains {
            let sels: Vec<(Value, Lit)> = cands.iter().map(|v| (*v, self.fresh())).collect();
            let lits: Vec<Lit> = sels.iter().map(|(_, l)| *l).collect();
            self.exactly_one(&lits)?;
            scope.insert(*t, sels);
        }
        Ok(scope)
    }

    /// A literal equivalent to `e` over the selectors of `scope` instead of
    /// the encoder's own.
    pub fn encode_in(&mut self, e: &Expr, scope: &mut Scope) -> Result<Lit, Error> {
        std::mem::swap(&mut self.selectors, scope);
        let lit = self.encode(e);
        std::mem::swap(&mut self.selectors, scope);
        lit
    }

    /// Add every clause of a CNF (for example one built by a rustsat encoding).
    pub fn add_cnf(&mut self, cnf: rustsat::instances::Cnf) -> Result<(), Error> {
        for cl in cnf {
            self.add(cl.iter().copied());
        }
        Ok(())
    }
}

impl rustsat::instances::ManageVars for Encoder {
    fn new_var(&mut self) -> Var {
        self.fresh().var()
    }
    fn max_var(&self) -> Option<Var> {
        self.next.checked_sub(1).map(Var::new)
    }
    fn increase_next_free(&mut self, v: Var) -> bool {
        if v.idx32() > self.next {
            self.next = v.idx32();
            true
        } else {
            false
        }
    }
    fn combine(&mut self, other: Self) {
        self.next = self.next.max(other.next);
    }
    fn n_used(&self) -> u32 {
        self.next
    }
    fn forget_from(&mut self, _min_var: Var) {
        // Variables handed out stay in use: the solver may hold clauses over them.
    }
}
