//! `redline init`: starter workspaces that teach the format in their
//! comments, and pass `lint`, `check` and `test` as written (a test runs
//! all three on each).

/// The starter workspaces, by name: `minimal` (two parties, three terms, a
/// constraint, one plan, one scenario) and `bloc` (the same with a bloc that
/// decides by consensus and owns a term).
pub const EXAMPLES: &[&str] = &["minimal", "bloc"];

/// The files of the starter workspace `name` (paths relative to the
/// workspace, and their texts), or `None` for an unknown name.
pub fn example(name: &str) -> Option<&'static [(&'static str, &'static str)]> {
    match name {
        "minimal" => Some(&[
            (
                "proposals/first-draft.toml",
                include_str!("minimal/proposals/first-draft.toml"),
            ),
            ("redline.toml", include_str!("minimal/redline.toml")),
            (
                "rules/northland.toml",
                include_str!("minimal/rules/northland.toml"),
            ),
            (
                "rules/parties.toml",
                include_str!("minimal/rules/parties.toml"),
            ),
            (
                "rules/sources.toml",
                include_str!("minimal/rules/sources.toml"),
            ),
            (
                "rules/southland.toml",
                include_str!("minimal/rules/southland.toml"),
            ),
            ("rules/terms.toml", include_str!("minimal/rules/terms.toml")),
            (
                "tests/scenarios/first_draft.toml",
                include_str!("minimal/tests/scenarios/first_draft.toml"),
            ),
        ]),
        "bloc" => Some(&[
            (
                "proposals/first-draft.toml",
                include_str!("bloc/proposals/first-draft.toml"),
            ),
            ("redline.toml", include_str!("bloc/redline.toml")),
            (
                "rules/eastland.toml",
                include_str!("bloc/rules/eastland.toml"),
            ),
            (
                "rules/northland.toml",
                include_str!("bloc/rules/northland.toml"),
            ),
            (
                "rules/parties.toml",
                include_str!("bloc/rules/parties.toml"),
            ),
            (
                "rules/sources.toml",
                include_str!("bloc/rules/sources.toml"),
            ),
            (
                "rules/southland.toml",
                include_str!("bloc/rules/southland.toml"),
            ),
            ("rules/terms.toml", include_str!("bloc/rules/terms.toml")),
            (
                "rules/westland.toml",
                include_str!("bloc/rules/westland.toml"),
            ),
            (
                "tests/scenarios/closed_door.toml",
                include_str!("bloc/tests/scenarios/closed_door.toml"),
            ),
            (
                "tests/scenarios/first_draft.toml",
                include_str!("bloc/tests/scenarios/first_draft.toml"),
            ),
        ]),
        _ => None,
    }
}
