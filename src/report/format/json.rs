//! JSON output: the document, serialized as it is, pretty-printed.

use crate::report::Document;

/// `doc` as pretty JSON with a trailing newline.
pub fn render(doc: &Document) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_else(|e| {
        // Views are plain data (strings, numbers, booleans, lists, maps
        // with string keys), which always serialize; say so if one did not.
        format!(
            "{{\"version\": {}, \"error\": \"cannot serialize: {e}\"}}",
            doc.version
        )
    });
    s.push('\n');
    s
}
