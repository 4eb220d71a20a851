//! `redline mcp` and `redline lsp`: the servers, on stdin and stdout.

use super::common::Context;
use super::Exit;
use clap::Args;
#[cfg(feature = "mcp")]
use redline::serve::desk::Desk;

/// Before serving: the workspace folder must exist; and a person who
/// started the server in a terminal is told what it waits for (on stderr,
/// which the protocol leaves free).
fn starting(ctx: &Context, client: &str, doc: &str) -> Result<(), Exit> {
    use std::io::IsTerminal;
    if !ctx.root.is_dir() {
        eprintln!(
            "error[bad-argument]: the workspace folder `{}` does not exist",
            ctx.root.display()
        );
        return Err(Exit::BadInput);
    }
    if std::io::stdin().is_terminal() {
        eprintln!(
            "redline is waiting for {client} on stdin and stdout (see {doc}); press Ctrl-D to stop"
        );
    }
    Ok(())
}

/// `redline mcp`.
#[cfg(feature = "mcp")]
#[derive(Debug, Args)]
pub struct McpArgs {
    /// Never write a file, even when `amend` is asked to.
    #[arg(long)]
    pub read_only: bool,
}

/// Serve the workspace's tools to an MCP client on stdin and stdout.
#[cfg(feature = "mcp")]
pub fn mcp(ctx: &Context, a: &McpArgs) -> Exit {
    use rmcp::ServiceExt;
    if let Err(e) = starting(ctx, "an MCP client (an AI assistant)", "docs/assistants.md") {
        return e;
    }
    let mut desk = Desk::new(&ctx.root);
    if !a.read_only {
        // The one writer the CLI has: atomic, locked, and refusing a plan
        // that changed since it was read or a new file that exists.
        desk = desk.with_writer(Box::new(|path, text, base| {
            super::write::write_plan(path, text, base, base.is_none(), false)
                .map(|_| ())
                .map_err(|e| format!("{e} ({})", e.help()))
        }));
    }
    let server = redline::serve::mcp::Server::new(desk);
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the MCP server: {e}");
            return Exit::BadInput;
        }
    };
    let outcome: Result<(), String> = rt.block_on(async move {
        let running = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| format!("the client did not initialise the session: {e}"))?;
        running
            .waiting()
            .await
            .map(|_| ())
            .map_err(|e| format!("the server stopped: {e}"))
    });
    match outcome {
        Ok(()) => Exit::Clean,
        Err(e) => {
            eprintln!("error: {e}");
            Exit::BadInput
        }
    }
}

/// `redline lsp`.
#[cfg(feature = "lsp")]
#[derive(Debug, Args)]
pub struct LspArgs {}

/// Serve the workspace to an editor on stdin and stdout. The workspace is
/// `-C DIR`, else the root the editor names, else the current folder.
#[cfg(feature = "lsp")]
pub fn lsp(ctx: &Context, _a: &LspArgs) -> Exit {
    use lsp_server::{Connection, Message};
    if let Err(e) = starting(ctx, "an editor", "docs/editors.md") {
        return e;
    }
    let (conn, io) = Connection::stdio();
    let outcome = (|| -> Result<(), String> {
        let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
        let named = params
            .get("rootUri")
            .and_then(|v| v.as_str())
            .and_then(|u| u.strip_prefix("file://"))
            .map(|p| std::path::PathBuf::from(redline::serve::decode_path(p)));
        let root = match named {
            Some(p) if ctx.root == std::path::Path::new(".") => p,
            _ => std::path::absolute(&ctx.root).unwrap_or_else(|_| ctx.root.clone()),
        };
        let mut server = redline::serve::lsp::Server::new(root);
        conn.initialize_finish(id, redline::serve::lsp::Server::capabilities())
            .map_err(|e| e.to_string())?;
        for msg in &conn.receiver {
            if let Message::Request(r) = &msg {
                if conn.handle_shutdown(r).map_err(|e| e.to_string())? {
                    return Ok(());
                }
            }
            for out in server.handle(msg) {
                conn.sender
                    .send(out)
                    .map_err(|e| format!("cannot answer the editor: {e}"))?;
            }
        }
        Ok(())
    })();
    drop(conn);
    let joined = io.join().map_err(|e| e.to_string());
    match outcome.and(joined) {
        Ok(()) => Exit::Clean,
        Err(e) => {
            eprintln!("error: {e}");
            Exit::BadInput
        }
    }
}
