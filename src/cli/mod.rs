//! The command line. The only code that prints or reads the terminal.
//!
//! Each command has its own `#[derive(Args)]` struct; the option groups
//! below are flattened only into the commands that honour them, so an
//! option a command would ignore is refused by the parser instead.

mod amend;
mod check;
mod coalitions;
mod codes;
mod common;
mod diff;
mod explain;
mod graph;
mod init;
mod lint;
mod matrix;
mod schema;
mod serve;
mod shell;
mod space;
mod test;
mod timeline;
mod write;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use redline::report::Format;
use std::path::PathBuf;

/// Check draft agreements against the red lines of every party to a negotiation.
#[derive(Debug, Parser)]
#[command(name = "redline", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Run in this workspace folder instead of the current one (like `git -C`).
    #[arg(short = 'C', long = "workspace", value_name = "DIR", global = true)]
    pub workspace: Option<PathBuf>,
    /// When to colour output: `auto` colours a terminal unless NO_COLOR is
    /// set; `always` and `never` win over NO_COLOR.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    pub color: ColorArg,
    #[command(subcommand)]
    pub command: Command,
}

/// The `--format` values of `command`: parsed, listed in help and
/// refused as the library declares them ([`Command::formats`]).
///
/// [`Command::formats`]: redline::report::Command::formats
pub fn formats_of(command: redline::report::Command) -> impl TypedValueParser<Value = Format> {
    let values = command
        .formats()
        .iter()
        .map(|o| PossibleValue::new(o.format.name()).help(o.help));
    PossibleValuesParser::new(values).try_map(|name: String| {
        Format::from_name(&name).ok_or_else(|| format!("no format `{name}`"))
    })
}

/// Which red lines count: the date, the parties, the basis.
#[derive(Debug, Clone, Args)]
pub struct Weigh {
    /// Only these parties' red lines count (repeatable; default: `parties`
    /// in redline.toml, else every party).
    #[arg(long = "party", value_name = "ID")]
    pub party: Vec<String>,
    /// Count the red lines in force on this date (YYYY-MM-DD; default: `as_of`
    /// in redline.toml, else today).
    #[arg(long = "as-of", value_name = "DATE")]
    pub as_of: Option<String>,
    /// Count every red line (`any`), or only what the parties said
    /// themselves (`statement`), leaving out analysts' readings.
    #[arg(long, value_enum, default_value_t = BasisArg::Any)]
    pub basis: BasisArg,
}

/// `--fail-on`, for commands whose exit code reports findings.
#[derive(Debug, Clone, Args)]
pub struct Gate {
    /// What makes the exit code 1.
    #[arg(long = "fail-on", value_enum, default_value_t = FailOn::Veto)]
    pub fail_on: FailOn,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plans against every party's red lines (default: every proposal).
    /// Exit 1 when a party vetoes (see --fail-on).
    Check(check::CheckArgs),
    /// Show a party × clause grid (one plan) or a party × plan grid (several).
    /// Exit 1 when a party vetoes (see --fail-on).
    Matrix(matrix::MatrixArgs),
    /// Explain the findings on one clause, or one party's verdict, in a plan.
    /// Exit 1 when what is explained includes a veto (see --fail-on).
    Explain(explain::ExplainArgs),
    /// Run regression scenarios (default: tests/scenarios); ends with "N passed, M failed".
    /// Exit 1 when a scenario fails.
    Test(test::TestArgs),
    /// Check the rules and proposals; with a corpus, verify every quote.
    /// Exit 2 on any error.
    Lint(lint::LintArgs),
    /// Find the fewest term changes after which no party vetoes a plan, or
    /// prove that none exists (an irreducible conflict, and who would have
    /// to yield). Exit 1 when a veto remains.
    Amend(amend::AmendArgs),
    /// Show which values of each term some plan acceptable to every party
    /// can take. Exit 1 when no plan is acceptable (see --fail-on).
    Space(space::SpaceArgs),
    /// Show the findings gained and lost between two drafts, clause by clause.
    /// Exit 1 when the second draft gains a veto (see --fail-on).
    Diff(diff::DiffArgs),
    /// Print the conflict graph (parties, blocs, red lines; with a plan, its
    /// clauses and the red lines they cross), as DOT by default. Exit 0: a
    /// picture, not a verdict.
    Graph(graph::GraphArgs),
    /// Show each party's verdict on each plan over time: the exact days a
    /// verdict changes, and the red lines that start or end there. Exit 0
    /// unless --fail-on asks.
    Timeline(timeline::TimelineArgs),
    /// Show which groups of parties could agree on some plan (the maximal
    /// coalitions, each with a plan), which cannot (the minimal blocking
    /// groups, each with its conflict), and who is pivotal; with a plan, the
    /// smallest amendment for each coalition. Exit 1 when not all parties
    /// can agree (see --fail-on).
    Coalitions(coalitions::CoalitionsArgs),
    /// List the diagnostic codes, or explain one with an example.
    Codes(codes::CodesArgs),
    /// Write a starter workspace whose comments teach the format, and that
    /// passes `lint`, `check` and `test` as written.
    Init(init::InitArgs),
    /// Write JSON Schemas of the workspace's files (term ids and values,
    /// party, source and red-line ids), for editors that check TOML.
    Schema(schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff), e.g. `redline man > redline.1`.
    Man(shell::ManArgs),
    /// Serve the workspace to an AI assistant: a Model Context Protocol
    /// server on stdin and stdout (see docs/assistants.md).
    #[cfg(feature = "mcp")]
    Mcp(serve::McpArgs),
    /// Serve the workspace to an editor: a language server on stdin and
    /// stdout (see docs/editors.md).
    #[cfg(feature = "lsp")]
    Lsp(serve::LspArgs),
}

/// Which red lines count by basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BasisArg {
    /// Every red line.
    Any,
    /// Only red lines with `basis = "statement"`.
    Statement,
}

/// What turns exit code 0 into 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Exit 1 when any party vetoes.
    Veto,
    /// Exit 1 when any party vetoes or objects.
    Objection,
    /// Exit 0 whatever the findings.
    Never,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always, even when NO_COLOR is set.
    Always,
    /// Never.
    Never,
}

/// Exit codes: the findings, not the program, decide 0 or 1; 2 means no
/// answer (bad input, or an internal error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Nothing that `--fail-on` counts.
    Clean = 0,
    /// Findings that `--fail-on` counts (or failed scenarios).
    Findings = 1,
    /// No answer: the input has errors, or redline failed.
    BadInput = 2,
}

/// Run the command line.
pub fn run(cli: Cli) -> Exit {
    let ctx = common::Context::new(&cli);
    let exit = match &cli.command {
        Command::Check(a) => check::run(&ctx, a),
        Command::Matrix(a) => matrix::run(&ctx, a),
        Command::Explain(a) => explain::run(&ctx, a),
        Command::Test(a) => test::run(&ctx, a),
        Command::Lint(a) => lint::run(&ctx, a),
        Command::Amend(a) => amend::run(&ctx, a),
        Command::Space(a) => space::run(&ctx, a),
        Command::Diff(a) => diff::run(&ctx, a),
        Command::Graph(a) => graph::run(&ctx, a),
        Command::Timeline(a) => timeline::run(&ctx, a),
        Command::Coalitions(a) => coalitions::run(&ctx, a),
        Command::Codes(a) => codes::run(&ctx, a),
        Command::Init(a) => init::run(&ctx, a),
        Command::Schema(a) => schema::run(&ctx, a),
        Command::Completions(a) => shell::completions(a),
        Command::Man(a) => shell::man(a),
        #[cfg(feature = "mcp")]
        Command::Mcp(a) => serve::mcp(&ctx, a),
        #[cfg(feature = "lsp")]
        Command::Lsp(a) => serve::lsp(&ctx, a),
    };
    // Output that could not be written is no answer.
    if common::output_failed() {
        Exit::BadInput
    } else {
        exit
    }
}
