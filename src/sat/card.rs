//! A cardinality bound over literals, built lazily with rustsat's totalizer.

use super::Encoder;
use crate::error::Error;
use rustsat::encodings::card::{BoundUpper, BoundUpperIncremental, Totalizer};
use rustsat::instances::Cnf;
use rustsat::types::Lit;

/// `at most k of these literals hold`, for a `k` chosen at solve time.
#[derive(Debug, Default)]
pub(crate) struct AtMost {
    tot: Totalizer,
    n: usize,
}

impl AtMost {
    pub fn new(lits: impl IntoIterator<Item = Lit>) -> AtMost {
        let lits: Vec<Lit> = lits.into_iter().collect();
        AtMost {
            n: lits.len(),
            tot: Totalizer::from(lits),
        }
    }

    /// Assumptions under which at most `k` of the literals hold (none when
    /// `k` is at least their number). Encodes what the bound needs first.
    pub fn bound(&mut self, enc: &mut Encoder, k: usize) -> Result<Vec<Lit>, Error> {
        if k >= self.n {
            return Ok(Vec::new());
        }
        let mut cnf = Cnf::new();
        self.tot
            .encode_ub_change(k..=k, &mut cnf, enc)
            .map_err(|e| Error::Solver(e.to_string()))?;
        enc.add_cnf(cnf)?;
        self.tot
            .enforce_ub(k)
            .map_err(|e| Error::Solver(format!("cardinality bound: {e}")))
    }
}
