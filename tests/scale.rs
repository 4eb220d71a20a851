//! Scale without a stopwatch: workspaces of 10,000 and 100,000 clauses or
//! red lines, loaded from memory, checked and rendered. Work is counted
//! (`redline::solver_work`: clause literals encoded, solver calls and their
//! propagations), not timed: tenfold input must cost at most about tenfold
//! work, and human output stays readable (a code frame labels a few
//! clauses, not all).
//! Wall-clock figures for the large cases are in the README, from
//! `cargo bench --bench scale`.

use redline::report::{self, view, Body, Command, Document, Format, Style};
use redline::{check, CheckOptions, Date, Memory};

const TERM: &str = "[[term]]\nid = \"army.cap\"\nrange = [0, 1_000_000]\ndefault = 5\n";
const PARTIES: &str = "[[party]]\nid = \"north\"\n\n[[party]]\nid = \"south\"\n";

fn workspace(red_lines: usize, clauses: usize, value: u32) -> Memory {
    let rules: String = (0..red_lines)
        .map(|i| {
            format!(
                "[[red_line]]\nid = \"r{i}\"\nforbid = \"army.cap < {}\"\n",
                i % 1000
            )
        })
        .collect();
    let plan: String = (0..clauses)
        .map(|i| format!("[[clause]]\nid = \"c{i}\"\nset = {{ \"army.cap\" = {value} }}\n"))
        .collect();
    Memory::new()
        .with("rules/terms.toml", TERM)
        .with("rules/parties.toml", PARTIES)
        .with("rules/north.toml", format!("party = \"north\"\n{rules}"))
        .with("proposals/p.toml", format!("id = \"p\"\n{plan}"))
}

/// Load, check and render; the SAT work it took.
fn check_work(files: &Memory) -> (u64, String) {
    let loaded = redline::load(files);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
    let ws = &loaded.workspace;
    let plan = ws.plan("p").unwrap();
    let opts = CheckOptions {
        as_of: Date::parse("2025-12-01"),
        ..Default::default()
    };
    let before = redline::solver_work();
    let report = check(&ws.rules, plan, &opts).unwrap();
    let work = redline::solver_work() - before;
    let doc = Document::new(
        Command::Check,
        Body::Check(view::check_view(ws, &[(plan, &report)], &[])),
    )
    .weighed(Date::parse("2025-12-01").unwrap(), Default::default());
    let text = report::render(&doc, &ws.files, Format::Human, Style::plain()).stdout;
    (work, text)
}

#[test]
fn a_hundred_thousand_red_lines_cost_tenfold_ten_thousand() {
    let (small, _) = check_work(&workspace(10_000, 1, 1000));
    let (large, text) = check_work(&workspace(100_000, 1, 1000));
    assert!(
        large <= small * 12,
        "check work grew {small} -> {large} for ten times the red lines"
    );
    assert!(
        text.contains("no party vetoes"),
        "{}",
        &text[..text.len().min(400)]
    );
}

#[test]
fn a_hundred_thousand_clauses_on_one_term_render_in_one_frame() {
    let files = workspace(1, 100_000, 500);
    let loaded = redline::load(&files);
    assert!(!loaded.has_errors());
    // The one red line is satisfied; a forbidding one blames every clause.
    let files = files.with(
        "rules/south.toml",
        "party = \"south\"\n[[red_line]]\nid = \"low\"\nforbid = \"army.cap > 100\"\n",
    );
    let (_, text) = check_work(&files);
    assert!(
        text.contains("and 99,992 more clauses") || text.contains("and 99992 more clauses"),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(
        text.len() < 20_000,
        "human output of {} bytes for one finding",
        text.len()
    );
}

#[test]
fn amend_work_grows_with_its_input() {
    let files = |n: usize| {
        workspace(n, 1, 100).with(
            "rules/south.toml",
            "party = \"south\"\n[[red_line]]\nid = \"v\"\nforbid = \"army.cap < 600\"\n",
        )
    };
    let work = |n: usize| {
        let loaded = redline::load(&files(n));
        let ws = &loaded.workspace;
        let plan = ws.plan("p").unwrap();
        let opts = redline::AmendOptions {
            selection: CheckOptions {
                as_of: Date::parse("2025-12-01"),
                ..Default::default()
            },
            keep: vec![],
            time_limit: None,
        };
        let before = redline::solver_work();
        let result = redline::amend(&ws.rules, plan, &opts).unwrap();
        assert!(matches!(result.outcome, redline::AmendOutcome::Amended(_)));
        redline::solver_work() - before
    };
    let (small, large) = (work(1_000), work(10_000));
    assert!(
        large <= small * 12,
        "amend work grew {small} -> {large} for ten times the red lines"
    );
}

#[test]
fn a_hundred_thousand_mistakes_are_all_reported() {
    let broken: String = (0..100_000).map(|_| "= broken\n").collect();
    let files = workspace(1, 1, 500).with("proposals/broken.toml", broken);
    let loaded = redline::load(&files);
    assert!(!loaded.diagnostics.is_empty());
    let text = crate::common::render_diagnostics(
        &loaded.workspace.files,
        &loaded.diagnostics,
        Format::Human,
    );
    assert!(text.contains("redline::toml-syntax"));
}

/// A satisfiable negotiation of `n` four-valued terms: every red line
/// forbids a pair of values other than `v0`, so all-`v0` is acceptable, and
/// every tenth term must not be `v3`.
fn planted(n: usize) -> Memory {
    let terms: String = (0..n)
        .map(|i| format!("[[term]]\nid = \"t{i}.x\"\nvalues = [\"v0\", \"v1\", \"v2\", \"v3\"]\ndefault = \"v0\"\n\n"))
        .collect();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    let mut rules = String::new();
    for i in 0..n {
        let a = next(n);
        let b = (a + 1 + next(n - 1)) % n;
        let (u, v) = (1 + next(3), 1 + next(3));
        rules.push_str(&format!(
            "[[red_line]]\nid = \"r{i}\"\nforbid = \"t{a}.x == 'v{u}' and t{b}.x == 'v{v}'\"\n\n"
        ));
        if i % 10 == 0 {
            rules.push_str(&format!(
                "[[red_line]]\nid = \"q{i}\"\nrequire = \"t{i}.x != 'v3'\"\n\n"
            ));
        }
    }
    Memory::new()
        .with("rules/terms.toml", terms)
        .with("rules/parties.toml", PARTIES)
        .with("rules/north.toml", format!("party = \"north\"\n{rules}"))
        .with("proposals/p.toml", "id = \"p\"\n")
}

#[test]
fn space_work_grows_with_its_input() {
    let work = |n: usize| {
        let loaded = redline::load(&planted(n));
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
        let opts = CheckOptions {
            as_of: Date::parse("2025-12-01"),
            ..Default::default()
        };
        let before = redline::solver_work();
        let space = redline::space(&loaded.workspace.rules, &opts, false).unwrap();
        assert!(space.acceptable);
        let excluded = space.terms.iter().filter(|t| t.restricted()).count();
        assert_eq!(excluded, n.div_ceil(10), "every tenth term loses `v3`");
        redline::solver_work() - before
    };
    let (small, large) = (work(500), work(2_000));
    assert!(
        large <= small * 6,
        "space work grew {small} -> {large} for four times the terms"
    );
}

#[test]
fn clauses_far_apart_are_drawn_apart() {
    // Two clauses 5,000 lines apart force one violation together: the frame
    // must not print the plan between them.
    let filler: String = (0..5_000).map(|i| format!("# note {i}\n")).collect();
    let files = Memory::new()
        .with(
            "rules/terms.toml",
            "[[term]]\nid = \"a.x\"\n\n[[term]]\nid = \"b.x\"\n",
        )
        .with("rules/parties.toml", PARTIES)
        .with(
            "rules/north.toml",
            "party = \"north\"\n[[red_line]]\nid = \"both\"\nforbid = \"a.x and b.x\"\n",
        )
        .with(
            "proposals/p.toml",
            format!("id = \"p\"\n[[clause]]\nid = \"first\"\nset = {{ \"a.x\" = true }}\n{filler}[[clause]]\nid = \"last\"\nset = {{ \"b.x\" = true }}\n"),
        );
    let (_, text) = check_work(&files);
    assert!(text.contains("vetoes clauses `first`, `last`"), "{text}");
    assert!(text.contains("further down `proposals/p.toml`"), "{text}");
    assert!(
        !text.contains("# note 2500"),
        "the frame printed the plan between the clauses"
    );
    assert!(
        text.lines().count() < 60,
        "{} lines:\n{text}",
        text.lines().count()
    );
}

/// A workspace with one enum of `n` values, open in the plan, read by two
/// red lines that compare it with a value and with a range.
fn long_enum(n: usize) -> Memory {
    let values: Vec<String> = (0..n).map(|i| format!("\"v{i}\"")).collect();
    let half = n / 2;
    Memory::new()
        .with(
            "rules/terms.toml",
            format!(
                "[[term]]\nid = \"e.v\"\nvalues = [{}]\n\n[[term]]\nid = \"x.b\"\ndefault = false\n",
                values.join(", ")
            ),
        )
        .with("rules/parties.toml", PARTIES)
        .with(
            "rules/north.toml",
            format!("party = \"north\"\n\n[[red_line]]\nid = \"r\"\nforbid = \"e.v >= 'v1'\"\n\n[[red_line]]\nid = \"r2\"\nrequire = \"e.v < 'v{half}' or x.b\"\n"),
        )
        .with(
            "proposals/p.toml",
            "id = \"p\"\nparties = [\"north\"]\n\n[[clause]]\nid = \"1\"\nset = { \"x.b\" = true }\n",
        )
}

/// Enum comparisons cut the enum into the classes its red lines tell apart
/// (as integer ranges are cut): checking a 100,000-value enum, and its
/// agreement space, cost no more solver work than a 1,000-value one (they
/// took 5.6 s and 16-25 s when every value was a candidate).
#[test]
fn a_long_enum_is_cut_into_classes() {
    let (small, _) = check_work(&long_enum(1_000));
    let (large, text) = check_work(&long_enum(100_000));
    assert!(
        large <= small + small / 10 + 10,
        "check work grew {small} -> {large} for a hundred times the values"
    );
    assert!(text.contains("north"), "{}", &text[..text.len().min(400)]);
    let space_work = |files: &Memory| {
        let loaded = redline::load(files);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
        let opts = CheckOptions {
            as_of: Date::parse("2025-12-01"),
            ..Default::default()
        };
        let before = redline::solver_work();
        let s = redline::space(&loaded.workspace.rules, &opts, false).unwrap();
        (redline::solver_work() - before, s)
    };
    let (small, _) = space_work(&long_enum(1_000));
    let (large, s) = space_work(&long_enum(100_000));
    assert!(
        large <= small + small / 10 + 10,
        "space work grew {small} -> {large} for a hundred times the values"
    );
    // The space still names every value: one forced, the rest in runs.
    let e = s.terms.iter().find(|t| t.term.index() == 0).unwrap();
    assert_eq!(e.forced(), Some(redline::Value::Enum(0)));
    let covered: u32 = e
        .spans
        .iter()
        .map(|sp| match (sp.lo, sp.hi) {
            (redline::Value::Enum(a), redline::Value::Enum(b)) => b - a + 1,
            _ => 0,
        })
        .sum();
    assert_eq!(covered, 100_000);
}

/// An amendment of a term of a long enum (cut into classes) moves it to the
/// nearest value that respects the red lines, as for an integer: from `v30`
/// under "forbid e.v >= 'v20'" to `v19`, and from `v1` under "forbid e.v <=
/// 'v10'" to `v11`, not to the lowest value of the class.
#[test]
fn a_long_enum_is_amended_to_the_nearest_value() {
    let values: Vec<String> = (0..40).map(|i| format!("\"v{i}\"")).collect();
    for (start, rule, want) in [("v30", "e.v >= 'v20'", 19u32), ("v1", "e.v <= 'v10'", 11)] {
        let files = Memory::new()
            .with(
                "rules/terms.toml",
                format!("[[term]]\nid = \"e.v\"\nvalues = [{}]\n", values.join(", ")),
            )
            .with("rules/parties.toml", PARTIES)
            .with(
                "rules/north.toml",
                format!("party = \"north\"\n\n[[red_line]]\nid = \"r\"\nforbid = \"{rule}\"\n"),
            )
            .with(
                "proposals/p.toml",
                format!("id = \"p\"\nparties = [\"north\"]\n\n[[clause]]\nid = \"1\"\nset = {{ \"e.v\" = \"{start}\" }}\n"),
            );
        let loaded = redline::load(&files);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
        let ws = &loaded.workspace;
        let r = redline::amend(&ws.rules, &ws.plans[0], &Default::default()).unwrap();
        let redline::AmendOutcome::Amended(a) = &r.outcome else {
            panic!("{rule}: no amendment");
        };
        match a.changes.as_slice() {
            [redline::Change::Set { to, .. }] => {
                assert_eq!(*to, redline::Value::Enum(want), "{start} under {rule}")
            }
            other => panic!("{rule}: {other:?}"),
        }
    }
}
