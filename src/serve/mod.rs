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

/// A `file://` URI's path, percent-decoded.
pub fn decode_path(s: &str) -> String {
    percent_decode(s)
}

pub(crate) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(h) = hex {
                out.push(h);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(crate) fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
