//! Shrinking an unsatisfiable set to an irreducible one, by deletion.

use crate::error::Error;

/// Shrink `core` (unsatisfiable according to `sat`) until dropping any one
/// member makes it satisfiable. `sat` answers whether a subset can hold
/// together and, when it cannot, may return a smaller unsatisfiable subset
/// of it (a solver's core), which is used to skip ahead.
pub(crate) fn shrink<T: Copy + PartialEq>(
    core: Vec<T>,
    mut sat: impl FnMut(&[T]) -> Result<Result<(), Vec<T>>, Error>,
) -> Result<Vec<T>, Error> {
    let mut core = core;
    let mut i = 0;
    while i < core.len() {
        let trial: Vec<T> = core
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, c)| *c)
            .collect();
        match sat(&trial)? {
            Ok(()) => i += 1, // needed
            Err(smaller) => {
                // Keep the order; members already found necessary stay, since
                // every unsatisfiable subset of the core must contain them.
                let kept: Vec<T> = trial
                    .iter()
                    .copied()
                    .filter(|c| smaller.is_empty() || smaller.contains(c))
                    .collect();
                let before = core.iter().take(i).filter(|c| kept.contains(c)).count();
                core = kept;
                i = before;
            }
        }
    }
    Ok(core)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::shrink;

    #[test]
    fn finds_an_irreducible_subset() {
        // Unsatisfiable when it holds both 2 and 5, or 7 alone.
        let unsat = |s: &[u32]| (s.contains(&2) && s.contains(&5)) || s.contains(&7);
        let core = shrink(vec![1, 2, 3, 4, 5, 6], |s| {
            Ok(if unsat(s) { Err(Vec::new()) } else { Ok(()) })
        })
        .unwrap();
        assert_eq!(core, vec![2, 5]);
        let core = shrink(vec![2, 5, 7], |s| {
            Ok(if unsat(s) {
                Err(s.iter().copied().filter(|x| *x == 7).collect())
            } else {
                Ok(())
            })
        })
        .unwrap();
        assert_eq!(core, vec![7]);
    }
}
