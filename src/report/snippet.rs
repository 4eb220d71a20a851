//! A small adapter that lets miette draw source snippets for both load
//! diagnostics and findings, with labels in several files.

use crate::model::{Loc, Shown, SourceMap};
use crate::report::sanitize::shown_name;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::sync::Arc;

/// Lines longer than this are not drawn as snippets (miette cannot draw
/// lines over 65,535 characters, and nobody can read them): the location is
/// given as `file:line:col` instead.
const MAX_SNIPPET_LINE: usize = 1_000;

/// One block of output: a message, labels in one file, and related blocks for other files.
#[derive(Debug)]
pub struct Block {
    pub message: String,
    pub code: Option<String>,
    pub severity: miette::Severity,
    pub help: Option<String>,
    pub src: Option<Window>,
    pub labels: Vec<LabeledSpan>,
    pub related: Vec<Block>,
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Block {}

impl miette::Diagnostic for Block {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|b| b as &dyn miette::Diagnostic),
            ))
        }
    }
}

impl Block {
    pub fn new(message: impl Into<String>, severity: miette::Severity) -> Block {
        Block {
            message: message.into(),
            code: None,
            severity,
            help: None,
            src: None,
            labels: Vec::new(),
            related: Vec::new(),
        }
    }
}

/// Labels of one file further apart than this many lines are drawn in
/// frames of their own (after the first, each headed "further down" the
/// file): a frame can span every line between its labels, and two clauses
/// far apart in a plan would otherwise print the plan between them
/// (35,000 lines for twelve findings in a 5,000-clause plan).
const MAX_FRAME_GAP: usize = 100;

/// Labels grouped by file, in the order of their first appearance, and
/// within a file into runs of nearby lines (see [`MAX_FRAME_GAP`]).
pub fn attach(
    files: &SourceMap,
    mut block: Block,
    labels: &[(Loc, Option<String>)],
    see_also: &str,
) -> Block {
    type Group = (crate::model::FileId, Vec<(Loc, Option<String>)>);
    let mut groups: Vec<Group> = Vec::new();
    for (loc, msg) in labels {
        match groups.iter_mut().find(|(f, _)| *f == loc.file) {
            Some((_, v)) => v.push((*loc, msg.clone())),
            None => groups.push((loc.file, vec![(*loc, msg.clone())])),
        }
    }
    let mut frames: Vec<Group> = Vec::new();
    for (file, mut ls) in groups {
        let f = files.get(file);
        ls.sort_by_key(|(l, _)| (l.span.start, l.span.end));
        // The last line of the frame being filled, within this file.
        let mut last_line: Option<usize> = None;
        for (l, m) in ls {
            let (first, _) = f.line_col(l.span.start);
            let (end, _) = f.line_col(l.span.end);
            match (last_line, frames.last_mut()) {
                (Some(prev), Some((_, run))) if first <= prev + MAX_FRAME_GAP => {
                    run.push((l, m));
                    last_line = Some(prev.max(end));
                }
                _ => {
                    frames.push((file, vec![(l, m)]));
                    last_line = Some(end);
                }
            }
        }
    }
    let mut placed = 0;
    let main_file = frames.first().map(|(f, _)| *f);
    for (file, ls) in frames {
        let f = files.get(file);
        let too_long = ls.iter().any(|(l, _)| {
            let (line, _) = f.line_col(l.span.start);
            let (last, _) = f.line_col(l.span.end);
            (line..=last).any(|n| f.line_text(n).len() > MAX_SNIPPET_LINE)
        });
        if too_long {
            for (l, m) in &ls {
                let (line, col) = f.line_col(l.span.start);
                let note = match m {
                    Some(m) => format!("{}:{line}:{col}: {m}", shown_name(&f.name)),
                    None => format!(
                        "at {}:{line}:{col} (the line is too long to show)",
                        shown_name(&f.name)
                    ),
                };
                block.help = Some(match block.help.take() {
                    Some(h) => format!("{note}\n{h}"),
                    None => note,
                });
            }
            continue;
        }
        let i = placed;
        placed += 1;
        // The file's lines are shown with their control characters and bidi
        // overrides as code points (see `sanitize`); spans move with them.
        let shown = f.shown();
        let spans: Vec<LabeledSpan> = ls
            .iter()
            .map(|(l, m)| {
                let start = shown.at(l.span.start.min(f.text.len()));
                let end = shown.at(l.span.end.min(f.text.len()));
                LabeledSpan::new(m.clone(), start, end.saturating_sub(start))
            })
            .collect();
        let src = Window {
            name: shown_name(&f.name),
            shown,
        };
        if i == 0 {
            block.src = Some(src);
            block.labels = spans;
        } else {
            let header = if Some(file) == main_file {
                format!("further down `{}`", shown_name(&f.name))
            } else {
                see_also.to_string()
            };
            let mut rel = Block::new(header, miette::Severity::Advice);
            rel.src = Some(src);
            rel.labels = spans;
            block.related.push(rel);
        }
    }
    block
}

/// Draw a block with miette's graphical handler.
///
/// miette wraps only the texts redline writes (messages and help, see
/// [`prewrap`]); it draws source lines as they are, in a nested block as in
/// the main one. Left to itself, miette would wrap a nested block after
/// drawing it, breaking its long source lines and underlines away from
/// their gutter, and a quarter of drawing the shipped report went into
/// that second pass.
pub fn draw(mut block: Block, color: bool, width: usize) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let width = width.max(40);
    prewrap(&mut block, width, &theme.characters);
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_urls(false)
        .with_show_related_as_nested(true)
        .with_wrap_lines(false);
    let mut out = String::new();
    if handler.render_report(&mut out, &block).is_err() {
        out = format!("{}\n", block.message);
    }
    out
}

/// Break a block's message and help (and its nested blocks', recursively)
/// into lines that fit `termwidth` once miette has indented them, as
/// miette's own wrapping would: the same width, the same indents.
///
/// Lines break at spaces only: never inside a date, an id or a link (one
/// longer than the line overflows it rather than breaking, so that it can
/// still be copied). The default, Unicode line breaking with hyphenation,
/// also cost a segmenter pass over every wrapped line.
fn prewrap(block: &mut Block, termwidth: usize, chars: &miette::ThemeCharacters) {
    use miette::Severity;
    // miette leaves two columns free and indents the message by its
    // severity's icon, the help by `help: `, a nested block by its arrow.
    let width = termwidth.saturating_sub(2);
    let icon = match block.severity {
        Severity::Error => &chars.error,
        Severity::Warning => &chars.warning,
        Severity::Advice => &chars.advice,
    };
    let head = textwrap::core::display_width(&format!("  {icon} "));
    block.message = fill_bare(&block.message, width, head);
    if let Some(help) = &block.help {
        block.help = Some(fill_bare(help, width, "  help: ".len()));
    }
    let nest =
        textwrap::core::display_width(&format!("  {}{}{} ", chars.lbot, chars.hbar, chars.rarrow));
    for rel in &mut block.related {
        prewrap(rel, termwidth.saturating_sub(nest), chars);
    }
}

/// `text` broken into lines of at most `width` columns after an indent of
/// `indent` columns, without the indent (miette adds it).
///
/// This is textwrap's first-fit wrapping with words split at ASCII spaces,
/// no hyphenation and no broken words, which is what miette asks textwrap
/// for with the options [`draw`] used to give it (a test holds the two
/// equal on random texts). It measures a run of printable ASCII by its
/// length, where textwrap looks every character up: the report's help
/// texts are long, and wrapping them cost a sixth of a shipped check.
fn fill_bare(text: &str, width: usize, indent: usize) -> String {
    let avail = width.saturating_sub(indent);
    let mut out = String::with_capacity(text.len() + 16);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        // The start of the output line being filled, the end of its last
        // word (trailing spaces dropped), and its width so far with the
        // spaces after that word.
        let mut from = 0;
        let mut end = 0;
        let mut used = 0;
        let mut first = true;
        let bytes = line.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // One word: non-spaces (none, for leading spaces), then spaces.
            let start = at;
            while bytes.get(at).is_some_and(|&b| b != b' ') {
                at += 1;
            }
            let word_end = at;
            while bytes.get(at) == Some(&b' ') {
                at += 1;
            }
            let word = line.get(start..word_end).unwrap_or_default();
            let w = if word.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                word.len()
            } else {
                textwrap::core::display_width(word)
            };
            if !first && used + w > avail {
                out.push_str(line.get(from..end).unwrap_or_default());
                out.push('\n');
                from = start;
                used = 0;
            }
            first = false;
            used += w + (at - word_end);
            end = word_end;
        }
        out.push_str(line.get(from..end).unwrap_or_default());
    }
    out
}

/// A file's shown text for miette, read around a span only: finding the
/// lines to draw is a binary search over the file's line index, so drawing
/// many snippets from one large file costs time in the lines drawn, not in
/// the file's size.
#[derive(Debug)]
pub struct Window {
    name: String,
    shown: Arc<Shown>,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &str = &self.shown.text;
        let starts = &self.shown.line_starts;
        let start = span.offset().min(text.len());
        let end = (span.offset() + span.len()).min(text.len());
        let first = self
            .shown
            .line_of(start)
            .saturating_sub(context_lines_before);
        let last = self.shown.line_of(end.saturating_sub(1).max(start)) + context_lines_after + 1;
        let from = starts.get(first).copied().unwrap_or(0);
        let to = starts.get(last + 1).copied().unwrap_or(text.len());
        let window = text.get(from..to).ok_or(MietteError::OutOfBounds)?;
        let inner = SourceSpan::new((start - from).into(), end - start);
        let c = window.read_span(&inner, context_lines_before, context_lines_after)?;
        let data: &'a [u8] = c.data();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::new((c.span().offset() + from).into(), c.span().len()),
            c.line() + first,
            c.column(),
            c.line_count() + first,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::fill_bare;
    use proptest::prelude::*;

    /// What miette's own wrapping gives for the same options, indent removed.
    fn textwrap_fill(text: &str, width: usize, indent: usize) -> String {
        let pad = " ".repeat(indent);
        let opts = textwrap::Options::new(width)
            .initial_indent(&pad)
            .subsequent_indent(&pad)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        textwrap::wrap(text, &opts)
            .iter()
            .map(|l| l.strip_prefix(pad.as_str()).unwrap_or(l).to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn wraps_like_textwrap_on_report_texts() {
        let cases = [
            "",
            " ",
            "\n\n",
            "  leading spaces and a word",
            "source: Washington Examiner, \"[Lavrov: talks on Ukraine's security without Russia are a road to nowhere]\", 2025-08-20 (003_f045ec84fd2bba5d.txt)",
            "quote: \u{201c}we deny any scenarios that envisage the deployment of a military contingent\u{201d}",
            "a-very-long-identifier-that-does-not-fit-on-any-line-at-all-whatever-the-width-is and more",
            "trailing spaces   \nnext line",
        ];
        for text in cases {
            for width in [10, 38, 40, 78, 120] {
                for indent in [0, 4, 6, 8] {
                    assert_eq!(
                        fill_bare(text, width, indent),
                        textwrap_fill(text, width, indent),
                        "{text:?} at width {width}, indent {indent}"
                    );
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn wraps_like_textwrap(
            text in "[a b\n\u{e9}\u{4e2d}\u{201c}\u{1b}\t\r-]{0,60}",
            width in 0usize..30,
            indent in 0usize..10,
        ) {
            prop_assert_eq!(fill_bare(&text, width, indent), textwrap_fill(&text, width, indent));
        }
    }
}
