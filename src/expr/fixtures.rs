//! Test fixtures shared by the [`syntax`](super::syntax) and
//! [`typeck`](super::typeck) tests: a small vocabulary, and helpers that run
//! the whole of [`parse`] on a text.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use super::{parse, ExprError};
use crate::model::{Expr, Loc, Term, TermId, TermKind, Value, Vocabulary};

const ENUM: &[&str] = &["none", "reactive", "training_only", "brigades"];

pub(super) fn vocab() -> Vocabulary {
    let mut v = Vocabulary::default();
    let mut add = |id: &str, kind: TermKind| {
        let tid = TermId::from_index(v.terms.len());
        v.terms.push(Term {
            id: id.into(),
            about: String::new(),
            kind,
            default: None,
            owners: Vec::new(),
            signed_by: None,
            loc: Loc::default(),
        });
        v.by_id.insert(id.into(), tid);
    };
    let e = |vals: &[&str]| TermKind::Enum(vals.iter().map(|s| s.to_string()).collect());
    add("a", TermKind::Bool); // 0
    add("b", TermKind::Bool); // 1
    add("c", TermKind::Bool); // 2
    add("troops.western_presence", e(ENUM)); // 3
    add("troops.russian_presence", e(ENUM)); // 4
    add(
        "nato.accession",
        e(&["open", "paused", "barred_by_statute"]),
    ); // 5
    add(
        "army.cap",
        TermKind::Int {
            lo: 0,
            hi: 1_000_000,
        },
    ); // 6
    add("army.reserve", TermKind::Int { lo: -10, hi: 10 }); // 7
    add("peace.signed", TermKind::Bool); // 8
    add("place.naming", e(&["Київ", "Kyiv"])); // 9
    v
}

pub(super) fn ok(text: &str) -> Expr {
    parse(text, &vocab()).unwrap_or_else(|e| panic!("{text}: {e:#?}"))
}

pub(super) fn errs(text: &str) -> Vec<ExprError> {
    match parse(text, &vocab()) {
        Ok(e) => panic!("{text} parsed as {e:?}"),
        Err(es) => {
            assert!(!es.is_empty());
            for e in &es {
                assert!(
                    e.span.start <= e.span.end && e.span.end <= text.len(),
                    "{e:?}"
                );
            }
            es
        }
    }
}

pub(super) fn one(text: &str) -> ExprError {
    let mut es = errs(text);
    assert_eq!(es.len(), 1, "{text}: {es:#?}");
    es.remove(0)
}

pub(super) fn t(i: u32) -> TermId {
    TermId::from_index(i as usize)
}

/// Evaluate under every assignment of the bools a, b, c.
pub(super) fn truth_table(e: &Expr) -> Vec<bool> {
    (0..8u32)
        .map(|bits| {
            let f = |id: TermId| Value::Bool(id.index() < 3 && bits & (1 << id.index()) != 0);
            e.eval(&f)
        })
        .collect()
}
