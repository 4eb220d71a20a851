//! `redline explain PLAN (--clause ID | --party ID)`

use super::common::Context;
use super::Exit;
use redline::diagnostic::{did_you_mean, Code, Diagnostic};
use redline::report::{self, Format};
use serde_json::json;

pub fn run(ctx: &Context, plan_arg: &str, clause: Option<&str>) -> Exit {
    let (ws, parties) = match ctx.load_with_parties(&[plan_arg.to_string()]) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let Some(plan) = ws.plans.first() else {
        return Exit::BadInput;
    };
    let bad = |d: Diagnostic| {
        let mut v = vec![d];
        ctx.report_diagnostics(&ws, &mut v);
        Exit::BadInput
    };
    let (heading, findings, subject) = match (clause, parties.as_slice()) {
        (Some(cid), _) => {
            let (Some(ci), Some(c)) = (plan.clause_id(cid), plan.clause(cid)) else {
                return bad(Diagnostic::new(
                    Code::BadArgument,
                    format!("plan `{}` has no clause `{cid}`", plan.id),
                )
                .maybe_help(did_you_mean(
                    cid,
                    plan.clauses.iter().map(|c| c.id.as_str()),
                )));
            };
            let report = match ctx.check(&ws, plan, &parties) {
                Ok(r) => r,
                Err(e) => return e,
            };
            let found: Vec<_> = report
                .problems()
                .filter(|f| f.clauses().contains(&ci))
                .map(|f| report::explain(&ws, plan, f))
                .collect();
            let sets: Vec<String> = c
                .set
                .iter()
                .map(|(t, s)| {
                    let term = ws.rules.vocab.get(*t);
                    let v: Vec<String> = s.value.options().iter().map(|v| term.show(*v)).collect();
                    format!(
                        "{} = {}",
                        term.id,
                        if v.len() == 1 {
                            v.join("")
                        } else {
                            format!("[{}]", v.join(", "))
                        }
                    )
                })
                .collect();
            let heading = format!(
                "clause `{}` of `{}` ({}): {}\nsets: {}",
                c.id,
                plan.id,
                report::LocView::new(&ws, c.loc),
                c.text,
                if sets.is_empty() {
                    "nothing".to_string()
                } else {
                    sets.join("; ")
                }
            );
            (heading, found, json!({"clause": c.id}))
        }
        (None, [p]) => {
            let report = match ctx.check(&ws, plan, &[*p]) {
                Ok(r) => r,
                Err(e) => return e,
            };
            let party = ws.rules.party(*p);
            let found: Vec<_> = report
                .findings
                .iter()
                .map(|f| report::explain(&ws, plan, f))
                .collect();
            let verdict = if report.acceptable() {
                "accepts"
            } else {
                "vetoes"
            };
            let heading = format!(
                "{} ({}) {verdict} plan `{}`, as of {}",
                party.id,
                party.name,
                plan.id,
                ctx.as_of(&ws)
            );
            (heading, found, json!({"party": party.id}))
        }
        (None, _) => {
            return bad(Diagnostic::new(
                Code::BadArgument,
                "explain needs `--clause ID` or exactly one `--party ID`",
            )
            .help("e.g. `redline explain proposals/plan.toml --clause 7` or `--party russia`"));
        }
    };
    let text = match ctx.format {
        Format::Human => report::render_explain_human(&ws, &heading, &findings, ctx.style),
        Format::Markdown => {
            report::render_explain_markdown(&heading.replace('\n', "  \n"), &findings)
        }
        Format::Json => ctx.json_document(
            &ws,
            &json!({
                "plan": plan.id,
                "subject": subject,
                "findings": findings,
            }),
        ),
    };
    ctx.emit(&text);
    Exit::Clean
}
