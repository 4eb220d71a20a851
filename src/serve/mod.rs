//! redline where people draft: the questions of the command line answered
//! for other programs. [`desk`] answers them as plain calls (a tool's name
//! and JSON arguments in, the command's JSON document out); [`mcp`] serves
//! them to AI assistants over the Model Context Protocol, and [`lsp`] to
//! editors over the Language Server Protocol. Neither server does any IO
//! of its own: the CLI connects them to stdin and stdout.

mod args;
pub mod desk;
#[cfg(feature = "lsp")]
pub mod lsp;
#[cfg(feature = "mcp")]
pub mod mcp;
