//! Why checking or solving gave no answer.

/// Why checking or solving gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The SAT solver failed in a way that is not an answer (out of memory,
    /// interrupted, an error inside the solver).
    #[error("the SAT solver failed: {0}")]
    Solver(String),
    /// The time limit given to a search passed before it had an answer.
    #[error("the time limit was reached before the search had an answer")]
    TimeLimit,
    /// redline broke one of its own invariants (a bug: please report it).
    #[error("internal error: {0}")]
    Internal(String),
    /// The plan has no coherent completion: its settings break the
    /// constraints between terms (the loader reports this as
    /// `incoherent-plan`; a plan built in memory can still reach the solver).
    #[error("plan `{plan}` is incoherent: no completion satisfies the constraints between terms")]
    Incoherent {
        /// The plan's id.
        plan: String,
    },
}

impl Error {
    /// The error as a diagnostic: `incoherent-plan` for an incoherent plan,
    /// `internal` for a solver failure or a broken invariant.
    pub fn diagnostic(&self) -> crate::diagnostic::Diagnostic {
        use crate::diagnostic::{Code, Diagnostic};
        match self {
            Error::Incoherent { .. } => Diagnostic::new(Code::IncoherentPlan, self.to_string())
                .help("run `redline lint` to see which settings break which constraints"),
            Error::TimeLimit => Diagnostic::new(Code::BadArgument, self.to_string())
                .help("give the search more time (`--time-limit`), or ask a smaller question (`--party`, `--keep`)"),
            Error::Solver(_) | Error::Internal(_) => Diagnostic::new(Code::Internal, self.to_string())
                .help("this is a bug in redline, not a mistake in the input: please report it with the command and the workspace; nothing was decided or written"),
        }
    }
}
