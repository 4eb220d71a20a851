//! JUnit XML, for CI test reports: one testsuite, one testcase per
//! scenario, each failure with what was expected and what was found.

use super::words;
use crate::report::view::ScenarioStatus;
use crate::report::{Body, Document};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

/// `doc` (a `test` document) as JUnit XML; other documents give an empty report.
pub fn render(doc: &Document) -> String {
    let mut report = Report::new("redline");
    let mut suite = TestSuite::new("scenarios");
    if let Body::Test(v) = &doc.body {
        for s in &v.scenarios {
            let name = if s.name.is_empty() {
                s.file.clone()
            } else {
                s.name.clone()
            };
            let status = match s.status {
                ScenarioStatus::Passed => TestCaseStatus::success(),
                ScenarioStatus::Failed => {
                    let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    let lines: Vec<String> = s
                        .comparisons
                        .iter()
                        .filter(|c| !c.passed)
                        .map(|c| {
                            format!(
                                "{}: {}\n  expected: {}\n  actual:   {}",
                                c.location,
                                words::expect_key(c.what),
                                words::expected(c),
                                words::actual(c)
                            )
                        })
                        .collect();
                    st.set_message(format!(
                        "{} not met",
                        words::plural(lines.len(), "expectation")
                    ));
                    st.set_description(words::visible(&lines.join("\n")));
                    st
                }
                ScenarioStatus::Broken => {
                    let mut st = TestCaseStatus::non_success(NonSuccessKind::Error);
                    let lines: Vec<String> = s
                        .diagnostics
                        .iter()
                        .map(|d| format!("{}: {}", d.code, d.message))
                        .collect();
                    st.set_message("the scenario could not run");
                    st.set_description(words::visible(&lines.join("\n")));
                    st
                }
            };
            let mut case = TestCase::new(words::visible(&name), status);
            case.set_classname(words::visible(&s.file));
            suite.add_test_case(case);
        }
    }
    report.add_test_suite(suite);
    let mut s = report.to_string().unwrap_or_default();
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}
