//! The command line. The only code that prints or reads the terminal.

mod amend;
mod check;
mod common;
mod diff;
mod explain;
mod graph;
mod lint;
mod matrix;
mod space;
mod test;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Check draft agreements against the red lines of every party to a negotiation.
#[derive(Debug, Parser)]
#[command(name = "redline", version, about, long_about = None, propagate_version = true)]
pub struct Args {
    /// Run in this workspace folder instead of the current one (like `git -C`).
    #[arg(short = 'C', long = "workspace", value_name = "DIR", global = true)]
    pub workspace: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human, global = true)]
    pub format: FormatArg,
    /// Only report these parties (repeatable).
    #[arg(long = "party", value_name = "ID", global = true)]
    pub party: Vec<String>,
    /// Count the red lines in force on this date (YYYY-MM-DD; default: `as_of`
    /// in redline.toml, else today).
    #[arg(long = "as-of", value_name = "DATE", global = true)]
    pub as_of: Option<String>,
    /// Count every red line (`any`), or only what the parties said
    /// themselves (`statement`), leaving out analysts' readings.
    #[arg(long, value_enum, default_value_t = BasisArg::Any, global = true)]
    pub basis: BasisArg,
    /// What makes the exit code 1.
    #[arg(long = "fail-on", value_enum, default_value_t = FailOn::Veto, global = true)]
    pub fail_on: FailOn,
    /// When to colour output; NO_COLOR in the environment means never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    pub color: ColorArg,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plans against every party's red lines (default: every proposal).
    Check {
        /// Plan files, or plan ids from `proposals/`.
        plans: Vec<String>,
    },
    /// Show a party × clause grid (one plan) or a party × plan grid (several).
    Matrix {
        /// Plan files, or plan ids (default: every proposal).
        plans: Vec<String>,
    },
    /// Explain the findings on one clause, or one party's verdict, in a plan.
    Explain {
        /// A plan file or plan id.
        plan: String,
        /// The clause to explain; without it, give one `--party` to explain
        /// every red line of that party, satisfied or not.
        #[arg(long, value_name = "ID")]
        clause: Option<String>,
    },
    /// Run regression scenarios (default: tests/scenarios); ends with "N passed, M failed".
    Test {
        /// Scenario files or folders.
        paths: Vec<PathBuf>,
        /// Only scenarios whose name or file contains this text.
        #[arg(short = 'k', value_name = "PATTERN")]
        pattern: Option<String>,
    },
    /// Check the rules and proposals; with --corpus, verify every quote.
    Lint {
        /// A folder holding the documents that sources name in `file`.
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
    },
    /// Find the fewest term changes after which no party vetoes a plan, or
    /// prove that none exists (an irreducible conflict, and who would have to yield).
    Amend {
        /// A plan file or plan id.
        plan: String,
        /// Keep this clause as it is: the terms it sets are not changed (repeatable).
        #[arg(long = "keep", value_name = "CLAUSE")]
        keep: Vec<String>,
        /// Rewrite the plan file in place (comments and layout kept).
        #[arg(long, conflicts_with = "out")]
        write: bool,
        /// Write the amended plan to FILE and leave the original alone.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Show which values of each term some plan acceptable to every party can take.
    Space {
        /// Also count the acceptable combinations, when few enough to count exactly.
        #[arg(long)]
        count: bool,
    },
    /// Show the findings gained and lost between two drafts, clause by clause.
    Diff {
        /// The earlier draft (file or plan id).
        plan_a: String,
        /// The later draft (file or plan id).
        plan_b: String,
    },
    /// Print the conflict graph (parties, blocs, red lines; with a plan, its
    /// clauses and the red lines they cross) as DOT.
    Graph {
        /// A plan file or plan id.
        plan: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BasisArg {
    /// Every red line.
    Any,
    /// Only red lines with `basis = "statement"`.
    Statement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Exit 1 when any party vetoes.
    Veto,
    /// Exit 1 when any party vetoes or objects.
    Objection,
    /// Exit 0 whatever the findings.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Exit codes: the findings, not the program, decide 0 or 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Clean = 0,
    Findings = 1,
    BadInput = 2,
}

pub fn run(args: Args) -> Exit {
    let ctx = match common::Context::new(&args) {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    match &args.command {
        Command::Check { plans } => check::run(&ctx, plans),
        Command::Matrix { plans } => matrix::run(&ctx, plans),
        Command::Explain { plan, clause } => explain::run(&ctx, plan, clause.as_deref()),
        Command::Test { paths, pattern } => test::run(&ctx, paths, pattern.as_deref()),
        Command::Lint { corpus } => lint::run(&ctx, corpus.as_deref()),
        Command::Amend {
            plan,
            keep,
            write,
            out,
        } => amend::run(&ctx, plan, keep, *write, out.as_deref()),
        Command::Space { count } => space::run(&ctx, *count),
        Command::Diff { plan_a, plan_b } => diff::run(&ctx, plan_a, plan_b),
        Command::Graph { plan } => graph::run(&ctx, plan.as_deref()),
    }
}
