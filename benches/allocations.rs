//! What loading allocates: a count, not a time, so the same on every
//! machine and every run (except the peak of a group of more than 1 MiB,
//! which loading reads on three threads: it depends on how far the parse
//! thread runs ahead of the reader). Loading a generated workspace of 5,000 terms,
//! 200 parties, 5,000 red lines and a 5,000-clause plan (about 1 MB of
//! TOML), file group by file group: the allocations made, the bytes the
//! workspace holds afterwards, and the peak above the start.
//!
//! Run with `cargo bench --bench allocations` (docs/performance.md, issue
//! 27: the allocations are most of what loading costs).

// Tests, benches and examples panic to report failure (see [lints] in Cargo.toml).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use redline_testkit::{generate, GenSpec};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counted.
struct Counted;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to `System` unchanged; only counters move.
unsafe impl GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(now, Relaxed);
        CALLS.fetch_add(1, Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        let now = NOW.fetch_add(new, Relaxed) + new;
        PEAK.fetch_max(now, Relaxed);
        NOW.fetch_sub(layout.size(), Relaxed);
        CALLS.fetch_add(1, Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.realloc(ptr, layout, new) }
    }
}

#[global_allocator]
static COUNTED: Counted = Counted;

fn main() {
    let spec = GenSpec {
        parties: 200,
        terms: 5_000,
        red_lines: 5_000,
        clauses: 5_000,
        open_terms: 0,
        seed: 27,
    };
    let ws = generate(&spec);
    let group = |f: &dyn Fn(&str) -> bool| -> Vec<(String, String)> {
        ws.files.iter().filter(|(p, _)| f(p)).cloned().collect()
    };
    let rules_base = |p: &str| {
        matches!(
            p,
            "rules/terms.toml" | "rules/parties.toml" | "rules/sources.toml"
        )
    };
    let stages: [(&str, Vec<(String, String)>); 3] = [
        ("terms, parties, sources", group(&rules_base)),
        ("+ red lines", group(&|p| p.starts_with("rules/"))),
        ("+ the plan", group(&|_| true)),
    ];
    println!(
        "loading a generated workspace ({} terms, {} parties, {} red lines, {} clauses)",
        spec.terms, spec.parties, spec.red_lines, spec.clauses
    );
    println!(
        "{:26} {:>9} {:>12} {:>10} {:>11} {:>11}",
        "files", "TOML", "allocations", "per KB", "held", "peak"
    );
    for (name, files) in stages {
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        let mut mem = redline::Memory::new();
        for (p, t) in &files {
            mem = mem.with(p, t.as_str());
        }
        let (calls, start) = (CALLS.load(Relaxed), NOW.load(Relaxed));
        PEAK.store(start, Relaxed);
        let loaded = redline::load(&mem);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
        let calls = CALLS.load(Relaxed) - calls;
        let held = NOW.load(Relaxed) - start;
        let peak = PEAK.load(Relaxed) - start;
        println!(
            "{name:26} {:>6} KB {calls:>12} {:>10.0} {:>8.1} MB {:>8.1} MB",
            bytes / 1024,
            calls as f64 / (bytes as f64 / 1024.0),
            held as f64 / 1e6,
            peak as f64 / 1e6
        );
        drop(loaded);
    }
}
