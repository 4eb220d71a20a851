//! Edits to a plan: the one way plans are changed in memory, by scenarios
//! (their amendments) and by the solver (its changes).

use super::{Clause, Located, PartyId, Plan, Setting, TermId};

/// One change to a plan.
#[derive(Debug, Clone)]
pub enum Edit {
    /// In the clause `clause`, these terms take these settings (the ones
    /// it does not set yet are added).
    Set {
        /// The clause's id.
        clause: String,
        /// The settings, each with where it is written.
        set: Vec<(TermId, Located<Setting>)>,
    },
    /// The clause `clause` stops setting `term`.
    Unset {
        /// The clause's id.
        clause: String,
        /// The term.
        term: TermId,
    },
    /// The clause `clause` is removed.
    Drop {
        /// The clause's id.
        clause: String,
    },
    /// A new clause, at the end.
    Add(Clause),
    /// These parties sign the plan too.
    Sign(Vec<PartyId>),
    /// These parties no longer sign the plan.
    Unsign(Vec<PartyId>),
}

/// Why an edit cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The plan has no clause with this id.
    #[error("plan has no clause `{0}`")]
    NoClause(String),
    /// The plan already has a clause with this id.
    #[error("plan already has a clause `{0}`")]
    DuplicateClause(String),
}

impl Plan {
    /// Apply `edit`; the plan is unchanged when it fails. Settings stay in
    /// term order and signatories in party order.
    pub fn apply(&mut self, edit: &Edit) -> Result<(), EditError> {
        let find = |plan: &mut Plan, id: &str| {
            plan.clauses
                .iter()
                .position(|c| c.id == id)
                .ok_or_else(|| EditError::NoClause(id.to_string()))
        };
        match edit {
            Edit::Set { clause, set } => {
                let i = find(self, clause)?;
                if let Some(c) = self.clauses.get_mut(i) {
                    for (term, s) in set {
                        match c.set.iter_mut().find(|(t, _)| t == term) {
                            Some(slot) => slot.1 = s.clone(),
                            None => c.set.push((*term, s.clone())),
                        }
                    }
                    c.set.sort_by_key(|(t, _)| *t);
                }
            }
            Edit::Unset { clause, term } => {
                let i = find(self, clause)?;
                if let Some(c) = self.clauses.get_mut(i) {
                    c.set.retain(|(t, _)| t != term);
                }
            }
            Edit::Drop { clause } => {
                let i = find(self, clause)?;
                self.clauses.remove(i);
            }
            Edit::Add(c) => {
                if self.clauses.iter().any(|x| x.id == c.id) {
                    return Err(EditError::DuplicateClause(c.id.clone()));
                }
                self.clauses.push(c.clone());
            }
            Edit::Sign(parties) => {
                for p in parties {
                    if !self.parties.contains(p) {
                        self.parties.push(*p);
                    }
                }
                self.parties.sort();
            }
            Edit::Unsign(parties) => self.parties.retain(|q| !parties.contains(q)),
        }
        Ok(())
    }
}
