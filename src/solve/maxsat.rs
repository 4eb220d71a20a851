//! Lexicographic MaxSAT over an encoding: core-guided (OLL) minimisation of
//! false soft literals, one level after another.

use super::encoding::Encoding;
use crate::error::Error;
use crate::sat::card::AtMost;
use crate::sat::{Encoder, Lit};
use std::collections::BTreeMap;

/// The optimum of each level of a lexicographic minimisation, and the
/// assumptions whose models are exactly the optimal ones.
pub(crate) type Optimum = (Vec<usize>, Vec<Lit>);

/// One literal standing for "at most `b` of the totalizer's inputs hold",
/// or `None` when the bound covers them all.
fn soft_for(enc: &mut Encoder, at_most: &mut AtMost, b: usize) -> Result<Option<Lit>, Error> {
    let lits = at_most.bound(enc, b)?;
    match lits.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => {
            let x = enc.fresh();
            for l in many {
                enc.clause(&[!x, *l])?;
            }
            Ok(Some(x))
        }
    }
}

impl Encoding {
    /// Lexicographic minimisation: the fewest false literals of `levels[0]`,
    /// then of `levels[1]` among those optima, and so on, under `hard`
    /// (assumptions). Returns the optimum of each level, and assumptions
    /// whose models are exactly the optimal ones (the model is the last one
    /// found); `None` if `hard` alone cannot hold.
    ///
    /// Each level is core-guided (OLL, unweighted): soft literals are
    /// assumed true; each core the solver returns raises the cost by one,
    /// and its literals give way to a totalizer over them whose bound, "at
    /// most one of these false", becomes a soft literal in turn (its bound
    /// rises when a later core names it). The first satisfiable call is
    /// optimal, and the soft literals still assumed then hold in exactly
    /// the optimal models, so they carry over to the next level.
    ///
    /// `known[i]` are groups of `levels[i]` literals of which every
    /// solution (optimal on the earlier levels) must make at least one false:
    /// cores known in advance; the disjoint ones are taken as cores without
    /// a solver call.
    ///
    /// `on_cost(level, cost)` hears each rise of a level's cost: a lower
    /// bound on that level's optimum, proved as it is heard. `on_model(level,
    /// encoding)` is shown each model found on the way (at the end of a
    /// phase, below): each satisfies `hard` and the levels before, so it is
    /// an answer, if not yet the best.
    pub fn minimise_lex(
        &mut self,
        hard: &[Lit],
        levels: &[&[Lit]],
        known: &[&[Vec<Lit>]],
        on_cost: &mut dyn FnMut(usize, usize),
        on_model: &mut dyn FnMut(usize, &Encoding) -> Result<(), Error>,
    ) -> Result<Option<Optimum>, Error> {
        if !self.sat(hard)? {
            return Ok(None);
        }
        let mut assumed = hard.to_vec();
        let mut costs = Vec::new();
        for (i, soft) in levels.iter().enumerate() {
            let groups: &[Vec<Lit>] = known.get(i).copied().unwrap_or(&[]);
            let (cost, a) = self.oll(&assumed, soft, groups, &mut |c| on_cost(i, c), &mut |e| {
                on_model(i, e)
            })?;
            costs.push(cost);
            assumed = a;
        }
        Ok(Some((costs, assumed)))
    }

    /// One level of [`Encoding::minimise_lex`]; `hard` is known satisfiable.
    fn oll(
        &mut self,
        hard: &[Lit],
        soft: &[Lit],
        known: &[Vec<Lit>],
        on_cost: &mut dyn FnMut(usize),
        on_model: &mut dyn FnMut(&Encoding) -> Result<(), Error>,
    ) -> Result<(usize, Vec<Lit>), Error> {
        /// A totalizer over the "false" indicators of a core's literals, and
        /// the bound its soft literal currently stands for.
        struct Tot {
            at_most: AtMost,
            bound: usize,
        }
        // Assumed soft literal → `None` for an original one, or the totalizer
        // whose bound it stands for.
        let mut active: BTreeMap<Lit, Option<usize>> = soft.iter().map(|l| (*l, None)).collect();
        let mut tots: Vec<Tot> = Vec::new();
        let mut cost = 0;

        // Take a core: the cost rises by one, its literals give way to a
        // totalizer (and a totalizer named in it raises its bound).
        let relax = |enc: &mut Encoder,
                     active: &mut BTreeMap<Lit, Option<usize>>,
                     tots: &mut Vec<Tot>,
                     core: &[Lit]|
         -> Result<(), Error> {
            let mut inputs = Vec::new();
            for l in core {
                let Some(kind) = active.remove(l) else {
                    continue;
                };
                inputs.push(!*l);
                if let Some(j) = kind {
                    if let Some(t) = tots.get_mut(j) {
                        t.bound += 1;
                        let b = t.bound;
                        if let Some(s) = soft_for(enc, &mut t.at_most, b)? {
                            active.insert(s, Some(j));
                        }
                    }
                }
            }
            if inputs.len() > 1 {
                let mut at_most = AtMost::new(inputs);
                if let Some(s) = soft_for(enc, &mut at_most, 1)? {
                    active.insert(s, Some(tots.len()));
                }
                tots.push(Tot { at_most, bound: 1 });
            }
            Ok(())
        };

        let mut groups: Vec<&Vec<Lit>> = known.iter().collect();
        groups.sort_by_key(|g| g.len());
        for g in groups {
            if !g.is_empty() && g.iter().all(|l| active.get(l) == Some(&None)) {
                relax(&mut self.enc, &mut active, &mut tots, g)?;
                cost += 1;
            }
        }
        if cost > 0 {
            on_cost(cost);
        }
        let limit = soft.len() + 1;
        // Cores found in one phase are set aside, not relaxed at once
        // (weight-aware core extraction): the next call leaves their
        // literals out, so the cores of a phase are disjoint and each
        // still raises the cost by one, and the calls that find them carry
        // no totalizer. When the rest is satisfiable, every core set aside
        // is relaxed, and the next phase starts.
        let mut aside: Vec<Vec<Lit>> = Vec::new();
        let mut set_aside: std::collections::BTreeSet<Lit> = std::collections::BTreeSet::new();
        while cost <= limit {
            let mut a = hard.to_vec();
            a.extend(active.keys().copied().filter(|l| !set_aside.contains(l)));
            let sat = self.sat(&a)?;
            let mut core = if sat {
                Vec::new()
            } else {
                self.failed(&active)?
            };
            if sat || core.is_empty() {
                if aside.is_empty() {
                    if sat {
                        return Ok((cost, a));
                    }
                    break;
                }
                if sat {
                    on_model(self)?;
                }
                for c in aside.drain(..) {
                    relax(&mut self.enc, &mut active, &mut tots, &c)?;
                }
                set_aside.clear();
                continue;
            }
            // Trim: a core of the core, while that shrinks it (small cores
            // are left as they are).
            for _ in 0..3 {
                if core.len() <= 2 {
                    break;
                }
                let mut b = hard.to_vec();
                b.extend(core.iter().copied());
                if self.sat(&b)? {
                    break;
                }
                let smaller = self.failed(&active)?;
                if smaller.len() >= core.len() {
                    break;
                }
                core = smaller;
            }
            cost += 1;
            on_cost(cost);
            set_aside.extend(core.iter().copied());
            aside.push(core);
        }
        Err(Error::Internal(
            "the cost passed every soft literal".to_string(),
        ))
    }

    /// The assumed soft literals the last unsatisfiable call rested on.
    fn failed(&mut self, active: &BTreeMap<Lit, Option<usize>>) -> Result<Vec<Lit>, Error> {
        Ok(self
            .enc
            .core()?
            .into_iter()
            .map(|l| !l)
            .filter(|l| active.contains_key(l))
            .collect())
    }
}
