//! `redline.toml`: settings that pin what would otherwise drift with the
//! calendar or be typed every time (SPEC section 8).

use super::doc::Table as TomlTable;
use super::reader::{Sink, Table};
use super::rules::resolve_party;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{FileId, Rules, Settings};
use std::path::PathBuf;

/// Read `redline.toml` against loaded rules. `corpus` must lie inside the
/// workspace (`files`): a folder outside may be named only on the command
/// line, so that a workspace from elsewhere cannot point `lint` at files it
/// should not read.
pub fn settings(
    rules: &Rules,
    files: &dyn super::Files,
    file: FileId,
    doc: &TomlTable<'_>,
    sink: &mut Sink,
) -> Settings {
    let mut top = Table::new(file, doc, super::file_start(file), "settings file");
    let as_of = top.date(sink, "as_of");
    let parties = top.str_list(sink, "parties");
    let corpus = top.str(sink, "corpus");
    top.finish(sink, &[]);
    let corpus = corpus.filter(|c| {
        let inside = files.contains(std::path::Path::new(&c.value));
        if !inside {
            sink.push(
                Diagnostic::new(
                    Code::PathOutside,
                    format!("`corpus` names `{}`, which is outside the workspace", c.value),
                )
                .at(c.loc, Some("resolved against the workspace root".to_string()))
                .help("a corpus outside the workspace is named on the command line, not in a file of the workspace: `redline lint --corpus DIR` (or REDLINE_CORPUS=DIR); inside it, give a folder of the workspace"),
            );
        }
        inside
    });
    Settings {
        as_of: as_of.map(|d| d.value),
        parties: parties
            .unwrap_or_default()
            .iter()
            .filter_map(|p| resolve_party(rules, p, sink))
            .collect(),
        corpus: corpus.map(|c| PathBuf::from(c.value)),
        file: Some(file),
    }
}
