//! A deterministic generator of synthetic redline workspaces, for
//! redline's benchmarks and tests (a dev-only crate: nothing here is part of
//! redline's library).
//!
//! [`generate`] turns a [`GenSpec`] (sizes and a seed) into the TOML files of
//! a workspace: a vocabulary of enum, integer and bool terms, parties and
//! consensus blocs, sources, red lines spread over the parties, and one plan
//! (`proposals/plan.toml`). The same spec always yields the same bytes, and
//! every generated workspace loads without a single diagnostic.
//!
//! The plan never sets one term in two clauses (so it has no conflicts), and
//! it never sets a term without a default: the `open_terms` terms stay open.
//! Clauses draw their terms from a shuffled pool of the defaulted terms, one
//! term each first, then up to three each while the pool lasts; clauses left
//! over when the pool is empty set nothing.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod schema;

use std::fmt::Write as _;
use std::path::Path;

/// The sizes of a generated workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GenSpec {
    /// Parties, blocs included (at least one is generated).
    pub parties: usize,
    /// Terms in the vocabulary.
    pub terms: usize,
    /// Red lines, spread over the parties.
    pub red_lines: usize,
    /// Clauses in the plan.
    pub clauses: usize,
    /// Terms without a default (capped at `terms`); the plan leaves them open.
    pub open_terms: usize,
    /// Seed of the generator: same seed, same workspace.
    pub seed: u64,
}

/// The files of a generated workspace, relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedWorkspace {
    /// `(relative path, TOML text)`, e.g. `("rules/terms.toml", "...")`.
    pub files: Vec<(String, String)>,
}

impl GeneratedWorkspace {
    /// Write every file under `dir`, creating folders as needed.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        for (rel, text) in &self.files {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, text)?;
        }
        Ok(())
    }

    /// The text of the file at `rel`, if generated.
    pub fn file(&self, rel: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(p, _)| p == rel)
            .map(|(_, t)| t.as_str())
    }
}

/// A small seeded PRNG (SplitMix64): deterministic on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 if `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: unbiased enough for test data, and branch-free.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi` (`lo` if the range is empty).
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice (`None` if empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// `k` distinct indices of `0..n`, in random order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        self.shuffle(&mut all);
        all.truncate(k.min(n));
        all
    }
}

/// Ladders of enum values; enums built from one ladder (same length) can be
/// compared with each other.
const LADDERS: &[&[&str]] = &[
    &[
        "none",
        "minimal",
        "limited",
        "substantial",
        "full",
        "unlimited",
    ],
    &[
        "barred",
        "deferred",
        "conditional",
        "offered",
        "guaranteed",
        "automatic",
    ],
    &[
        "never",
        "later",
        "phased",
        "immediate",
        "retroactive",
        "permanent",
    ],
];

const AREAS: &[&str] = &[
    "troops",
    "territory",
    "sanctions",
    "guarantees",
    "nuclear",
    "elections",
    "assets",
    "language",
    "borders",
    "trade",
];

#[derive(Debug, Clone)]
enum Kind {
    Enum { ladder: usize, len: usize },
    Int { lo: i64, hi: i64 },
    Bool,
}

#[derive(Debug, Clone)]
struct GenTerm {
    id: String,
    kind: Kind,
    has_default: bool,
}

impl GenTerm {
    fn values(&self) -> Vec<&'static str> {
        match self.kind {
            Kind::Enum { ladder, len } => LADDERS
                .get(ladder)
                .map(|l| l.iter().take(len).copied().collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// One value, written as a TOML value and as an expression literal.
    fn random_value(&self, rng: &mut SplitMix64) -> (String, String) {
        match self.kind {
            Kind::Enum { .. } => {
                let vals = self.values();
                let v = rng.pick(&vals).copied().unwrap_or("none");
                (format!("\"{v}\""), format!("'{v}'"))
            }
            Kind::Int { lo, hi } => {
                let n = int_in(rng, lo, hi);
                (n.to_string(), n.to_string())
            }
            Kind::Bool => {
                let b = rng.chance(50);
                (b.to_string(), b.to_string())
            }
        }
    }

    /// Two or three distinct values as a TOML list.
    fn random_options(&self, rng: &mut SplitMix64) -> String {
        let mut picked: Vec<String> = Vec::new();
        let want = rng.range(2, 3);
        for _ in 0..8 {
            if picked.len() >= want {
                break;
            }
            let (v, _) = self.random_value(rng);
            if !picked.contains(&v) {
                picked.push(v);
            }
        }
        format!("[{}]", picked.join(", "))
    }
}

fn int_in(rng: &mut SplitMix64, lo: i64, hi: i64) -> i64 {
    let span = (hi - lo).max(0) as usize;
    lo + rng.below(span + 1) as i64
}

/// Generate a workspace from `spec`.
pub fn generate(spec: &GenSpec) -> GeneratedWorkspace {
    let mut rng = SplitMix64::new(spec.seed ^ 0x5EED_0F4E_D114_E5A7);
    let parties = gen_parties(spec, &mut rng);
    let terms = gen_terms(spec, &mut rng);
    let n_sources = (spec.red_lines / 50).clamp(1, 20);

    let mut files = Vec::new();
    files.push((
        "rules/terms.toml".to_string(),
        terms_toml(&terms, &parties.ids, &mut rng),
    ));
    files.push(("rules/parties.toml".to_string(), parties.toml.clone()));
    files.push(("rules/sources.toml".to_string(), sources_toml(n_sources)));

    // Red lines: spread round-robin after a shuffle so that every party gets some.
    let mut per_party: Vec<String> = parties
        .ids
        .iter()
        .map(|p| format!("party = \"{p}\"\n"))
        .collect();
    let mut order: Vec<usize> = (0..parties.ids.len()).collect();
    rng.shuffle(&mut order);
    for i in 0..spec.red_lines {
        let Some(&p) = order.get(i % order.len().max(1)) else {
            break;
        };
        if let Some(text) = per_party.get_mut(p) {
            red_line_toml(text, i, &terms, n_sources, &mut rng);
        }
    }
    for (p, text) in parties.ids.iter().zip(per_party) {
        files.push((format!("rules/{p}.toml"), text));
    }

    files.push((
        "proposals/plan.toml".to_string(),
        plan_toml(spec, &terms, &parties.ids, &mut rng),
    ));
    GeneratedWorkspace { files }
}

struct GenParties {
    ids: Vec<String>,
    toml: String,
}

fn gen_parties(spec: &GenSpec, rng: &mut SplitMix64) -> GenParties {
    let n = spec.parties.max(1);
    let ids: Vec<String> = (0..n).map(|i| format!("party_{i:03}")).collect();
    let mut toml = String::from("# Generated parties.\n");
    for (i, id) in ids.iter().enumerate() {
        let _ = write!(toml, "\n[[party]]\nid = \"{id}\"\nname = \"Party {i}\"\n");
        // About one party in five (never the first two) is a bloc of earlier
        // parties: membership only points backwards, so there is no cycle.
        if i >= 2 && rng.chance(20) {
            let k = rng.range(2, 5).min(i);
            let mut members = rng.sample(i, k);
            members.sort_unstable();
            let names: Vec<String> = members
                .iter()
                .filter_map(|m| ids.get(*m))
                .map(|m| format!("\"{m}\""))
                .collect();
            let _ = writeln!(toml, "members = [{}]", names.join(", "));
            if rng.chance(70) {
                toml.push_str("decides = \"consensus\"\n");
            }
        }
    }
    GenParties { ids, toml }
}

fn gen_terms(spec: &GenSpec, rng: &mut SplitMix64) -> Vec<GenTerm> {
    let open: Vec<usize> = rng.sample(spec.terms, spec.open_terms);
    let mut is_open = vec![false; spec.terms];
    for i in open {
        if let Some(slot) = is_open.get_mut(i) {
            *slot = true;
        }
    }
    (0..spec.terms)
        .map(|i| {
            let area = AREAS.get(i % AREAS.len()).copied().unwrap_or("misc");
            let roll = rng.below(100);
            let kind = if roll < 55 {
                Kind::Enum {
                    ladder: rng.below(LADDERS.len()),
                    len: rng.range(3, 6),
                }
            } else if roll < 75 {
                let hi = *rng.pick(&[10i64, 100, 1_000, 1_000_000]).unwrap_or(&10);
                Kind::Int { lo: 0, hi }
            } else {
                Kind::Bool
            };
            GenTerm {
                id: format!("{area}.t{i:04}"),
                kind,
                has_default: !is_open.get(i).copied().unwrap_or(false),
            }
        })
        .collect()
}

fn terms_toml(terms: &[GenTerm], parties: &[String], rng: &mut SplitMix64) -> String {
    let mut out = String::from("# Generated vocabulary.\n");
    for t in terms {
        let _ = write!(
            out,
            "\n[[term]]\nid = \"{}\"\nabout = \"Generated term {}\"\n",
            t.id, t.id
        );
        match t.kind {
            Kind::Enum { .. } => {
                let vals: Vec<String> = t.values().iter().map(|v| format!("\"{v}\"")).collect();
                let _ = writeln!(out, "values = [{}]", vals.join(", "));
            }
            Kind::Int { lo, hi } => {
                let _ = writeln!(out, "range = [{lo}, {hi}]");
            }
            Kind::Bool => {}
        }
        if t.has_default {
            let (v, _) = t.random_value(rng);
            let _ = writeln!(out, "default = {v}");
        }
        if rng.chance(15) {
            if let Some(p) = rng.pick(parties) {
                let _ = writeln!(out, "owner = \"{p}\"");
            }
        }
    }
    out
}

fn sources_toml(n: usize) -> String {
    let mut out = String::from("# Generated sources.\n");
    for i in 0..n {
        let _ = write!(
            out,
            "\n[[source]]\nid = \"src-{i:02}\"\noutlet = \"Outlet {i}\"\ntitle = \"Statement {i}\"\ndate = 2025-{:02}-{:02}\nfile = \"src_{i:02}.txt\"\n",
            1 + i % 12,
            1 + (i * 7) % 28
        );
    }
    out
}

/// One comparison over a random term, as expression text.
fn comparison(terms: &[GenTerm], rng: &mut SplitMix64) -> String {
    const OPS: &[&str] = &["==", "!=", "<", "<=", ">", ">="];
    let Some(t) = rng.pick(terms) else {
        return "true".to_string();
    };
    match t.kind {
        Kind::Enum { ladder, len } => match rng.below(10) {
            0..=5 => {
                let (_, lit) = t.random_value(rng);
                let op = rng.pick(OPS).copied().unwrap_or("==");
                format!("{} {op} {lit}", t.id)
            }
            6 | 7 => {
                let k = rng.range(1, 3);
                let vals = t.values();
                let items: Vec<String> = rng
                    .sample(vals.len(), k)
                    .into_iter()
                    .filter_map(|i| vals.get(i))
                    .map(|v| format!("'{v}'"))
                    .collect();
                let neg = if rng.chance(30) { "not in" } else { "in" };
                format!("{} {neg} [{}]", t.id, items.join(", "))
            }
            _ => {
                // Term against term: another enum on the same ladder and length.
                let peers: Vec<&GenTerm> = terms
                    .iter()
                    .filter(|o| {
                        o.id != t.id
                            && matches!(o.kind, Kind::Enum { ladder: l, len: n } if l == ladder && n == len)
                    })
                    .collect();
                match rng.pick(&peers) {
                    Some(o) => {
                        let op = rng.pick(OPS).copied().unwrap_or("==");
                        format!("{} {op} {}", t.id, o.id)
                    }
                    None => {
                        let (_, lit) = t.random_value(rng);
                        format!("{} != {lit}", t.id)
                    }
                }
            }
        },
        Kind::Int { lo, hi } => {
            if rng.chance(20) {
                let a = int_in(rng, lo, hi);
                let b = int_in(rng, lo, hi);
                format!("{} in [{a}, {b}]", t.id)
            } else {
                let op = rng.pick(OPS).copied().unwrap_or("==");
                let n = int_in(rng, lo, hi);
                format!("{} {op} {n}", t.id)
            }
        }
        Kind::Bool => match rng.below(4) {
            0 => t.id.clone(),
            1 => format!("not {}", t.id),
            2 => format!("{} == {}", t.id, rng.chance(50)),
            _ => format!("{} != {}", t.id, rng.chance(50)),
        },
    }
}

/// One to four comparisons joined with `and`, `or`, `implies`, sometimes negated.
fn expression(terms: &[GenTerm], rng: &mut SplitMix64) -> String {
    let n = rng.range(1, 4);
    let mut out = comparison(terms, rng);
    for _ in 1..n {
        let next = comparison(terms, rng);
        let next = if rng.chance(15) {
            format!("not ({next})")
        } else {
            next
        };
        out = match rng.below(10) {
            0..=4 => format!("{out} and {next}"),
            5..=7 => format!("{out} or {next}"),
            _ => format!("({out}) implies ({next})"),
        };
    }
    if rng.chance(10) {
        out = format!("not ({out})");
    }
    out
}

fn red_line_toml(
    out: &mut String,
    i: usize,
    terms: &[GenTerm],
    n_sources: usize,
    rng: &mut SplitMix64,
) {
    let _ = write!(
        out,
        "\n[[red_line]]\nid = \"rl-{i:05}\"\nabout = \"Generated red line {i}\"\n"
    );
    let key = if rng.chance(60) { "forbid" } else { "require" };
    let _ = writeln!(out, "{key} = \"{}\"", expression(terms, rng));
    if rng.chance(25) {
        let _ = writeln!(out, "when = \"{}\"", comparison(terms, rng));
    }
    if rng.chance(30) {
        out.push_str("severity = \"objection\"\n");
    }
    if rng.chance(40) {
        let (m, d) = (rng.range(1, 12), rng.range(1, 28));
        let _ = writeln!(out, "stated = 2025-{m:02}-{d:02}");
        if rng.chance(25) {
            let _ = writeln!(out, "until = 2026-{m:02}-{d:02}");
        }
    }
    if rng.chance(50) {
        let s = rng.below(n_sources);
        let _ = writeln!(
            out,
            "source = \"src-{s:02}\"\nquote = \"generated statement {i}\""
        );
    }
    if rng.chance(20) {
        out.push_str("basis = \"analysis\"\n");
    }
}

fn plan_toml(
    spec: &GenSpec,
    terms: &[GenTerm],
    parties: &[String],
    rng: &mut SplitMix64,
) -> String {
    let mut out =
        String::from("id = \"generated-plan\"\ntitle = \"A generated draft\"\ndate = 2025-11-20\n");
    let signatories: Vec<String> = parties
        .iter()
        .filter(|_| rng.chance(60))
        .map(|p| format!("\"{p}\""))
        .collect();
    let _ = writeln!(out, "parties = [{}]", signatories.join(", "));

    // Each clause takes its terms from a pool of defaulted terms: never one term twice.
    let mut pool: Vec<usize> = (0..terms.len())
        .filter(|i| terms.get(*i).is_some_and(|t| t.has_default))
        .collect();
    rng.shuffle(&mut pool);
    let mut counts = vec![0usize; spec.clauses];
    let mut left = pool.len();
    for c in counts.iter_mut() {
        if left == 0 {
            break;
        }
        *c = 1;
        left -= 1;
    }
    // Extra settings, up to three a clause, leaving about a fifth of the pool silent.
    let mut extra = left.saturating_sub(pool.len() / 5);
    for c in counts.iter_mut() {
        if extra == 0 {
            break;
        }
        let add = rng.below(3).min(extra);
        *c += add;
        extra -= add;
    }
    let mut next = pool.into_iter();
    for (ci, count) in counts.into_iter().enumerate() {
        let mut sets = Vec::new();
        for t in next.by_ref().take(count).filter_map(|i| terms.get(i)) {
            let value = if rng.chance(15) {
                t.random_options(rng)
            } else {
                t.random_value(rng).0
            };
            sets.push(format!("\"{}\" = {value}", t.id));
        }
        let _ = write!(
            out,
            "\n[[clause]]\nid = \"c{ci}\"\ntext = \"Generated clause {ci}.\"\nset = {{ {} }}\n",
            sets.join(", ")
        );
    }
    out
}
