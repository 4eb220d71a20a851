//! An amendment's changes, written into the plan they amend.

use super::amend::{Change, NEW_CLAUSE};
use crate::error::Error;
use crate::model::{Clause, ClauseId, Edit, Located, Plan, Setting, TermId};

/// The id for a new clause: [`NEW_CLAUSE`], made unique in `plan`.
pub fn new_clause_id(plan: &Plan) -> String {
    let taken = |id: &str| plan.clauses.iter().any(|c| c.id == id);
    if !taken(NEW_CLAUSE) {
        return NEW_CLAUSE.to_string();
    }
    (2..)
        .map(|n| format!("{NEW_CLAUSE}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| NEW_CLAUSE.to_string())
}

/// Apply changes to a plan: settings replaced or removed in their clauses,
/// new settings gathered in one new clause at the end.
pub fn apply(plan: &Plan, changes: &[Change]) -> Result<(Plan, Option<String>), Error> {
    let mut edits = Vec::new();
    let mut added: Vec<(TermId, Located<Setting>)> = Vec::new();
    let id_of = |ci: &ClauseId| plan.clause_at(*ci).map(|c| c.id.clone());
    for ch in changes {
        match ch {
            Change::Set {
                term, clauses, to, ..
            } => {
                for c in clauses.iter().filter_map(|ci| plan.clause_at(*ci)) {
                    // The setting keeps its place in the plan file.
                    let loc = c
                        .set
                        .iter()
                        .find(|(t, _)| t == term)
                        .map_or(c.loc, |(_, s)| s.loc);
                    edits.push(Edit::Set {
                        clause: c.id.clone(),
                        set: vec![(
                            *term,
                            Located {
                                value: Setting::Fixed(*to),
                                loc,
                            },
                        )],
                    });
                }
            }
            Change::Drop { term, clauses, .. } => {
                edits.extend(clauses.iter().filter_map(id_of).map(|clause| Edit::Unset {
                    clause,
                    term: *term,
                }));
            }
            Change::Add { term, value, .. } => added.push((
                *term,
                Located {
                    value: Setting::Fixed(*value),
                    loc: plan.loc,
                },
            )),
        }
    }
    let mut added_id = None;
    if !added.is_empty() {
        let id = new_clause_id(plan);
        added.sort_by_key(|(t, _)| *t);
        edits.push(Edit::Add(Clause {
            id: id.clone(),
            text: "Added by `redline amend`.".to_string(),
            set: added,
            loc: plan.loc,
        }));
        added_id = Some(id);
    }
    let mut out = plan.clone();
    for e in &edits {
        // Every edit names a clause of `plan` (or a new id), so none fails.
        out.apply(e)
            .map_err(|e| Error::Internal(format!("applying an amendment: {e}")))?;
    }
    Ok((out, added_id))
}
