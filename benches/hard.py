#!/usr/bin/env python3
"""Generate one hard negotiation instance: overlapping, unplanted conflicts.

  OUT/ws/            a redline workspace (rules/, proposals/plan.toml)
  OUT/instance.json  the same instance as data, in the format of
                     ../shared/bench/gen.py, so that its peers
                     (rc2_amend.py, cpsat_amend.py) read it unchanged

The instance has two layers.

1. Planted red lines, as in gen.py: a hidden assignment satisfies every one
   of them (`--lines` per party, over all `--terms`), and the plan differs
   from it in `--changed` terms.
2. Contested red lines, planted nowhere: `--contested` red lines of random
   parties over a small set of `--hot` terms, each a forbid (a conjunction)
   or a require (a disjunction) of one to three random literals. Many
   parties object to the same few items in overlapping ways, so no plan
   meets them all, and the fewest red lines to yield is a hitting-set
   problem over their conflicts, not a count of disjoint pairs.

No literal is trivial (true or false for every value), so every red line
alone can be met. The optimum is unknown to the generator: the peers and
redline must agree on it.

usage: hard.py OUT --terms T --parties P --lines L --changed K
               --hot H --contested R [--seed S]
"""
import argparse, json, os, random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--terms", type=int, default=200)
    ap.add_argument("--parties", type=int, default=20)
    ap.add_argument("--lines", type=int, default=10, help="planted red lines per party")
    ap.add_argument("--changed", type=int, default=5, help="plan terms off the planted solution")
    ap.add_argument("--hot", type=int, default=20, help="terms the contested red lines read")
    ap.add_argument("--contested", type=int, default=40, help="contested red lines, in all")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    terms = []
    for i in range(a.terms):
        kind = rnd.choice(["bool", "enum", "enum"])
        vals = [False, True] if kind == "bool" else [f"v{j}" for j in range(rnd.randint(3, 5))]
        terms.append({"id": f"t{i:05d}.x", "kind": kind, "values": vals})
    hidden = [rnd.randrange(len(t["values"])) for t in terms]

    def lit_true(ti):  # a literal the hidden solution satisfies
        t = terms[ti]; h = hidden[ti]; n = len(t["values"])
        op = rnd.choice(["==", "!=", "<=", ">="]) if t["kind"] == "enum" else "=="
        if op == "==": return (ti, "==", h)
        if op == "!=": return (ti, "!=", rnd.choice([j for j in range(n) if j != h]))
        if op == "<=": return (ti, "<=", rnd.randint(h, n - 1))
        return (ti, ">=", rnd.randint(0, h))

    def lit_false(ti):  # a literal the hidden solution falsifies
        t = terms[ti]; h = hidden[ti]; n = len(t["values"])
        if t["kind"] == "bool": return (ti, "==", 1 - h)
        ops = ["==", "!="] + (["<="] if h > 0 else []) + ([">="] if h < n - 1 else [])
        op = rnd.choice(ops)
        if op == "==": return (ti, "==", rnd.choice([j for j in range(n) if j != h]))
        if op == "!=": return (ti, "!=", h)
        if op == "<=": return (ti, "<=", rnd.randint(0, h - 1))
        return (ti, ">=", rnd.randint(h + 1, n - 1))

    def lit_any(ti):  # a random literal, true for some values and false for others
        t = terms[ti]; n = len(t["values"])
        if t["kind"] == "bool": return (ti, "==", rnd.randrange(2))
        op = rnd.choice(["==", "!=", "<=", ">="])
        if op in ("==", "!="): return (ti, op, rnd.randrange(n))
        if op == "<=": return (ti, "<=", rnd.randint(0, n - 2))
        return (ti, ">=", rnd.randint(1, n - 1))

    parties = []
    for p in range(a.parties):
        lines = []
        for r in range(a.lines):
            k = rnd.randint(1, 3)
            tis = rnd.sample(range(a.terms), k)
            if rnd.random() < 0.6:
                lits = [lit_true(ti) for ti in tis]
                j = rnd.randrange(k); lits[j] = lit_false(tis[j])
                lines.append({"id": f"r{r:03d}", "kind": "forbid", "lits": lits})
            else:
                lits = [lit_false(ti) for ti in tis]
                j = rnd.randrange(k); lits[j] = lit_true(tis[j])
                lines.append({"id": f"r{r:03d}", "kind": "require", "lits": lits})
        parties.append({"id": f"p{p:03d}", "lines": lines})

    hot = rnd.sample(range(a.terms), min(a.hot, a.terms))
    for c in range(a.contested):
        k = rnd.randint(1, min(3, len(hot)))
        tis = rnd.sample(hot, k)
        kind = "forbid" if rnd.random() < 0.5 else "require"
        lits = [lit_any(ti) for ti in tis]
        p = rnd.randrange(a.parties)
        parties[p]["lines"].append({"id": f"h{c:04d}", "kind": kind, "lits": lits})

    plan = list(hidden)
    for ti in rnd.sample(range(a.terms), min(a.changed, a.terms)):
        n = len(terms[ti]["values"])
        plan[ti] = rnd.choice([j for j in range(n) if j != hidden[ti]])

    os.makedirs(f"{a.out}/ws/rules", exist_ok=True)
    os.makedirs(f"{a.out}/ws/proposals", exist_ok=True)

    def val_toml(t, j):
        v = t["values"][j]
        return ("true" if v else "false") if t["kind"] == "bool" else f"'{v}'"

    def expr(kind, lits):
        parts = []
        for ti, op, j in lits:
            t = terms[ti]
            if t["kind"] == "bool":
                parts.append(t["id"] if t["values"][j] else f"not {t['id']}")
            else:
                parts.append(f"{t['id']} {op} {val_toml(t, j)}")
        return (" and " if kind == "forbid" else " or ").join(parts)

    with open(f"{a.out}/ws/rules/terms.toml", "w") as f:
        for t in terms:
            f.write(f'[[term]]\nid = "{t["id"]}"\nabout = "generated"\n')
            if t["kind"] == "enum":
                f.write("values = [" + ", ".join(f'"{v}"' for v in t["values"]) + "]\n")
            f.write("\n")
    open(f"{a.out}/ws/rules/sources.toml", "w").close()
    with open(f"{a.out}/ws/rules/parties.toml", "w") as f:
        for p in parties:
            f.write(f'[[party]]\nid = "{p["id"]}"\nname = "Party {p["id"]}"\n\n')
    for p in parties:
        with open(f"{a.out}/ws/rules/{p['id']}.toml", "w") as f:
            f.write(f'party = "{p["id"]}"\n\n')
            for r in p["lines"]:
                f.write(f'[[red_line]]\nid = "{r["id"]}"\nabout = "generated"\n'
                        f'{r["kind"]} = "{expr(r["kind"], r["lits"])}"\n\n')
    with open(f"{a.out}/ws/proposals/plan.toml", "w") as f:
        f.write('id = "plan"\ntitle = "Generated plan"\nparties = ['
                + ", ".join(f'"{p["id"]}"' for p in parties) + "]\n\n")
        for ti, t in enumerate(terms):
            f.write(f'[[clause]]\nid = "c{ti}"\ntext = "generated"\n'
                    f'set = {{ "{t["id"]}" = {val_toml(t, plan[ti])} }}\n\n')

    # `conflicts` non-zero tells the peers' scripts that red lines may yield.
    json.dump({"terms": terms, "parties": parties, "plan": plan, "open": [],
               "hidden": hidden, "changed_planted": a.changed,
               "conflicts": a.contested, "hot": sorted(hot), "contested": a.contested},
              open(f"{a.out}/instance.json", "w"))


if __name__ == "__main__":
    main()
