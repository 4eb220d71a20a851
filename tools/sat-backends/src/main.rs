//! The same incremental SAT work given to batsat (redline's backend) and to
//! CaDiCaL (through rustsat-cadical), to choose the backend on evidence.
//!
//! ```text
//! sat-backends BACKEND SOLVERS VARS CLAUSES CALLS
//! ```
//!
//! BACKEND is `batsat`, `cadical`, `cadical-plain` (CaDiCaL with its
//! preprocessing off) or `none` (only generates the clauses, the baseline).
//! Each of SOLVERS fresh solvers gets VARS variables and CLAUSES random
//! 3-clauses (a seeded xorshift, the same for every backend), then answers
//! CALLS solve calls, each under one assumed literal. It prints how many calls
//! were satisfiable and a fingerprint of the answers in order, so that the
//! backends can be seen to agree call by call. Time it as a
//! whole process (`hyperfine -N`, or `valgrind --tool=cachegrind` for
//! instruction counts).
//!
//! Shapes: `21 100 300 11` is like redline's `check` of the shipped workspace
//! (21 small solvers, about 11 calls each); `1 20000 60000 50` is like an
//! `amend` at 5,000 terms (one large, easy solver asked many times);
//! `1 250 1050 20` is a hard random instance near the satisfiability
//! threshold, which redline does not meet but which CDCL solvers are built for.

use rustsat::solvers::{Solve, SolveIncremental, SolverResult};

/// Random 3-clauses over variables `1..=vars`, as signed DIMACS literals.
fn instance(seed: u64, vars: u32, clauses: usize) -> Vec<[i32; 3]> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..clauses)
        .map(|_| {
            [0; 3].map(|_| {
                let v = (next() % u64::from(vars)) as i32 + 1;
                if next() & 1 == 0 {
                    v
                } else {
                    -v
                }
            })
        })
        .collect()
}

/// One solver: add clauses, then answer a call under one assumed literal.
trait Backend {
    fn add(&mut self, clause: &[i32; 3]);
    fn solve_under(&mut self, lit: i32) -> bool;
}

struct Batsat(batsat::BasicSolver, Vec<batsat::Lit>);

impl Batsat {
    fn new(vars: u32) -> Self {
        use batsat::SolverInterface;
        let mut s = batsat::BasicSolver::default();
        for _ in 0..vars {
            s.new_var_default();
        }
        Batsat(s, Vec::new())
    }
    fn lit(v: i32) -> batsat::Lit {
        use batsat::intmap::AsIndex;
        batsat::Lit::new(
            batsat::Var::from_index(v.unsigned_abs() as usize - 1),
            v > 0,
        )
    }
}

impl Backend for Batsat {
    fn add(&mut self, clause: &[i32; 3]) {
        use batsat::SolverInterface;
        self.1.clear();
        self.1.extend(clause.iter().map(|&v| Self::lit(v)));
        self.0.add_clause_reuse(&mut self.1);
    }
    fn solve_under(&mut self, lit: i32) -> bool {
        use batsat::SolverInterface;
        self.0.solve_limited(&[Self::lit(lit)]) == batsat::lbool::TRUE
    }
}

struct Cadical(rustsat_cadical::CaDiCaL<'static, 'static>);

impl Cadical {
    fn lit(v: i32) -> rustsat::types::Lit {
        rustsat::types::Lit::new(v.unsigned_abs() - 1, v < 0)
    }
}

impl Backend for Cadical {
    fn add(&mut self, clause: &[i32; 3]) {
        let c = clause.map(Self::lit);
        self.0.add_clause_ref(&c).expect("CaDiCaL takes the clause");
    }
    fn solve_under(&mut self, lit: i32) -> bool {
        let r = self.0.solve_assumps(&[Self::lit(lit)]);
        r.expect("CaDiCaL answers") == SolverResult::Sat
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: sat-backends batsat|cadical|cadical-plain|none SOLVERS VARS CLAUSES CALLS";
    if args.len() != 5 {
        eprintln!("{usage}");
        std::process::exit(2);
    }
    let num = |i: usize| -> u64 {
        args[i].parse().unwrap_or_else(|_| {
            eprintln!("{usage}\nnot a number: {}", args[i]);
            std::process::exit(2)
        })
    };
    let (solvers, vars, clauses, calls) = (num(1), num(2) as u32, num(3) as usize, num(4));
    if vars == 0 {
        eprintln!("{usage}\nVARS must be at least 1");
        std::process::exit(2);
    }
    if !["batsat", "cadical", "cadical-plain", "none"].contains(&args[0].as_str()) {
        eprintln!("{usage}\nunknown backend: {}", args[0]);
        std::process::exit(2);
    }
    let (mut sat, mut asked, mut fingerprint) = (0u64, 0u64, 0xcbf2_9ce4_8422_2325u64);
    for s in 0..solvers {
        let mut solver: Box<dyn Backend> = match args[0].as_str() {
            "batsat" => Box::new(Batsat::new(vars)),
            "cadical" => Box::new(Cadical(rustsat_cadical::CaDiCaL::default())),
            "cadical-plain" => {
                let mut c = rustsat_cadical::CaDiCaL::default();
                c.set_configuration(rustsat_cadical::Config::Plain)
                    .expect("a fresh CaDiCaL takes a configuration");
                Box::new(Cadical(c))
            }
            "none" => {
                std::hint::black_box(instance(s + 1, vars, clauses));
                continue;
            }
            other => unreachable!("backend {other} was checked above"),
        };
        for c in instance(s + 1, vars, clauses) {
            solver.add(&c);
        }
        for k in 0..calls {
            let v = ((k * 7919 + s) % u64::from(vars)) as i32 + 1;
            let answer = solver.solve_under(if k % 2 == 0 { v } else { -v });
            sat += u64::from(answer);
            asked += 1;
            // FNV-1a over the answers in order.
            fingerprint = (fingerprint ^ u64::from(answer)).wrapping_mul(0x100_0000_01b3);
        }
    }
    println!("{sat} of {asked} calls satisfiable, answers {fingerprint:016x}");
}
