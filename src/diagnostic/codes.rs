//! The registry of diagnostic codes: every kind of mistake redline reports,
//! what it means, why redline refuses it, and an example.
//!
//! Each code is raised for one kind of mistake only. Its example is an
//! excerpt of the fixture that raises it (`tests/fixtures/diagnostics/CODE/`),
//! and a test checks that the excerpt is there verbatim, so the example shown
//! by `redline codes CODE` is one that really produces the code.

use super::Level;

/// Where a code's example comes from, inside its fixture folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// A file of the fixture, relative to its folder: a workspace file such
    /// as `proposals/counter.toml`; `args`, the command line; or `remove`,
    /// the workspace files the fixture deletes.
    pub file: &'static str,
    /// A verbatim excerpt of that file.
    pub text: &'static str,
}

macro_rules! codes {
    ($( $name:ident = $code:literal, $level:ident {
        what: $what:literal,
        why: $why:literal,
        example: $example:expr,
    } )*) => {
        /// A kind of diagnostic. The string form (`redline::unknown-term`) is stable.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( #[doc = $what] $name, )* }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[ $( Code::$name, )* ];

            /// The stable name, e.g. `unknown-term`.
            pub fn name(self) -> &'static str {
                match self { $( Code::$name => $code, )* }
            }

            /// The code named `name` (`unknown-term`, or `redline::unknown-term`).
            pub fn from_name(name: &str) -> Option<Code> {
                let name = name.strip_prefix("redline::").unwrap_or(name);
                Code::ALL.iter().copied().find(|c| c.name() == name)
            }

            /// One line saying what the code means.
            pub fn what(self) -> &'static str {
                match self { $( Code::$name => $what, )* }
            }

            /// Why redline refuses the input, and how to put it right.
            pub fn why(self) -> &'static str {
                match self { $( Code::$name => $why, )* }
            }

            /// An input that raises the code, from its fixture; `None` for a
            /// code that no input should raise.
            pub fn example(self) -> Option<Example> {
                match self { $( Code::$name => $example, )* }
            }

            /// Whether the code is an error or a warning.
            pub fn level(self) -> Level {
                match self { $( Code::$name => Level::$level, )* }
            }
        }
    };
}

codes! {
    Io = "io", Error {
        what: "A file could not be read or written (or `amend` refused to write a rewritten plan that failed its re-check), or the workspace has no `rules/` folder.",
        why: "redline will not skip a file it cannot read: without `rules/terms.toml` nothing can be checked, and a skipped file in `rules/` would silently drop a party's red lines from every verdict. When `amend --write` (or `--out`) cannot write the amended plan, or the rewritten plan does not pass redline's own re-check, nothing is written and the original file is left as it was. Check that the file named in the message exists and can be read (or written), and run redline inside the workspace or point at it with `-C DIR`.",
        example: Some(Example {
            file: "remove",
            text: "rules/terms.toml",
        }),
    }
    TomlSyntax = "toml-syntax", Error {
        what: "The file is not valid TOML.",
        why: "A file that is not valid TOML has no single meaning: an unclosed quote, for example, swallows the next line, so a guess at what was meant could check a different agreement from the one you wrote. redline reports every syntax error it finds and decides nothing until they are fixed. Go to the line and column shown and close the quote, bracket or brace, put text values in double quotes, and make sure no key is written twice in one table.",
        example: Some(Example {
            file: "rules/west.toml",
            text: r#"about = "The alliance's door is not closed by statute
forbid = "alliance.accession == 'barred'""#,
        }),
    }
    UnknownKey = "unknown-key", Error {
        what: "A key that the format does not define (often a misspelling).",
        why: r#"A key redline does not know is almost always a misspelling, and ignoring it would change the meaning without a word: a misspelt `severity = "objection"` would leave the red line a veto, and a misspelt `when` would make a conditional red line apply always. redline therefore refuses every key it does not define. Correct the spelling (the help suggests the nearest key, or lists the keys allowed there), or delete the line."#,
        example: Some(Example {
            file: "rules/west.toml",
            text: r#"severty = "objection"
qoute = "never""#,
        }),
    }
    MissingKey = "missing-key", Error {
        what: "A required key is absent.",
        why: "Some keys cannot be left out without losing the meaning: a plan, clause, party or red line without an `id` cannot be named in findings, scenarios or on the command line; a scenario without `[expect]` checks nothing and would always pass; a quote without a `source` cannot be traced or verified; an amendment with nothing to do changes nothing. redline asks for the key rather than invent one. Add the key named in the message, as the help suggests.",
        example: Some(Example {
            file: "proposals/counter.toml",
            text: r#"title = "A counter-proposal without an id"
parties = ["north", "south", "alliance"]

[[clause]]
text = "A clause without an id.""#,
        }),
    }
    WrongType = "wrong-type", Error {
        what: "A key holds a value of the wrong TOML type.",
        why: r#"Each key takes one kind of value, and guessing at another would change what is checked: a single name where a list is expected (`members = "west"` rather than `members = ["west"]`) or a number where text is expected would have to be read one way or another. redline refuses the value instead of converting it. Write the kind the message asks for: text in double quotes, lists in `[...]`, settings in `{ ... }`, dates as `YYYY-MM-DD`, `true` or `false` without quotes."#,
        example: Some(Example {
            file: "rules/parties.toml",
            text: r#"[[party]]
id = "east"
name = 7

[[party]]
id = "alliance"
name = "The Alliance"
members = "west""#,
        }),
    }
    InvalidId = "invalid-id", Error {
        what: "An id is malformed (terms: lowercase words of `a-z`, `0-9` and `_` joined by dots; parties: `a-z`, `0-9` and `_`; others: letters, digits, `_`, `-` and `.`).",
        why: "Ids are how findings, scenarios, conditions and the command line refer to things, so each must be something you can write there unambiguously: a clause id with a space is easily mistyped in a scenario or after `--clause`, and a term id with capitals or spaces cannot be written in a condition. redline refuses the id rather than quietly rewriting it, which would break every reference to it. Rename it following the rule in the help, and change every place that uses it.",
        example: Some(Example {
            file: "proposals/counter.toml",
            text: r#"[[clause]]
id = "clause one""#,
        }),
    }
    DuplicateId = "duplicate-id", Error {
        what: "Two entries share one id, or one thing is listed twice (a term in one clause's `set`, a member of a bloc).",
        why: r#"When two entries share an id, every reference to it is ambiguous and one of them would silently drop out: a second red line with the same id would replace or hide the first, and a term set twice in one clause leaves its value undecided. redline points at both and refuses the repeat. Give one of them a new id (or merge them), set each term once per clause, and in a scenario use `clause = "..."` to change a clause the plan already has rather than adding one with its id."#,
        example: Some(Example {
            file: "rules/west.toml",
            text: r#"[[red_line]]
id = "no-statutory-bar"
about = "The alliance's door is not closed by statute"
forbid = "alliance.accession == 'barred'"

[[red_line]]
id = "no-statutory-bar""#,
        }),
    }
    UnknownTerm = "unknown-term", Error {
        what: "A term id that the vocabulary does not define.",
        why: "A clause that sets a misspelt term sets nothing, so the plan would be read as silent on the real term and judged on its status quo, and a condition that names an unknown term checks nothing. Either way a red line could pass or fail for a reason nobody wrote. Use the term's id exactly as it is in `rules/terms.toml` (the help suggests the nearest one), or add the term there first.",
        example: Some(Example {
            file: "proposals/counter.toml",
            text: r#"set = { "alliance.accesion" = "deferred" }"#,
        }),
    }
    UnknownParty = "unknown-party", Error {
        what: "A party id that `rules/parties.toml` does not define.",
        why: "A misspelt party would be dropped without a word: a plan's signatory list would lose a signature, which changes who must consent and which `signed_by` terms hold, and an owner, bloc member or expectation would point at nobody. redline refuses the name instead. Use the id exactly as it is in `rules/parties.toml` (the help suggests the nearest one), or add the party there.",
        example: Some(Example {
            file: "proposals/counter.toml",
            text: r#"parties = ["north", "sooth", "alliance"]"#,
        }),
    }
    UnknownRedLine = "unknown-red-line", Error {
        what: "A red line id that the party (or, for a bloc, its members) does not have.",
        why: "A scenario that expects a finding through a red line the party does not have can never match, and an `[[expect.absent]]` naming one would pass whatever the plan says, so the test would check nothing while looking as if it did. redline refuses the expectation. Use the red line's `id` from the party's file in `rules/` (for a bloc, a member's red line, written `red-line-id` or `member/red-line-id`), or `consent` for a missing consent; the help suggests the nearest id.",
        example: Some(Example {
            file: "tests/scenarios/bad.toml",
            text: r#"[[expect.veto]]
party = "west"
red_line = "no-statutory-ban""#,
        }),
    }
    UnknownClause = "unknown-clause", Error {
        what: "A clause id that the plan does not have.",
        why: "An amendment to a clause the plan does not have would change nothing, so the scenario would test the unamended plan while claiming otherwise, and an expectation naming a missing clause (or one the scenario itself dropped) can never match; `amend --keep` with a wrong id would leave the clause you meant to protect open to change. redline refuses the id. Use an `id` from the plan's `[[clause]]` tables (the help suggests the nearest one); to add a new clause in a scenario, give `id`, `text` and `set` instead of `clause`.",
        example: Some(Example {
            file: "tests/scenarios/bad.toml",
            text: r#"[[amend]]
clause = "12"
set = { "army.cap" = 800_000 }"#,
        }),
    }
    UnknownSource = "unknown-source", Error {
        what: "A source id that `rules/sources.toml` does not define.",
        why: "A citation that points at no source cannot be followed by a reader, and its quote cannot be checked against the document, so a claim about what a party said would look sourced when it is not. redline refuses the citation. Use the source's id exactly as it is in `rules/sources.toml` (the help suggests the nearest one), or add the source there.",
        example: Some(Example {
            file: "rules/west.toml",
            text: r#"source = "gazete""#,
        }),
    }
    InvalidValue = "invalid-value", Error {
        what: "A value that a term or key does not accept: not among an enum's `values`, outside an integer term's `range`, the wrong kind for the term, an empty list of options, or an unknown `decides`, `severity` or `basis`.",
        why: "A value a term cannot take describes no possible deal: a clause set to a misspelt value would be judged on nothing, and a condition comparing with one (`== 'barrred'`) would never hold, so the red line could never be crossed. In the same way an unknown `severity` or `decides` would have to be guessed. redline refuses the value. Use one of the values listed in `rules/terms.toml` (the help suggests the nearest), a whole number inside the term's range, `true` or `false` without quotes for a yes-or-no term, or one of the choices the help names.",
        example: Some(Example {
            file: "proposals/counter.toml",
            text: r#"set = { "alliance.accession" = "defered", "army.cap" = 5_000_000, "sanctions.relief" = "yes" }"#,
        }),
    }
    InvalidTerm = "invalid-term", Error {
        what: "A term definition that cannot be used: an empty enum, an inverted range, a repeated value, both `values` and `range`, or a `signed_by` term with `values`, `range` or `default`.",
        why: "Every clause and red line that uses a term relies on its definition, and these definitions have no clear meaning: an empty list or an inverted range leaves no value to set, a repeated value is ambiguous, and a term cannot be both a list of values and a number range. A `signed_by` term is true exactly when that party signs, so it cannot take other values or a status quo. redline refuses the term rather than guess. List each value once, write the range as `[low, high]`, keep either `values` or `range`, and give a `signed_by` term neither of them nor a `default`.",
        example: Some(Example {
            file: "rules/terms.toml",
            text: r#"[[term]]
id = "troops.presence"
about = "Foreign troops on the ground after the deal"
values = ["none", "reactive", "none"]"#,
        }),
    }
    RuleShape = "rule-shape", Error {
        what: "A red line or constraint that has both `forbid` and `require`, or neither: it needs exactly one.",
        why: "A red line or constraint either forbids a condition or requires one. With both, redline would have to pick one and might check the opposite of what was meant; with neither, it states no condition, is never crossed, and would sit in the file looking as if it counted. redline refuses both shapes. Keep one of `forbid` or `require` (split the entry in two if both are meant), or add the missing condition.",
        example: Some(Example {
            file: "rules/west.toml",
            text: r#"[[red_line]]
id = "both"
about = "Both forbid and require"
forbid = "alliance.accession == 'barred'"
require = "guarantee.strong""#,
        }),
    }
    BlocCycle = "bloc-cycle", Error {
        what: "A bloc that contains itself through its members.",
        why: "A bloc decides by the consensus of its members, and its members' red lines count under it. If a bloc contains itself, directly or through other blocs, its consensus would wait on itself and there is no telling whose red lines count, so no verdict about it would mean anything. Remove one of the memberships listed in the message so that no bloc is, in the end, a member of itself.",
        example: Some(Example {
            file: "rules/parties.toml",
            text: r#"[[party]]
id = "west"
name = "Westland"
members = ["alliance"]"#,
        }),
    }
    ClauseConflict = "clause-conflict", Error {
        what: "Two clauses set one term to values that cannot both hold.",
        why: "When two clauses set one term to values with nothing in common, the plan contradicts itself, and any verdict would depend on which clause redline chose to believe. redline refuses the plan rather than pick a side. Make the clauses agree, narrow their lists of options so that they share at least one value, or drop one of the settings.",
        example: Some(Example {
            file: "proposals/counter.toml",
            text: r#"id = "a"
text = "Accession is left to the alliance's consensus."
set = { "alliance.accession" = "deferred" }

[[clause]]
id = "b"
text = "Accession is offered at once."
set = { "alliance.accession" = ["offered", "barred"] }"#,
        }),
    }
    IncoherentPlan = "incoherent-plan", Error {
        what: "A plan whose settings break the constraints between terms: no completion of it is coherent.",
        why: "The constraints in `rules/terms.toml` say which combinations of terms can exist together. A plan whose settings break them describes a deal that cannot exist, so every verdict on it would be empty: redline would be judging red lines against an impossible world. redline refuses the plan and names the clauses (or silences, or signatories) and constraints involved. Change one of those settings, or, if a constraint is wrong, correct it in `rules/terms.toml`.",
        example: Some(Example {
            file: "proposals/incoherent.toml",
            text: r#"set = { "troops.presence" = "brigades" }

[[clause]]
id = "no-guarantee"
text = "No guarantee is given."
set = { "guarantee.strong" = false }"#,
        }),
    }
    ConstraintConflict = "constraint-conflict", Error {
        what: "Constraints between terms that no world satisfies together, whatever a plan says.",
        why: "If the constraints in `rules/terms.toml` cannot all hold at once, no deal is possible and every plan would be incoherent, so nothing could be checked. redline reports the contradiction once, in the vocabulary, rather than in every plan. Correct or drop one of the constraints named in the message.",
        example: Some(Example {
            file: "rules/terms.toml",
            text: r#"id = "always-relief"
about = "Sanctions are always lifted"
require = "sanctions.relief"

[[constraint]]
id = "never-relief"
about = "Sanctions are never lifted"
forbid = "sanctions.relief""#,
        }),
    }
    InvalidReading = "invalid-reading", Error {
        what: "A red line that `reads` another in a way redline cannot apply: the reading is not marked `basis = \"analysis\"`, or what it reads is another party's red line, a reading, an analyst's red line, or itself.",
        why: r#"A reading is an analyst's account of what a party's own words mean: with `--basis any` it stands in for the statement it reads, and with `--basis statement` the statement applies as the party worded it. That only works when the reading is marked as analysis and reads its own party's statement: a reading of another party's words, of an analysis, or of another reading would let `--basis statement` keep a gloss or drop a party's words without anyone seeing it. redline refuses the link. Mark the reading `basis = "analysis"`, and point `reads` at one of its party's red lines with `basis = "statement"` (the default)."#,
        example: Some(Example {
            file: "rules/north.toml",
            text: r#"[[red_line]]
id = "troops-as-read"
about = "As an analyst reads it: a reactive force would be tolerated"
forbid = "troops.presence >= 'training_only'"
reads = "no-accession"
basis = "analysis""#,
        }),
    }
    SignatoryTerm = "signatory-term", Error {
        what: "A clause sets a term that follows the plan's signatories (`signed_by`).",
        why: "A term with `signed_by` is true exactly when that party is among the plan's `parties`. Letting a clause set it would let a plan claim a party's signature, and the consent that goes with it, that the party never gave. redline refuses the setting. Drop it, and list the party in the plan's `parties` if it really signs (in a scenario, use `sign = [...]`).",
        example: Some(Example {
            file: "proposals/claims.toml",
            text: r#"parties = ["south"]

[[clause]]
id = "1"
text = "The north is said to agree."
set = { "talks.north_signs" = true }"#,
        }),
    }
    InvalidDate = "invalid-date", Error {
        what: "A date that is not `YYYY-MM-DD`, or dates out of order (`until` not after the start, `stated` before `since`).",
        why: "Dates decide which red lines count on the day checked: a red line counts from `since` (or `stated`) until `until`. A date that does not exist, such as 30 February, or an `until` that is not after the start would make the red line count never, or at the wrong time, without anyone noticing. redline refuses the date. Write a real calendar date as `YYYY-MM-DD`, make `until` later than `since` or `stated`, and move `since` back if the quoted words (`stated`) came before it.",
        example: Some(Example {
            file: "rules/west.toml",
            text: r#"stated = "2025-02-30"

[[red_line]]
id = "later"
about = "Ends before it starts"
forbid = "troops.presence == 'brigades'"
stated = 2025-06-01
until = 2025-01-01"#,
        }),
    }
    ExprSyntax = "expr-syntax", Error {
        what: "A condition (`forbid`, `require` or `when` of a red line or constraint) that does not parse.",
        why: "A condition is what a red line or constraint actually tests, and one that does not parse has no meaning; guessing, for instance reading `=` as a comparison, could test something other than what was meant. redline refuses the condition and points at the spot where it stops making sense. Compare with `==` or `!=`, put values in single quotes (`'barred'`), join parts with `and`, `or` and `not`, and close every parenthesis.",
        example: Some(Example {
            file: "rules/west.toml",
            text: r#"forbid = "alliance.accession = 'barred'""#,
        }),
    }
    ExprType = "expr-type", Error {
        what: "A condition that does not type-check against the vocabulary (a comparison that does not fit the term).",
        why: "A comparison that does not fit the term, such as a number term compared with text or `>` applied to a yes-or-no term, cannot mean anything, and accepting it would leave a condition that is never true, so the red line could never be crossed. redline refuses the condition. Compare a list term with one of its values in single quotes, a number term with a number, and use a yes-or-no term on its own, with `not`, or with `==` and `!=`.",
        example: Some(Example {
            file: "rules/west.toml",
            text: r#"forbid = "alliance.accession == 'barrred' or army.cap == 'large' or sanctions.relief > true""#,
        }),
    }
    ExprTooDeep = "expr-too-deep", Error {
        what: "A condition nested deeper than redline accepts (64 levels).",
        why: "A condition nested more than 64 levels deep is almost certainly a mistake or the output of a broken tool, and reading it could exhaust redline's memory instead of giving an answer. redline refuses it with a message rather than crash. Remove parentheses that are not needed, or split the condition into simpler parts, if need be across several red lines.",
        example: Some(Example {
            file: "rules/west.toml",
            text: r#"forbid = """
(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("#,
        }),
    }
    QuoteNotFound = "quote-not-found", Error {
        what: "A quote that cannot be found in its cited source document.",
        why: "A quote is the evidence that a party really holds a red line; if it is not in the document it cites, the red line looks better sourced than it is, and a reader could attribute to the party words it never said. `lint` checks each quote against the corpus word for word, ignoring only differences of spacing and of curly or straight quote marks. Copy the words exactly from the document (the help shows how much of the quote matches), or cite the document that does contain them.",
        example: Some(Example {
            file: "rules/north.toml",
            text: r#"quote = "we reject all foreign troops on our border""#,
        }),
    }
    QuoteUnverifiable = "quote-unverifiable", Warning {
        what: "A quote that cannot be checked: its source names no `file`, the file is not in the corpus, or the corpus folder named in `redline.toml` does not exist.",
        why: "This is a warning, not a refusal: the quote may well be right, but redline could not check it, and an unchecked quote should not pass for a verified one. Lint still succeeds. To have it checked, give the source a `file` in `rules/sources.toml`, put that document in the corpus folder, and point `--corpus` (or `corpus` in `redline.toml`) at that folder.",
        example: Some(Example {
            file: "rules/sources.toml",
            text: r#"file = "missing.txt""#,
        }),
    }
    PartyFile = "party-file", Error {
        what: r#"A red-line file in `rules/` that does not say whose red lines it holds (no `party = "..."` at the top)."#,
        why: r#"Every red line belongs to a party, and a file in `rules/` says whose red lines it holds with `party` at the top. Without it its red lines belong to nobody, so they would not be checked at all and would vanish from every verdict while still sitting in the file. redline refuses the file. Start it with `party = "<party id>"`, using an id from `rules/parties.toml`, before the first `[[red_line]]`."#,
        example: Some(Example {
            file: "rules/west.toml",
            text: r#"[[red_line]]
id = "no-statutory-bar""#,
        }),
    }
    ScenarioShape = "scenario-shape", Error {
        what: "A scenario amendment that mixes keys which cannot go together (`clause` with `id`, signatories with settings).",
        why: "Each `[[amend]]` does one thing: change or drop an existing clause (`clause`), add a new one (`id`, `text`, `set`), or change the signatories (`sign` or `unsign`). An amendment that mixes these could be read more than one way, and a wrong guess would test a different plan from the one meant. redline refuses it and the scenario does not run. Split it into separate `[[amend]]` tables, one change each.",
        example: Some(Example {
            file: "tests/scenarios/bad.toml",
            text: r#"[[amend]]
clause = "2"
id = "2a"
set = { "army.cap" = 800_000 }"#,
        }),
    }
    MissingPlan = "missing-plan", Error {
        what: "A scenario names a plan file that does not exist.",
        why: "Without its plan a scenario has nothing to check, so passing or failing would mean nothing; redline marks it as unable to run and runs the other scenarios. The `plan` path is read from the scenario file's own folder, not from the workspace root. Correct the path, usually of the form `../../proposals/plan.toml`, or restore the plan file.",
        example: Some(Example {
            file: "tests/scenarios/bad.toml",
            text: r#"plan = "../../proposals/draft_v2.toml""#,
        }),
    }
    PathOutside = "path-outside", Error {
        what: "A path written in a workspace file (a scenario's `plan`, a source's `file`) leads outside the workspace or the corpus.",
        why: "Workspaces and scenarios travel between people, so a path inside one is treated as untrusted: a scenario whose `plan` is `/etc/passwd`, or a source whose `file` climbs out with `../..`, would make redline read a file its user never meant to share and print lines of it in an error. redline refuses such a path before reading anything, after following `..` and symbolic links. Name a file inside the workspace (for a scenario, relative to the scenario's own folder) or inside the corpus folder.",
        example: Some(Example {
            file: "tests/scenarios/outside.toml",
            text: r#"plan = "../../../../../../etc/passwd""#,
        }),
    }
    StaleTemp = "stale-temp", Warning {
        what: "A temporary file left by an `amend --write` that was killed before it finished.",
        why: "`amend --write` writes the new plan to a temporary file beside it and renames it over the plan, so the plan itself is never half-written; but a run killed between the two steps leaves the temporary file behind. It holds a copy of a plan, so it is worth knowing about; nothing reads it. Delete it, or let the next `amend --write` in that folder remove it.",
        example: Some(Example {
            file: "proposals/.draft.toml.redline-tmp-4194399",
            text: "id = \"draft\"",
        }),
    }
    BadArgument = "bad-argument", Error {
        what: "Something on the command line that redline cannot use: a plan, scenario, party, clause or corpus folder that does not exist, a `-k` pattern that no scenario matches, or `explain` without one `--clause` or `--party`.",
        why: "If redline went ahead with a plan, party or folder that is not there, it would check something other than what you asked for, or nothing at all, and could report an all-clear that means nothing. It stops instead and checks nothing. Give a plan file (relative to the workspace) or a plan id, party ids from `rules/parties.toml`, clause ids from the plan, and folders that exist; the help suggests the nearest name.",
        example: Some(Example {
            file: "args",
            text: "check no-such-plan",
        }),
    }
    Internal = "internal", Error {
        what: "redline failed inside: the SAT solver gave up, or a result did not pass its own re-check. A bug, not a mistake in the input.",
        why: "This is a bug in redline, not a mistake in your files: the solver failed, or an answer did not pass the check redline runs on its own results before reporting them. redline stops rather than report an answer it cannot vouch for, and the output says so: nothing is written, and nothing is decided on a result that failed its check. Please report it with the command you ran and a copy of the workspace.",
        example: None,
    }
}
