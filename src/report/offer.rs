//! Which formats each command offers, declared once: `--format`'s values
//! and help, the test that runs every command in every format, and the
//! table in `docs/format.md` all follow this list.

use super::{Command, Format};

/// A format a command offers, and what it gives for that command (the
/// help line of its `--format` value, a phrase without a final stop).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    /// The format.
    pub format: Format,
    /// One line on what the format gives.
    pub help: &'static str,
}

const fn offer(format: Format, help: &'static str) -> Offer {
    Offer { format, help }
}

const HUMAN: Offer = offer(Format::Human, "Compiler-style text");
const CONCISE: Offer = offer(
    Format::Concise,
    "One line per finding or diagnostic, led by `file:line:col`",
);
const JSON: Offer = offer(Format::Json, "One JSON document");
const MARKDOWN: Offer = offer(Format::Markdown, "Markdown");
const HTML: Offer = offer(
    Format::Html,
    "One self-contained HTML page (inline CSS, no script), to forward or print",
);

/// The formats every report offers.
const REPORT: &[Offer] = &[HUMAN, CONCISE, JSON, MARKDOWN, HTML];

const CHECK: &[Offer] = &[
    HUMAN,
    CONCISE,
    JSON,
    MARKDOWN,
    HTML,
    offer(
        Format::Sarif,
        "SARIF 2.1.0, for code scanning (each finding at its clause, related to its red line)",
    ),
    offer(
        Format::Github,
        "GitHub Actions workflow commands (annotations on the plan files)",
    ),
];

const TEST: &[Offer] = &[
    HUMAN,
    CONCISE,
    JSON,
    MARKDOWN,
    HTML,
    offer(
        Format::Junit,
        "JUnit XML: one testcase per scenario, failures with expected and actual",
    ),
    offer(
        Format::Github,
        "GitHub Actions workflow commands (annotations on the scenario files)",
    ),
];

const LINT: &[Offer] = &[
    HUMAN,
    CONCISE,
    JSON,
    MARKDOWN,
    HTML,
    offer(Format::Sarif, "SARIF 2.1.0, for code scanning"),
    offer(Format::Github, "GitHub Actions workflow commands"),
];

const GRAPH: &[Offer] = &[
    offer(Format::Dot, "Graphviz DOT"),
    offer(Format::Human, "The edges in words"),
    offer(Format::Concise, "One line per edge"),
    offer(Format::Json, "Nodes and edges as JSON"),
    offer(
        Format::Markdown,
        "A summary and the DOT source in a fenced block",
    ),
    offer(
        Format::Svg,
        "A picture, laid out without graphviz: names, title, date, legend",
    ),
    offer(Format::Html, "The picture in an HTML page"),
];

const TIMELINE: &[Offer] = &[
    HUMAN,
    offer(
        Format::Concise,
        "One line per period: plan, party, verdict, first and last day",
    ),
    JSON,
    MARKDOWN,
    offer(
        Format::Html,
        "A strip chart per plan (parties down, time across) and the change days, in one page",
    ),
    offer(Format::Svg, "The strip charts alone"),
];

const COALITIONS: &[Offer] = &[
    HUMAN,
    offer(
        Format::Concise,
        "One line per coalition, blocking group and pivotal party",
    ),
    JSON,
    MARKDOWN,
    HTML,
];

impl Command {
    /// Every command, in the order `redline help` lists them.
    pub const ALL: [Command; 14] = [
        Command::Check,
        Command::Matrix,
        Command::Explain,
        Command::Test,
        Command::Lint,
        Command::Amend,
        Command::Space,
        Command::Diff,
        Command::Graph,
        Command::Timeline,
        Command::Coalitions,
        Command::Codes,
        Command::Init,
        Command::Schema,
    ];

    /// The command's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Command::Check => "check",
            Command::Matrix => "matrix",
            Command::Explain => "explain",
            Command::Test => "test",
            Command::Lint => "lint",
            Command::Amend => "amend",
            Command::Space => "space",
            Command::Diff => "diff",
            Command::Graph => "graph",
            Command::Timeline => "timeline",
            Command::Coalitions => "coalitions",
            Command::Codes => "codes",
            Command::Init => "init",
            Command::Schema => "schema",
        }
    }

    /// The formats the command offers, its default first; none for the
    /// commands that write files instead of a report.
    pub fn formats(self) -> &'static [Offer] {
        match self {
            Command::Check => CHECK,
            Command::Test => TEST,
            Command::Lint => LINT,
            Command::Graph => GRAPH,
            Command::Timeline => TIMELINE,
            Command::Coalitions => COALITIONS,
            Command::Matrix
            | Command::Explain
            | Command::Amend
            | Command::Space
            | Command::Diff
            | Command::Codes => REPORT,
            Command::Init | Command::Schema => &[],
        }
    }

    /// The format the command writes when none is asked for.
    pub fn default_format(self) -> Format {
        self.formats().first().map_or(Format::Human, |o| o.format)
    }

    /// Whether the command offers `format`.
    pub fn offers(self, format: Format) -> bool {
        self.formats().iter().any(|o| o.format == format)
    }
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 10] = [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Markdown,
        Format::Dot,
        Format::Html,
        Format::Svg,
        Format::Sarif,
        Format::Junit,
        Format::Github,
    ];

    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Dot => "dot",
            Format::Html => "html",
            Format::Svg => "svg",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
        }
    }

    /// The format of a name, as `--format` takes it.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_every_command_lists_a_format_once() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
        for c in Command::ALL {
            let fs = c.formats();
            for (i, o) in fs.iter().enumerate() {
                assert!(!fs.iter().take(i).any(|p| p.format == o.format), "{c:?}");
            }
        }
    }
}
