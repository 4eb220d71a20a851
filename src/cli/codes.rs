//! `redline codes [CODE]`

use super::common::Context;
use super::{formats_of, Exit};
use clap::Args;
use redline::report::view::CodeView;
use redline::report::{Body, Command, Document, Format};
use redline::{did_you_mean, Code, Diagnostic, SourceMap};

/// `redline codes`.
#[derive(Debug, Args)]
pub struct CodesArgs {
    /// A code to explain (`unknown-term`, or `redline::unknown-term`);
    /// without one, list them all.
    pub code: Option<String>,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Codes), default_value = Command::Codes.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &CodesArgs) -> Exit {
    let s = ctx.session(Command::Codes, a.format);
    let none = SourceMap::default();
    let codes = match &a.code {
        None => Code::ALL.iter().map(|c| CodeView::of(*c)).collect(),
        Some(name) => match Code::from_name(name) {
            Some(c) => vec![CodeView::of(c)],
            None => {
                return s.fail_one(
                    &none,
                    Diagnostic::new(Code::BadArgument, format!("no diagnostic code `{name}`"))
                        .maybe_help(
                            did_you_mean(
                                name.strip_prefix("redline::").unwrap_or(name),
                                Code::ALL.iter().map(|c| c.name()),
                            )
                            .or_else(|| Some("`redline codes` lists them all".to_string())),
                        ),
                )
            }
        },
    };
    s.write(Document::new(Command::Codes, Body::Codes { codes }), &none);
    Exit::Clean
}
