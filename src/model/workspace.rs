//! A loaded workspace, and its settings: the model's aggregate, which the
//! engine, the views and the command line share. Loading it is
//! [`crate::load`]'s business; nothing here reads a file.

use super::{Date, FileId, PartyId, Plan, Rules, SourceMap};
use std::path::PathBuf;

/// A loaded workspace: its files, its rules and its plans.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// Every file read, so that locations can point into it.
    pub files: SourceMap,
    /// What `rules/` defines: terms, parties, sources and red lines.
    pub rules: Rules,
    /// The plans that loaded, in the order their files were read.
    pub plans: Vec<Plan>,
    /// What `redline.toml` says (all defaults when there is none).
    pub settings: Settings,
}

impl Workspace {
    /// The plan with this id.
    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }
}

/// The workspace's settings; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The default `--as-of`.
    pub as_of: Option<Date>,
    /// The default `--party` list (empty: every party).
    pub parties: Vec<PartyId>,
    /// Where `lint` finds the source documents, as written (relative to the
    /// workspace root).
    pub corpus: Option<PathBuf>,
    /// The settings file, when there is one.
    pub file: Option<FileId>,
}
