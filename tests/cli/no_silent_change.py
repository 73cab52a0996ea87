#!/usr/bin/env python3
"""No silent change (DOMAIN.md rule 6: a difference is never silent).

Every amount of the budget and plan years in each sample, moved by one unit
of the file's last decimal up and down (1 tkr in a whole-tkr file, 0,1 mnkr in
a one-decimal mnkr file), must change the findings: some rule reports it,
as an error, a warning or a notice naming a rounding allowance. A change no
rule can see is listed in KNOWN with the reason.

Usage: no_silent_change.py BUDGETCHECK ROOT TMPDIR. Exit 1 and a list of the
silent cells when one is found.
"""
import copy, json, os, subprocess, sys
from decimal import Decimal

bin_, root, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
SAMPLES = ["socialnamnden-2019.json", "vss-2024.json", "leanlink-2023.json", "norrkoping-kultur-fritid-2024.json"]
SECTIONS = ["operating", "frame_changes", "business_areas", "equity", "investments", "savings_programme"]
# Cells no rule can judge, with why.
KNOWN = {
    # Leanlink prints no cost for Ledning: a listed area's cost moved by 1 tkr
    # moves Ledning's implied cost, which stays positive in 2023 and 2028.
    ("leanlink-2023.json", "business_areas/areas/0/cost/2023", -1),
    ("leanlink-2023.json", "business_areas/areas/1/cost/2023", -1),
    ("leanlink-2023.json", "business_areas/areas/2/cost/2023", -1),
    ("leanlink-2023.json", "business_areas/areas/0/cost/2028", -1),
    ("leanlink-2023.json", "business_areas/areas/1/cost/2028", -1),
    ("leanlink-2023.json", "business_areas/areas/2/cost/2028", -1),
    ("leanlink-2023.json", "business_areas/areas/0/cost/2028", 1),
    ("leanlink-2023.json", "business_areas/areas/1/cost/2028", 1),
    ("leanlink-2023.json", "business_areas/areas/2/cost/2028", 1),
    # The investment total gives net and spending but no income: spending
    # 1 tkr higher implies an income of 1 tkr, which is possible.
    *[("leanlink-2023.json", f"investments/stated_total/spending/{y}", 1) for y in range(2023, 2029)],
    # "Inkluderade åtgärder i budget 2023": a figure no rule compares.
    ("leanlink-2023.json", "savings_programme/already_in_budget/amounts/2023", 1),
    ("leanlink-2023.json", "savings_programme/already_in_budget/amounts/2023", -1),
}


def cells(node, path):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "earlier":
                continue
            if len(k) == 4 and k.isdigit() and isinstance(v, (int, float)) and not isinstance(v, bool):
                yield path + [k]
            else:
                yield from cells(v, path + [k])
    elif isinstance(node, list):
        for i, x in enumerate(node):
            yield from cells(x, path + [i])


files = {}  # file name -> (sample, cell, sign)
for sample in SAMPLES:
    base = json.load(open(os.path.join(root, "samples", sample), encoding="utf-8"))
    step = Decimal(1).scaleb(-base["decimals"])
    name = f"{sample[:-5]}--base.json"
    json.dump(base, open(os.path.join(tmp, name), "w", encoding="utf-8"), ensure_ascii=False)
    files[name] = (sample, None, 0)
    n = 0
    for sec in SECTIONS:
        for path in cells(base.get(sec), [sec]) if sec in base else []:
            for sign in (1, -1):
                doc = copy.deepcopy(base)
                o = doc
                for p in path[:-1]:
                    o = o[p]
                v = Decimal(str(o[path[-1]])) + sign * step
                o[path[-1]] = float(v) if base["decimals"] > 0 else int(v)
                n += 1
                name = f"{sample[:-5]}--{n:04d}.json"
                json.dump(doc, open(os.path.join(tmp, name), "w", encoding="utf-8"), ensure_ascii=False)
                files[name] = (sample, "/".join(map(str, path)), sign)

out = subprocess.run([bin_, "validate", "--format", "json", "--jobs", "2", tmp],
                     capture_output=True, text=True, cwd=root)
report = json.loads(out.stdout)
found = {}
for f in report["files"]:
    found[os.path.basename(f["file"])] = {
        (x["rule"], x["severity"], x.get("pointer"), x.get("year"), x.get("message")) for x in f.get("findings", [])}
bases = {s: found[f"{s[:-5]}--base.json"] for s in SAMPLES}
silent, checked = [], 0
for name, (sample, cell, sign) in sorted(files.items()):
    if cell is None:
        continue
    checked += 1
    if found.get(name) == bases[sample] and (sample, cell, sign) not in KNOWN:
        silent.append(f"{sample}: {cell} {'+' if sign > 0 else '−'}1 unit: no finding changed")
print(f"{checked} one-unit changes checked, {len(silent)} silent")
for s in silent:
    print("  " + s)
sys.exit(1 if silent or checked == 0 else 0)
