//! The one table of diagnostic codes, and the diagnostic value itself.
//!
//! Every user mistake redline can report has one [`Code`] here, with one
//! line of documentation (shown by `redline lint --explain` and in the
//! README) and one place in the loader where it is raised.

use crate::model::Loc;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Warning,
    Error,
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $name:ident = $code:literal, $level:ident; )*) => {
        /// A kind of diagnostic. The string form (`redline::unknown-term`) is stable.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $(#[doc = $doc])* $name, )* }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[ $( Code::$name, )* ];

            /// The stable name, e.g. `unknown-term`.
            pub fn name(self) -> &'static str {
                match self { $( Code::$name => $code, )* }
            }

            /// One line saying what the code means.
            pub fn doc(self) -> &'static str {
                match self { $( Code::$name => concat!($($doc),*).trim_ascii(), )* }
            }

            /// Whether the code is an error or a warning.
            pub fn level(self) -> Level {
                match self { $( Code::$name => Level::$level, )* }
            }
        }
    };
}

codes! {
    /// A file could not be read, or a required workspace folder is missing.
    Io = "io", Error;
    /// The file is not valid TOML.
    TomlSyntax = "toml-syntax", Error;
    /// A key that the format does not define (often a misspelling).
    UnknownKey = "unknown-key", Error;
    /// A required key is absent.
    MissingKey = "missing-key", Error;
    /// A key holds a value of the wrong TOML type.
    WrongType = "wrong-type", Error;
    /// An id is malformed (terms: lowercase words joined by dots; others: lowercase, digits, `_` and `-`).
    InvalidId = "invalid-id", Error;
    /// Two entries share one id.
    DuplicateId = "duplicate-id", Error;
    /// A term id that the vocabulary does not define.
    UnknownTerm = "unknown-term", Error;
    /// A party id that `rules/parties.toml` does not define.
    UnknownParty = "unknown-party", Error;
    /// A red line id that the party (or, for a bloc, its members) does not have.
    UnknownRedLine = "unknown-red-line", Error;
    /// A clause id that the plan does not have.
    UnknownClause = "unknown-clause", Error;
    /// A source id that `rules/sources.toml` does not define.
    UnknownSource = "unknown-source", Error;
    /// A value outside an enum's `values` or an integer term's `range`, or of the wrong kind for the term.
    InvalidValue = "invalid-value", Error;
    /// A term definition that cannot be used: an empty enum, an inverted range, a repeated value.
    InvalidTerm = "invalid-term", Error;
    /// A red line needs exactly one of `forbid` or `require`.
    RuleShape = "rule-shape", Error;
    /// A bloc that contains itself through its members.
    BlocCycle = "bloc-cycle", Error;
    /// Two clauses set one term to values that cannot both hold.
    ClauseConflict = "clause-conflict", Error;
    /// A plan whose settings break the constraints between terms: no completion of it is coherent.
    IncoherentPlan = "incoherent-plan", Error;
    /// Constraints between terms that no world satisfies together, whatever a plan says.
    ConstraintConflict = "constraint-conflict", Error;
    /// A clause sets a term that follows the plan's signatories (`signed_by`).
    SignatoryTerm = "signatory-term", Error;
    /// A date that is not `YYYY-MM-DD`, or dates out of order (`until` not after the start, `stated` before `since`).
    InvalidDate = "invalid-date", Error;
    /// A constraint expression that does not parse.
    ExprSyntax = "expr-syntax", Error;
    /// A constraint expression that does not type-check against the vocabulary.
    ExprType = "expr-type", Error;
    /// A constraint expression nested deeper than redline accepts.
    ExprTooDeep = "expr-too-deep", Error;
    /// A quote that cannot be found in its cited source document.
    QuoteNotFound = "quote-not-found", Error;
    /// A quote whose source has no document in the corpus, or a source file missing from the corpus.
    QuoteUnverifiable = "quote-unverifiable", Warning;
    /// A red line of a party's file names a different `party`, or a file names no party.
    PartyFile = "party-file", Error;
    /// A plan, scenario or file given on the command line that does not exist or is not in the workspace.
    BadArgument = "bad-argument", Error;
}

/// A location with an optional message, shown under the source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub loc: Loc,
    pub message: Option<String>,
}

/// One user mistake, with where it is and what would fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub level: Level,
    pub message: String,
    /// The first label is the primary location.
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
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
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
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
