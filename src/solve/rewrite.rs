//! Applying an amendment to a plan's TOML text with toml_edit, so that
//! comments, key order and layout survive. No IO: the caller writes.

use super::amend::{Amendment, Change};
use crate::check::{check, CheckOptions};
use crate::error::Error;
use crate::model::{ClauseId, Plan, Rules, TermId, Value};
use toml_edit::{DocumentMut, InlineTable, Item, Table, TableLike};

/// Why a plan's text could not be rewritten.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RewriteError {
    /// The plan's text is not valid TOML (with the parser's message).
    #[error("the plan file is not valid TOML: {0}")]
    Syntax(String),
    /// The text has no clause with this id, or the clause has no `set` table.
    #[error("the plan file has no clause `{0}`")]
    NoClause(String),
    /// A clause's `set` table in the text does not set a term the amendment changes.
    #[error("clause `{clause}` does not set `{term}` in the plan file")]
    NoSetting {
        /// The clause's id.
        clause: String,
        /// The term's id.
        term: String,
    },
    /// The text's `clause` key is missing or is not an array of tables.
    #[error("`clause` in the plan file is not an array of tables")]
    Layout,
    /// The rewritten text does not load as a plan (the first diagnostic's message).
    #[error("the rewritten plan does not load: {0}")]
    DoesNotLoad(String),
    /// The rewritten text loads as a plan with another id.
    #[error("the rewritten plan has another id")]
    OtherId,
    /// The rewritten plan still has a violated veto under the options given.
    #[error("the rewritten plan is still vetoed")]
    StillVetoed,
    /// Checking the rewritten plan failed.
    #[error(transparent)]
    Solve(#[from] Error),
}

/// `plan`'s file `text` with the amendment applied (and, with `new_id`, the
/// plan renamed), loaded again and checked before anyone writes it: it must
/// load as the plan with the id it should have and leave no veto under
/// `opts`. With no changes and no new id, the text as it is.
pub fn rewrite_checked(
    text: &str,
    rules: &Rules,
    plan: &Plan,
    amendment: &Amendment,
    opts: &CheckOptions,
    new_id: Option<&str>,
) -> Result<String, RewriteError> {
    if amendment.changes.is_empty() && new_id.is_none() {
        return Ok(text.to_string());
    }
    let mut new = rewrite_plan(text, rules, plan, amendment)?;
    if let Some(id) = new_id {
        let mut doc: DocumentMut = new
            .parse()
            .map_err(|e: toml_edit::TomlError| RewriteError::Syntax(e.message().to_string()))?;
        let decor = doc
            .get("id")
            .and_then(Item::as_value)
            .map(|v| v.decor().clone());
        doc.insert("id", toml_edit::value(id));
        if let (Some(d), Some(v)) = (decor, doc.get_mut("id").and_then(Item::as_value_mut)) {
            *v.decor_mut() = d;
        }
        new = doc.to_string();
    }
    let want = new_id.unwrap_or(&plan.id);
    let (reloaded, diags) = crate::load::plan_from_text(rules, want, &new);
    if let Some(d) = diags.first() {
        return Err(RewriteError::DoesNotLoad(d.message.clone()));
    }
    let amended = reloaded.ok_or_else(|| RewriteError::DoesNotLoad(String::new()))?;
    if amended.id != want {
        return Err(RewriteError::OtherId);
    }
    if !check(rules, &amended, opts)?.acceptable() {
        return Err(RewriteError::StillVetoed);
    }
    Ok(new)
}

/// The text of `plan` (loaded from `text`) with `amendment` applied.
pub fn rewrite_plan(
    text: &str,
    rules: &Rules,
    plan: &Plan,
    amendment: &Amendment,
) -> Result<String, RewriteError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| RewriteError::Syntax(e.message().to_string()))?;
    let mut added: Vec<(TermId, Value)> = Vec::new();
    let mut touched: Vec<(String, Vec<String>)> = Vec::new();
    let mut touch = |cid: &str, term: &str| match touched.iter_mut().find(|(c, _)| c == cid) {
        Some((_, ts)) => ts.push(term.to_string()),
        None => touched.push((cid.to_string(), vec![term.to_string()])),
    };
    for ch in &amendment.changes {
        match ch {
            Change::Set {
                term, clauses, to, ..
            } => {
                for ci in clauses {
                    let cid = clause_id(plan, *ci);
                    let set = set_table(&mut doc, &cid)?;
                    let term_id = &rules.vocab.get(*term).id;
                    let item = find(set, "", term_id).ok_or_else(|| RewriteError::NoSetting {
                        clause: cid.clone(),
                        term: term_id.clone(),
                    })?;
                    replace(item, rules, *term, *to);
                    touch(&cid, term_id);
                }
            }
            Change::Drop { term, clauses, .. } => {
                for ci in clauses {
                    let cid = clause_id(plan, *ci);
                    let set = set_table(&mut doc, &cid)?;
                    let term_id = &rules.vocab.get(*term).id;
                    if !remove(set, "", term_id) {
                        return Err(RewriteError::NoSetting {
                            clause: cid,
                            term: term_id.clone(),
                        });
                    }
                    touch(&cid, term_id);
                }
            }
            Change::Add { term, value, .. } => added.push((*term, *value)),
        }
    }
    // Say, above each changed clause, that its text may no longer match.
    for (cid, terms) in &touched {
        if let Some(table) = doc
            .get_mut("clause")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|a| {
                a.iter_mut()
                    .find(|t| t.get("id").and_then(Item::as_str) == Some(cid))
            })
        {
            let before = table
                .decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("\n")
                .to_string();
            let note = format!(
                "# redline amend changed {}: check that the text still says what the clause sets\n",
                terms.join(", ")
            );
            table.decor_mut().set_prefix(format!("{before}{note}"));
        }
    }
    if !added.is_empty() {
        let id = amendment
            .added_clause
            .clone()
            .unwrap_or_else(|| super::apply::new_clause_id(plan));
        let mut set = InlineTable::new();
        for (t, v) in &added {
            set.insert(&rules.vocab.get(*t).id, value_of(rules, *t, *v, false));
        }
        let mut table = Table::new();
        table.insert("id", toml_edit::value(id));
        table.insert("text", toml_edit::value("Added by `redline amend`."));
        table.insert("set", Item::Value(toml_edit::Value::InlineTable(set)));
        table.decor_mut().set_prefix("\n");
        match doc.get_mut("clause") {
            None => {
                let mut arr = toml_edit::ArrayOfTables::new();
                arr.push(table);
                doc.insert("clause", Item::ArrayOfTables(arr));
            }
            Some(item) => item
                .as_array_of_tables_mut()
                .ok_or(RewriteError::Layout)?
                .push(table),
        }
    }
    Ok(doc.to_string())
}

fn clause_id(plan: &Plan, ci: ClauseId) -> String {
    plan.clause_at(ci).map(|c| c.id.clone()).unwrap_or_default()
}

/// The `set` table of the clause with id `cid`.
fn set_table<'a>(
    doc: &'a mut DocumentMut,
    cid: &str,
) -> Result<&'a mut dyn TableLike, RewriteError> {
    let clauses = doc
        .get_mut("clause")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or(RewriteError::Layout)?;
    let table = clauses
        .iter_mut()
        .find(|t| t.get("id").and_then(Item::as_str) == Some(cid))
        .ok_or_else(|| RewriteError::NoClause(cid.to_string()))?;
    table
        .get_mut("set")
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| RewriteError::NoClause(cid.to_string()))
}

/// The item that sets `term` inside a `set` table, through quoted dotted
/// keys (`"a.b" = 1`), dotted keys (`a.b = 1`) or nested tables (`a = { b = 1 }`).
fn find<'a>(table: &'a mut dyn TableLike, prefix: &str, term: &str) -> Option<&'a mut Item> {
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    for k in keys {
        let name = format!("{prefix}{k}");
        if name == term {
            return table.get_mut(&k);
        }
        if term.starts_with(&format!("{name}.")) {
            let inner = table.get_mut(&k)?.as_table_like_mut()?;
            return find(inner, &format!("{name}."), term);
        }
    }
    None
}

/// Remove the setting of `term`; whether it was there.
fn remove(table: &mut dyn TableLike, prefix: &str, term: &str) -> bool {
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    for k in keys {
        let name = format!("{prefix}{k}");
        if name == term {
            return table.remove(&k).is_some();
        }
        if term.starts_with(&format!("{name}.")) {
            if let Some(inner) = table.get_mut(&k).and_then(Item::as_table_like_mut) {
                if remove(inner, &format!("{name}."), term) {
                    return true;
                }
            }
        }
    }
    false
}

/// Replace a setting's value, keeping the whitespace and comments around it.
fn replace(item: &mut Item, rules: &Rules, term: TermId, v: Value) {
    let underscores = item.to_string().contains('_') && matches!(v, Value::Int(_));
    let mut new = value_of(rules, term, v, underscores);
    if let Some(old) = item.as_value() {
        *new.decor_mut() = old.decor().clone();
    }
    *item = Item::Value(new);
}

/// A term's value as TOML: a string for an enum, a bool, or an integer
/// (grouped with `_` when the plan wrote its numbers that way).
fn value_of(rules: &Rules, term: TermId, v: Value, underscores: bool) -> toml_edit::Value {
    let t = rules.vocab.get(term);
    match (v, &t.kind) {
        (Value::Bool(b), _) => toml_edit::Value::from(b),
        (Value::Int(n), _) if underscores => group(n)
            .parse::<toml_edit::Value>()
            .unwrap_or_else(|_| toml_edit::Value::from(n)),
        (Value::Int(n), _) => toml_edit::Value::from(n),
        (Value::Enum(_), _) => toml_edit::Value::from(t.show(v)),
    }
}

/// `1234567` → `1_234_567`.
fn group(n: i64) -> String {
    crate::model::grouped(n, '_')
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    #[test]
    fn groups_digits() {
        assert_eq!(super::group(800_000), "800_000");
        assert_eq!(super::group(1_000_000), "1_000_000");
        assert_eq!(super::group(999), "999");
        assert_eq!(super::group(-12_345), "-12_345");
    }
}
