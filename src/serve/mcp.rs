//! `redline mcp`: the [`Desk`]'s tools served over the Model Context
//! Protocol with the official SDK (`rmcp`).
//!
//! Each tool answers with two pieces of content: a short text (the concise
//! format) and the JSON document as `structuredContent`, the same document
//! `--format json` prints. A call the desk refuses (an unknown argument, a
//! path outside the workspace, a text over 1 MiB) is a JSON-RPC
//! `invalid_params` error whose `data` carries the diagnostic code; a call
//! whose input has errors answers with the failed document, marked
//! `isError`. Resources: the format reference, and every TOML file of the
//! workspace.

use super::desk::{Answer, Desk, Refusal};
use crate::load::Files;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ErrorData, Implementation,
    InitializeResult, ListResourcesResult, ListToolsResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, ServerCapabilities,
};
use rmcp::service::RequestContext;
use rmcp::{RoleServer, ServerHandler};
use serde_json::{json, Value};
use std::sync::Arc;

/// The format reference, served as a resource.
const FORMAT_MD: &str = include_str!("../../docs/format.md");
/// Its URI.
pub const FORMAT_URI: &str = "redline://docs/format.md";
/// The prefix of a workspace file's URI (`redline://workspace/rules/terms.toml`).
pub const WORKSPACE_URI: &str = "redline://workspace/";

/// What the server tells an assistant when it connects.
const INSTRUCTIONS: &str = "redline checks draft agreements against each party's red lines. \
To encode a new draft: call `vocabulary` for the terms and values a plan may set, write the plan's TOML \
(id, title, parties, and [[clause]] tables with id, text and set = { \"term.id\" = value }), \
call `lint_plan` until it reports no error, then `check_plan` for the findings and `amend` for the smallest \
change that leaves no veto. The file format is the resource redline://docs/format.md.";

/// The MCP server: a desk, shared with the blocking threads calls run on.
#[derive(Clone)]
pub struct Server {
    desk: Arc<Desk>,
}

impl Server {
    /// A server answering from `desk`.
    pub fn new(desk: Desk) -> Server {
        Server {
            desk: Arc::new(desk),
        }
    }

    /// The tools, as `tools/list` sends them.
    pub fn tool_list() -> Value {
        let tools: Vec<Value> = Desk::tools()
            .into_iter()
            .map(|t| {
                json!({
                    "name": t.name,
                    "description": t.description,
                    "inputSchema": t.input_schema,
                    "annotations": {
                        "readOnlyHint": t.name != "amend",
                        // `amend` may rewrite a plan in place.
                        "destructiveHint": t.name == "amend",
                        "openWorldHint": false,
                    },
                })
            })
            .collect();
        json!({ "tools": tools })
    }

    /// The workspace's resources, as `resources/list` sends them.
    pub fn resource_list(&self) -> Value {
        let mut resources = vec![json!({
            "uri": FORMAT_URI,
            "name": "format.md",
            "title": "redline's file formats and condition language",
            "mimeType": "text/markdown",
        })];
        let files = self.desk.files();
        for p in self.desk.toml_files() {
            let shown = files.display(&p);
            resources.push(json!({
                "uri": format!("{WORKSPACE_URI}{}", super::percent_encode(&shown)),
                "name": shown,
                "mimeType": "application/toml",
            }));
        }
        json!({ "resources": resources })
    }

    /// A resource's text, as `resources/read` sends it.
    pub fn read(&self, uri: &str) -> Result<Value, Refusal> {
        if uri == FORMAT_URI {
            return Ok(contents(uri, "text/markdown", FORMAT_MD));
        }
        let Some(rel) = uri.strip_prefix(WORKSPACE_URI) else {
            return Err(Refusal {
                code: crate::Code::BadArgument,
                message: format!(
                    "no resource `{uri}`: resources are {FORMAT_URI} and {WORKSPACE_URI}<path>"
                ),
            });
        };
        let text = self.desk.read_file(&super::percent_decode(rel))?;
        Ok(contents(uri, "application/toml", &text))
    }

    /// Call a tool: the result `tools/call` sends.
    pub fn call(
        &self,
        name: &str,
        args: &serde_json::Map<String, Value>,
    ) -> Result<Value, Refusal> {
        self.desk.call(name, args).map(|a| result_of(&a))
    }
}

fn contents(uri: &str, mime: &str, text: &str) -> Value {
    json!({ "contents": [{ "uri": uri, "mimeType": mime, "text": text }] })
}

/// A tool's answer as a `CallToolResult`: the summary, the amended text
/// when there is one, and the document as structured content.
fn result_of(a: &Answer) -> Value {
    let mut content = vec![json!({ "type": "text", "text": a.summary })];
    if let Some(t) = &a.text {
        content.push(json!({ "type": "text", "text": t }));
    }
    json!({
        "content": content,
        "structuredContent": a.json,
        "isError": a.failed,
    })
}

fn invalid(r: &Refusal) -> ErrorData {
    ErrorData::invalid_params(r.message.clone(), Some(json!({ "code": r.code.name() })))
}

fn internal(e: impl std::fmt::Display) -> ErrorData {
    ErrorData::internal_error(e.to_string(), Some(json!({ "code": "internal" })))
}

fn typed<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, ErrorData> {
    serde_json::from_value(v).map_err(internal)
}

impl ServerHandler for Server {
    fn get_info(&self) -> InitializeResult {
        let caps: Result<ServerCapabilities, _> =
            serde_json::from_value(json!({ "tools": {}, "resources": {} }));
        let mut info = InitializeResult::new(caps.unwrap_or_default());
        if let Ok(me) = serde_json::from_value::<Implementation>(json!({
            "name": "redline",
            "version": env!("CARGO_PKG_VERSION"),
        })) {
            info.server_info = me;
        }
        info.instructions = Some(INSTRUCTIONS.to_string());
        info
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        typed(Server::tool_list())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let me = self.clone();
        let name = request.name.to_string();
        let args = request.arguments.unwrap_or_default();
        // Solving may take seconds: off the runtime's one thread.
        let out = tokio::task::spawn_blocking(move || me.call(&name, &args))
            .await
            .map_err(internal)?;
        let v = out.map_err(|r| invalid(&r))?;
        let r: CallToolResult = typed(v)?;
        Ok(CallToolResponse::Complete(r))
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        typed(self.resource_list())
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let v = self.read(&request.uri).map_err(|r| invalid(&r))?;
        let r: ReadResourceResult = typed(v)?;
        Ok(ReadResourceResponse::Complete(r))
    }
}
