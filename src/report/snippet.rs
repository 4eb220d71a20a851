//! A small adapter that lets miette draw source snippets for both load
//! diagnostics and findings, with labels in several files.

use crate::model::{Loc, Shown, SourceMap};
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
                    Some(m) => format!("{}:{line}:{col}: {m}", f.name),
                    None => format!("at {}:{line}:{col} (the line is too long to show)", f.name),
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
            name: crate::report::format::words::visible(&f.name),
            shown,
        };
        if i == 0 {
            block.src = Some(src);
            block.labels = spans;
        } else {
            let header = if Some(file) == main_file {
                format!(
                    "further down `{}`",
                    crate::report::format::words::visible(&f.name)
                )
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
pub fn draw(block: &Block, color: bool, width: usize) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width.max(40))
        .with_links(false)
        .with_urls(false)
        .with_show_related_as_nested(true)
        // Lines break at spaces only: never inside a date, an id or a
        // link (one longer than the line overflows it rather than breaking,
        // so that it can still be copied). The default, Unicode line
        // breaking with hyphenation, also cost a segmenter pass over every
        // wrapped line: a third of drawing the shipped report.
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false);
    let mut out = String::new();
    if handler.render_report(&mut out, block).is_err() {
        out = format!("{}\n", block.message);
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
