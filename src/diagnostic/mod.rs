//! Diagnostics: one user mistake each, with its code, where it is and what
//! would fix it. The codes and their documentation are in [`codes`].

mod codes;

use crate::model::Loc;
pub use codes::{Code, Example};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Worth fixing; the command still runs.
    Warning,
    /// The input cannot be used as it is; the command stops (exit 2).
    Error,
}

/// A location with an optional message, shown under the source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where the label points.
    pub loc: Loc,
    /// The note shown under that place, if any.
    pub message: Option<String>,
}

/// One user mistake, with where it is and what would fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of mistake it is: its entry in the table of codes.
    pub code: Code,
    /// Warning or error (the code's level, as [`Diagnostic::new`] sets it).
    pub level: Level,
    /// The headline: what is wrong, in one line.
    pub message: String,
    /// The first label is the primary location.
    pub labels: Vec<Label>,
    /// What would fix it (such as a did-you-mean), if anything can be said.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `code` with this message, at the code's level, with no labels or help yet.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            level: code.level(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }
    /// Add a label at `loc`.
    pub fn at(mut self, loc: Loc, message: impl Into<Option<String>>) -> Diagnostic {
        self.labels.push(Label {
            loc,
            message: message.into(),
        });
        self
    }
    /// Set the help: what would fix the mistake.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
    /// Set the help, or clear it with `None` (as from a [`did_you_mean`] that found nothing).
    pub fn maybe_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }
    /// The primary location, if any.
    pub fn loc(&self) -> Option<Loc> {
        self.labels.first().map(|l| l.loc)
    }
}

/// `did you mean `x`?` for the candidate closest to `input`, if any is close.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(input, c);
        if score > 0.8 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Sort diagnostics by file, position, then code, and drop exact repeats.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| (a.loc(), a.code, &a.message).cmp(&(b.loc(), b.code, &b.message)));
    diags.dedup();
}
