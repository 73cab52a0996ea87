#!/usr/bin/env bash
# Issue 12 items 8 and 9: a rule that raises or hits a limit is a broken
# configuration (central finance's), not a fault in the board's budget. The
# run exits 2; every report (text, json, sarif, junit, github, gitlab, html)
# names the rule, its file, line and what stopped it, as fields where the
# format has them; every other rule's findings are exactly those of a clean
# run; every --output is written. check-rules reads the failure's fields.
. "$(dirname "$0")/lib.bash" "$@"
sample="$root/samples/vss-2024.json"


fresh() {  # a clean copy of the data dir in $tmp/data
  copy_data "$tmp/data" samples
  mkdir -p "$tmp/data/rules/aaa"
}

# The clean run's findings, to compare with.
"$bin" validate --lang en --format json --output "$tmp/clean.json" "$sample" >/dev/null 2>&1

# 1. A rule that raises, on line 6.
fresh
cat > "$tmp/data/rules/aaa/broken.lua" <<'EOF'
return {
  id = "aaa.broken",
  title = { sv = "Trasig", en = "Broken" },
  severity = "error",
  check = function(submission, policy, report)
    error("deliberately broken")
  end,
}
EOF
out=$("$bin" validate --data-dir "$tmp/data" --lang en "$sample" \
  --format json --output "$tmp/r.json" --format sarif --output "$tmp/r.sarif" --format junit --output "$tmp/r.xml" \
  --format github --output "$tmp/r.github" --format gitlab --output "$tmp/r.gitlab" --format html --output "$tmp/r.html" \
  --format text 2>"$tmp/stderr")
code=$?
[ "$code" = 2 ] && pass || fail "a raising rule: exit $code, expected 2"
for f in r.json r.sarif r.xml r.github r.gitlab r.html; do
  if [ -s "$tmp/$f" ] && grep -q "aaa.broken" "$tmp/$f" && grep -q "rules/aaa/broken.lua" "$tmp/$f"; then pass; else
    fail "$f does not exist or does not name the rule and its file"; fi
done
line="rules/aaa/broken.lua:6: rule error: Rule aaa.broken (rules/aaa/broken.lua:6) was stopped: error in the rule: deliberately broken [engine.rule-error]"
grep -qxF -- "$line" <<<"$out" && pass || { fail "text report lacks: $line"; echo "$out" | tail -5; }
grep -qE "^.*vss-2024.json: FAILED .*1 rule failed \(a configuration error\)" <<<"$out" && pass || {
  fail "text summary does not say a rule failed"; echo "$out" | tail -2; }

# The JSON report: the failure as fields, other findings exactly the clean run's.
if python3 - "$tmp/r.json" "$tmp/clean.json" <<'PY'
import json, sys
got, clean = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
f = got["files"][0]
want = [{"rule": "aaa.broken", "file": "rules/aaa/broken.lua", "line": 6, "kind": "error",
         "reason": "deliberately broken",
         "reason_sv": "deliberately broken",
         "reason_en": "deliberately broken"}]
problems = []
if got["exit_code"] != 2: problems.append("exit_code %r" % got["exit_code"])
if f["rule_failures"] != want: problems.append("rule_failures %r" % f["rule_failures"])
if f["findings"] != clean["files"][0]["findings"]: problems.append("findings differ from the clean run")
if f["passed"] is not False: problems.append("passed")
for p in problems: print(p)
sys.exit(1 if problems else 0)
PY
then pass; else fail "JSON report fields"; fi

# SARIF: a tool execution notification at the rule file and line and a located result; the run did not succeed.
if python3 - "$tmp/r.sarif" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
inv = run["invocations"][0]
n = [x for x in inv.get("toolExecutionNotifications", []) if x["descriptor"]["id"] == "engine.rule-error"]
# ... and a result on the checked file, pointing at the rule file and line, so code scanning shows it.
rr = [r for r in run["results"] if r["ruleId"] == "engine.rule-error"]
ok = (inv["exitCode"] == 2 and inv["executionSuccessful"] is False and len(n) == 1
      and n[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("rules/aaa/broken.lua")
      and n[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
      and n[0]["properties"] == {"rule": "aaa.broken", "kind": "error"}
      and len(rr) == 1 and rr[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
      and rr[0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("rules/aaa/broken.lua")
      and rr[0]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 6)
if not ok: print(json.dumps(inv, indent=1)[:2000])
sys.exit(0 if ok else 1)
PY
then pass; else fail "SARIF notification"; fi
grep -q '^::error file=rules/aaa/broken.lua,line=6,title=engine.rule-error::Rule aaa.broken (rules/aaa/broken.lua:6) was stopped: error in the rule: deliberately broken$' "$tmp/r.github" \
  && pass || { fail "GitHub annotation"; cat "$tmp/r.github" | head -3; }
grep -q '<error message="rules/aaa/broken.lua:6: Rule aaa.broken (rules/aaa/broken.lua:6) was stopped: error in the rule: deliberately broken" type="engine.rule-error">' "$tmp/r.xml" \
  && pass || { fail "JUnit error"; grep -n "aaa.broken" "$tmp/r.xml" | head -3; }

# 2. A rule that hits a limit: the same, with the limit as the kind.
fresh
cat > "$tmp/data/rules/aaa/loop.lua" <<'EOF'
return {
  id = "aaa.loop",
  title = { sv = "Loop", en = "Loop" },
  severity = "error",
  check = function(submission, policy, report)
    while true do end
  end,
}
EOF
"$bin" validate --data-dir "$tmp/data" --lang en --rule-instructions 100000 --format json --output "$tmp/l.json" "$sample" >/dev/null 2>&1
code=$?
[ "$code" = 2 ] && pass || fail "a rule out of instructions: exit $code, expected 2"
if python3 - "$tmp/l.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["files"][0]["rule_failures"]
ok = len(f) == 1 and f[0]["rule"] == "aaa.loop" and f[0]["file"] == "rules/aaa/loop.lua" and f[0]["line"] == 6 \
     and f[0]["kind"] == "instructions" and f[0]["reason_en"] == "the instruction budget (100,000 + 250 × 1,332 values) ran out (an endless loop?)"
if not ok: print(f)
sys.exit(0 if ok else 1)
PY
then pass; else fail "instruction budget as a field"; fi

# 3. check-rules takes the file and line from the failure's fields, never
# from its text. (A folder whose name reads like that text, "q) was stopped:
# x", can no longer hold a rule: a rule's id is its path, in lower-case
# words. rule_failures_test checks a library's file and line as fields.)

# 4. Hints for policy data come from the schema violation's fields, not
# from searching its English text: a text that is no number gets no "write
# the number without quotes" advice; a number in quotes still does.
fresh
pack="$tmp/data/rules/policies/linkoping-2023/policy.json"
sed -i 's/^    "budget_year": 2023,$/    "budget_year": "abc (\\"2023\\")",/' "$pack"
line=$(grep -n '"budget_year"' "$pack" | head -1 | cut -d: -f1)
out=$("$bin" check-rules --data-dir "$tmp/data" --lang en 2>&1)
want="rules/policies/linkoping-2023/policy.json:$line:20: error: Field 'År' (budget_year) must be an integer but is a string (\"abc (\\\"2023\\\")\") — docs/policy-data.md describes every field of a policy pack [policy.type]"
grep -qxF -- "$want" <<<"$out" && pass || { fail "policy hint for a text that is no number"; echo "want: $want"; echo "$out" | head -3; }

finish "rule failures"
