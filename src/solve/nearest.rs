//! Among amendments as small as the best, the one whose new values lie
//! nearest to what the plan had: polishing a solved encoding, and the
//! integer a value class stands for.

use super::encoding::{Encoding, Mode, TermEncoding};
use crate::completion::domain::{class_size, Restriction};
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

/// A value's place in its term's order (integers and enum positions);
/// `None` for a bool.
fn position(v: Value) -> Option<i128> {
    match v {
        Value::Int(n) => Some(i128::from(n)),
        Value::Enum(k) => Some(i128::from(k)),
        Value::Bool(_) => None,
    }
}

/// The places a solver value stands for: `v` up to the next class (an
/// integer range or a run of enum values cut into classes); `None` for a
/// bool.
fn class_of(rules: &Rules, tm: &TermEncoding, v: Value) -> Option<(i128, i128)> {
    let lo = position(v)?;
    let i = tm.domain.iter().position(|d| *d == v)?;
    let size = class_size(&rules.vocab.get(tm.term).kind, &tm.domain, i);
    Some((lo, lo + size as i128 - 1))
}

/// How far `v` (a class, for integers and cut enums) lies from the nearest
/// reference value.
fn distance(rules: &Rules, tm: &TermEncoding, reference: &[Value], v: Value) -> u128 {
    let class = class_of(rules, tm, v);
    reference
        .iter()
        .map(|r| match (position(*r), class) {
            (Some(m), Some((lo, hi))) => (lo - m).max(m - hi).max(0) as u128,
            _ => u128::from(*r != v),
        })
        .min()
        .unwrap_or(u128::MAX)
}

/// The member of `v`'s class nearest to the reference values.
pub(super) fn nearest_member(rules: &Rules, tm: &TermEncoding, v: Value) -> Value {
    let (Some((lo, hi)), Some(reference)) = (class_of(rules, tm, v), reference_values(&tm.now))
    else {
        return v;
    };
    let places: Vec<i128> = reference.iter().filter_map(|r| position(*r)).collect();
    let Some(best) = places
        .iter()
        .map(|m| (*m).clamp(lo, hi))
        .min_by_key(|c| places.iter().map(|m| (m - c).unsigned_abs()).min())
    else {
        return v;
    };
    match v {
        Value::Int(_) => i64::try_from(best).map_or(v, Value::Int),
        Value::Enum(_) => u32::try_from(best).map_or(v, Value::Enum),
        Value::Bool(_) => v,
    }
}
