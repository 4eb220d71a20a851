//! Load diagnostics → human (miette), JSON and markdown.

use super::snippet::{attach, draw, Block};
use super::Style;
use crate::diagnostic::{Diagnostic, Level};
use crate::model::SourceMap;
use serde_json::json;

fn severity(level: Level) -> miette::Severity {
    match level {
        Level::Error => miette::Severity::Error,
        Level::Warning => miette::Severity::Warning,
    }
}

fn location(files: &SourceMap, d: &Diagnostic) -> Option<(String, usize, usize)> {
    d.loc().map(|l| {
        let f = files.get(l.file);
        let (line, col) = f.line_col(l.span.start);
        (f.name.clone(), line, col)
    })
}

/// Every diagnostic the way a compiler shows it, then a count.
pub fn render_diagnostics(files: &SourceMap, diags: &[Diagnostic], style: Style) -> String {
    let mut out = String::new();
    for d in diags {
        let mut block = Block::new(d.message.clone(), severity(d.level));
        block.code = Some(format!("redline::{}", d.code.name()));
        block.help = d.help.clone();
        let labels: Vec<_> = d
            .labels
            .iter()
            .map(|l| (l.loc, l.message.clone()))
            .collect();
        let block = attach(files, block, &labels, "see also");
        out.push_str(&draw(&block, style.color, style.width));
        out.push('\n');
    }
    let errors = diags.iter().filter(|d| d.level == Level::Error).count();
    let warnings = diags.len() - errors;
    if !diags.is_empty() {
        out.push_str(&format!(
            "{}, {}\n",
            plural(errors, "error"),
            plural(warnings, "warning")
        ));
    }
    out
}

/// `1 veto`, `2 vetoes`, `3 parties`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        return format!("1 {word}");
    }
    let many = plural_word(word);
    format!("{n} {many}")
}

/// The plural of an English noun redline uses: `veto` → `vetoes`,
/// `party` → `parties`, `day` → `days`, `class` → `classes`, `scenario` → `scenarios`.
fn plural_word(word: &str) -> String {
    let consonant_y = word
        .strip_suffix('y')
        .filter(|stem| !stem.ends_with(['a', 'e', 'i', 'o', 'u']));
    if let Some(stem) = consonant_y {
        format!("{stem}ies")
    } else if word == "veto"
        || word.ends_with(['s', 'x'])
        || word.ends_with("ch")
        || word.ends_with("sh")
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// Diagnostics as JSON values (see the JSON section of ARCHITECTURE.md).
pub fn render_diagnostics_json(files: &SourceMap, diags: &[Diagnostic]) -> serde_json::Value {
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let (file, line, column) = location(files, d)
                .map_or((None, None, None), |(f, l, c)| (Some(f), Some(l), Some(c)));
            let labels: Vec<serde_json::Value> = d
                .labels
                .iter()
                .map(|l| {
                    let f = files.get(l.loc.file);
                    let (line, column) = f.line_col(l.loc.span.start);
                    json!({"file": f.name, "line": line, "column": column, "message": l.message})
                })
                .collect();
            json!({
                "code": d.code.name(),
                "level": match d.level { Level::Error => "error", Level::Warning => "warning" },
                "message": d.message,
                "file": file,
                "line": line,
                "column": column,
                "labels": labels,
                "help": d.help,
            })
        })
        .collect();
    serde_json::Value::Array(items)
}

/// Diagnostics as a markdown list.
pub fn render_diagnostics_markdown(files: &SourceMap, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let level = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let at = location(files, d)
            .map(|(f, l, c)| format!("`{f}:{l}:{c}` "))
            .unwrap_or_default();
        out.push_str(&format!(
            "- **{level}** [`{}`] {at}{}",
            d.code.name(),
            d.message
        ));
        if let Some(h) = &d.help {
            out.push_str(&format!(" — {h}"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn plurals() {
        let cases = [
            (1, "veto", "1 veto"),
            (2, "veto", "2 vetoes"),
            (3, "party", "3 parties"),
            (2, "day", "2 days"),
            (2, "scenario", "2 scenarios"),
            (2, "class", "2 classes"),
            (0, "pair", "0 pairs"),
            (1, "pair", "1 pair"),
        ];
        for (n, word, want) in cases {
            assert_eq!(plural(n, word), want);
        }
    }
}
