//! Among amendments as small as the best, the one whose new values lie
//! nearest to what the plan had: polishing a solved encoding, and the
//! integer a value class stands for.

use super::encoding::{Encoding, Mode, TermEncoding};
use crate::completion::domain::Restriction;
use crate::error::Error;
use crate::model::{Rules, Value};
use crate::sat::Lit;

/// How many solver calls polishing may spend (large amendments keep the
/// rest of their values as first found).
const POLISH_CALLS: usize = 128;

/// Among amendments as small as the best, prefer new values close to what
/// the plan had: each changed term in turn takes the nearest value that
/// still allows an optimal amendment, and keeps it (the optimum is already
/// hard in the model); on return the model is the polished one.
pub(super) fn polish(rules: &Rules, model: &mut Encoding) -> Result<(), Error> {
    let mut budget = POLISH_CALLS;
    for i in 0..model.terms.len() {
        // The mode in the current model: earlier terms may have moved it.
        let Some((_, mode)) = model.mode_of(i)? else {
            continue;
        };
        let Some(tm) = model.terms.get(i) else {
            continue;
        };
        let Mode::Fix(current) = mode else {
            continue;
        };
        let Some(reference) = reference_values(&tm.now) else {
            continue;
        };
        let dist = |v: Value| distance(rules, tm, &reference, v);
        let here = dist(current);
        let mut closer: Vec<(u128, Value, Lit)> = tm
            .fixes
            .iter()
            .map(|(v, l)| (dist(*v), *v, *l))
            .filter(|(d, v, _)| *d < here && *v != current)
            .collect();
        closer.sort();
        let keep = tm
            .fixes
            .iter()
            .find(|(v, _)| *v == current)
            .map(|(_, l)| *l);
        let mut pinned = None;
        for (_, _, lit) in closer {
            if budget == 0 {
                break;
            }
            budget -= 1;
            if model.sat(&[lit])? {
                pinned = Some(lit);
                break;
            }
        }
        let pin: Vec<Lit> = pinned.or(keep).into_iter().collect();
        model.harden(&pin)?;
        // Back to a model (a failed trial leaves the solver without one).
        if !model.sat(&[])? {
            return Err(Error::Internal(
                "the optimal amendment vanished while polishing".to_string(),
            ));
        }
    }
    Ok(())
}

/// The values a term had in the plan, to measure changes against.
fn reference_values(now: &Restriction) -> Option<Vec<Value>> {
    match now {
        Restriction::Set { options, .. } => Some(options.clone()),
        Restriction::StatusQuo(v) | Restriction::Signatories(v) => Some(vec![*v]),
        Restriction::Open => None,
    }
}

/// The integers a solver value stands for: `v` up to the next class.
fn class_of(rules: &Rules, tm: &TermEncoding, v: Value) -> (i64, i64) {
    let Value::Int(n) = v else {
        return (0, 0);
    };
    let hi = match &rules.vocab.get(tm.term).kind {
        crate::model::TermKind::Int { hi, .. } => *hi,
        _ => n,
    };
    let next = tm
        .domain
        .iter()
        .filter_map(|d| match d {
            Value::Int(m) if *m > n => Some(*m),
            _ => None,
        })
        .min();
    (n, next.map_or(hi, |m| m - 1))
}

/// How far `v` (a class, for integers) lies from the nearest reference value.
fn distance(rules: &Rules, tm: &TermEncoding, reference: &[Value], v: Value) -> u128 {
    reference
        .iter()
        .map(|r| match (r, v) {
            (Value::Enum(x), Value::Enum(y)) => u128::from(x.abs_diff(y)),
            (Value::Bool(x), Value::Bool(y)) => u128::from(x != &y),
            (Value::Int(m), Value::Int(_)) => {
                let (lo, hi) = class_of(rules, tm, v);
                if *m < lo {
                    (lo as i128 - *m as i128) as u128
                } else if *m > hi {
                    (*m as i128 - hi as i128) as u128
                } else {
                    0
                }
            }
            _ => u128::MAX,
        })
        .min()
        .unwrap_or(u128::MAX)
}

/// The member of `v`'s integer class nearest to the reference values.
pub(super) fn nearest_member(rules: &Rules, tm: &TermEncoding, v: Value) -> Value {
    let (Value::Int(_), Some(reference)) = (v, reference_values(&tm.now)) else {
        return v;
    };
    let (lo, hi) = class_of(rules, tm, v);
    reference
        .iter()
        .filter_map(|r| match r {
            Value::Int(m) => Some((*m).clamp(lo, hi)),
            _ => None,
        })
        .min_by_key(|c| {
            reference
                .iter()
                .filter_map(|r| match r {
                    Value::Int(m) => Some((*m as i128 - *c as i128).unsigned_abs()),
                    _ => None,
                })
                .min()
                .unwrap_or(u128::MAX)
        })
        .map_or(v, Value::Int)
}
