#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use redline_testkit::{generate, GenSpec};

    fn spec(
        parties: usize,
        terms: usize,
        red_lines: usize,
        clauses: usize,
        open: usize,
        seed: u64,
    ) -> GenSpec {
        GenSpec {
            parties,
            terms,
            red_lines,
            clauses,
            open_terms: open,
            seed,
        }
    }

    #[test]
    fn deterministic() {
        let s = spec(5, 30, 40, 10, 5, 7);
        assert_eq!(generate(&s), generate(&s));
        let other = GenSpec { seed: 8, ..s };
        assert_ne!(generate(&s), generate(&other));
    }

    #[test]
    fn every_generated_workspace_loads_cleanly() {
        let specs = [
            spec(1, 1, 1, 1, 0, 0),
            spec(1, 1, 0, 3, 1, 1),
            spec(3, 5, 10, 2, 2, 2),
            spec(5, 30, 60, 12, 5, 3),
            spec(8, 80, 200, 40, 20, 4),
            spec(12, 40, 100, 60, 0, 5),
            spec(20, 150, 400, 100, 150, 6),
            spec(50, 500, 2_000, 300, 100, 7),
        ];
        for s in &specs {
            for seed in 0..3u64 {
                let s = GenSpec {
                    seed: s.seed * 1_000 + seed,
                    ..*s
                };
                let ws = generate(&s);
                let files: redline::Memory = ws.files.iter().cloned().collect();
                let loaded = redline::load(&files);
                assert!(
                    loaded.diagnostics.is_empty(),
                    "{s:?}: {:#?}",
                    loaded.diagnostics
                );
                let rules = &loaded.workspace.rules;
                assert_eq!(rules.vocab.terms.len(), s.terms);
                assert_eq!(rules.parties.len(), s.parties.max(1));
                assert_eq!(rules.red_lines.len(), s.red_lines);
                assert_eq!(
                    rules
                        .vocab
                        .terms
                        .iter()
                        .filter(|t| t.default.is_none())
                        .count(),
                    s.open_terms.min(s.terms)
                );
                let plan = loaded.workspace.plans.first().unwrap();
                assert_eq!(plan.clauses.len(), s.clauses);
                let report = redline::check(rules, plan, &Default::default()).unwrap();
                assert!(report.findings.len() >= s.red_lines);
            }
        }
    }
}
