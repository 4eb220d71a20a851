//! Verifying quotes against the documents they cite.

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Files;
use crate::model::Workspace;
use std::collections::BTreeMap;
use std::path::Path;

/// Fold whitespace runs to one space and curly quote marks to straight ones.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => '"',
            other => other,
        });
    }
    out
}

/// Check every red line's quote against its source's document in `corpus`
/// (a source of documents, named `corpus_name` in messages).
pub fn verify_quotes(ws: &Workspace, corpus: &dyn Files, corpus_name: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut docs: BTreeMap<String, Option<String>> = BTreeMap::new();
    for r in &ws.rules.red_lines {
        let Some(q) = &r.quote else { continue };
        let Some(src) = r.source.map(|s| ws.rules.source(s)) else {
            continue;
        };
        let Some(file) = &src.file else {
            diags.push(
                Diagnostic::new(
                    Code::QuoteUnverifiable,
                    format!(
                        "source `{}` has no document to check this quote against",
                        src.id
                    ),
                )
                .at(q.loc, Some("quote not verified".to_string()))
                .at(src.loc, Some("this source has no `file`".to_string()))
                .help("give the source a `file` in the corpus, or drop the quote"),
            );
            continue;
        };
        // A source's `file` must stay inside the corpus: nothing outside it
        // is read, nor shown.
        if !corpus.contains(Path::new(file)) {
            diags.push(
                Diagnostic::new(
                    Code::PathOutside,
                    format!(
                        "source `{}` names `{file}`, which is outside the corpus `{corpus_name}`",
                        src.id
                    ),
                )
                .at(src.loc, Some("this source's `file`".to_string()))
                .help("name a document inside the corpus folder, by a path relative to it"),
            );
            continue;
        }
        let doc = docs
            .entry(file.clone())
            .or_insert_with(|| corpus.read(Path::new(file)).ok().map(|t| normalize(&t)));
        let Some(doc) = doc else {
            diags.push(
                Diagnostic::new(
                    Code::QuoteUnverifiable,
                    format!("document `{file}` is not in the corpus `{corpus_name}`"),
                )
                .at(q.loc, Some("quote not verified".to_string()))
                .at(src.loc, Some(format!("source `{}` names `{file}`", src.id))),
            );
            continue;
        };
        let want = normalize(&q.value);
        if !doc.contains(&want) {
            let help = closest_hint(doc, &want);
            diags.push(
                Diagnostic::new(Code::QuoteNotFound, format!("quote not found in `{file}`"))
                    .at(
                        q.loc,
                        Some(format!("not in `{file}` (source `{}`)", src.id)),
                    )
                    .help(help),
            );
        }
    }
    crate::diagnostic::sort(&mut diags);
    diags
}

/// Say how much of the quote matches, to point at the word that differs.
fn closest_hint(doc: &str, want: &str) -> String {
    let words: Vec<&str> = want.split(' ').collect();
    let mut best = 0;
    for n in (1..=words.len()).rev() {
        if words.get(..n).is_some_and(|w| doc.contains(&w.join(" "))) {
            best = n;
            break;
        }
    }
    if best == 0 {
        "no part of the quote's opening appears in the document; copy it verbatim".to_string()
    } else if let Some(w) = words.get(best) {
        format!(
            "the document matches up to `{}`, then differs at `{w}`; copy the quote verbatim",
            words.get(..best).unwrap_or_default().join(" ")
        )
    } else {
        "copy the quote verbatim from the document".to_string()
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::normalize;

    #[test]
    fn normalizes_quotes_and_space() {
        assert_eq!(
            normalize("  \u{201c}it\u{2019}s\n\t here\u{201d} "),
            "\"it's here\""
        );
    }
}
