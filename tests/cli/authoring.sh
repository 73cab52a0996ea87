#!/usr/bin/env bash
# Rule authoring without surprises (issue 13), from the command line: a
# scaffolded rule is unfinished (validate leaves it out and says so,
# check-rules fails on it), and a misspelt waiver key is an error at its
# line and column with the closest valid name.
. "$(dirname "$0")/lib.bash" "$@"
copy_data "$tmp/data" samples
export BUDGETCHECK_DATA_DIR="$tmp/data"

# 1. new-rule speaks Swedish by default.
run "$bin" new-rule demo.always
check_lines "new-rule (sv)" 0 \
  "skapade rules/demo/always.lua" \
  "skapade rules/demo/always.cases.json"
run "$bin" new-rule Demo.Bad
check_lines "new-rule bad id (sv)" 2 \
  "'Demo.Bad' är inget regel-id: skriv område.namn med gemener, t.ex. investment.growth-limit"

# 2. The scaffold, made to fire on everything, still does not run in validate.
sed -i 's|      local _ = year|      report{ at = "", year = year, sv = "alltid", en = "always" }|' "$tmp/data/rules/demo/always.lua"
run "$bin" validate "$tmp/data/samples/vss-2024.json" --format json --output "$tmp/report.json"
check_lines "unfinished rule does not run (sv)" 0 \
  "varning: regeln demo.always (rules/demo/always.lua) är inte färdig (platshållartexter) och körs inte; \`budgetcheck check-rules\` visar vad som återstår"
if grep -q '"demo.always"' "$tmp/report.json"; then echo "FAIL the unfinished rule ran"; fails=$((fails+1)); else passes=$((passes+1)); fi

run "$bin" rules --lang en
check_lines "rules marks the unfinished rule" 0 \
  "demo.always                            warning  TODO title in English (unfinished: does not run)"

# 3. check-rules fails on each placeholder, at its line and column.
run "$bin" check-rules --lang en
check_lines "check-rules: unfinished" 2 \
  "rules/demo/always.lua:4:19: error: the rule demo.always is unfinished: title.sv is still a placeholder (TODO); write the text. Until then validate does not run the rule [rule.unfinished]" \
  "rules/demo/always.lua:4:50: error: the rule demo.always is unfinished: title.en is still a placeholder (TODO); write the text. Until then validate does not run the rule [rule.unfinished]" \
  "rules/demo/always.lua:9:14: error: the rule demo.always is unfinished: source.quote is still a placeholder (TODO); write the text. Until then validate does not run the rule [rule.unfinished]"

# 4. Finished texts: the rule runs in validate.
sed -i 's/TODO[:]* *//g' "$tmp/data/rules/demo/always.lua"
run "$bin" validate "$tmp/data/samples/vss-2024.json" --format json --output "$tmp/report.json"
if grep -q '"demo.always"' "$tmp/report.json" && ! grep -q 'inte färdig' <<<"$out"; then passes=$((passes+1))
else echo "FAIL the finished rule did not run: $out"; fails=$((fails+1)); fi
rm -r "$tmp/data/rules/demo"

# 5. Carets count characters, not bytes: a run-time error on a line with "å".
mkdir -p "$tmp/data/rules/demo"
cat > "$tmp/data/rules/demo/broken.lua" <<'LUA'
return {
  id = "demo.broken",
  title = { sv = "Trasig", en = "Broken" },
  severity = "error",
  check = function(submission, policy, report)
    local s = "åäö"; local name = submission.organisation.nmae.sv
    report{ at = "", sv = name .. s, en = name }
  end,
}
LUA
run "$bin" check-rules --lang en
check_lines "run-time error column after non-ASCII text" 2 "   | $(printf '%58s' '')^"
grep -q "^rules/demo/broken.lua:6:59: error: the rule failed" <<<"$out" && passes=$((passes+1)) ||
  { echo "FAIL column of the run-time error: $out"; fails=$((fails+1)); }
rm -r "$tmp/data/rules/demo"

# 6. The id is the path: rules/misc/zz.lua declaring budget.somewhere-else.
mkdir -p "$tmp/data/rules/misc"
cat > "$tmp/data/rules/misc/zz.lua" <<'LUA'
-- A rule in the wrong file.
return {
  id = "budget.somewhere-else",
  title = { sv = "Fel plats", en = "Wrong place" },
  severity = "notice",
  check = function(submission, policy, report) end,
}
LUA
echo '{"rule": "budget.somewhere-else", "cases": [{"name": "x", "submission": "samples/vss-2024.json", "expect": []}]}' \
  > "$tmp/data/rules/misc/zz.cases.json"
run "$bin" check-rules
check_lines "id and path disagree (sv)" 2 \
  "rules/misc/zz.lua:3:8: fel: regeln har id 'budget.somewhere-else', men en regels id är dess sökväg: skriv id = \"misc.zz\", eller flytta filen till rules/budget/somewhere-else.lua [rule.id-path]" \
  ' 3 |   id = "budget.somewhere-else",' \
  '   |        ^'
run "$bin" validate "$tmp/data/samples/vss-2024.json"
check_lines "validate refuses a rule whose id is not its path" 2
rm -r "$tmp/data/rules/misc"

# 7. A misspelt rule id in a pack's severity_overrides would change nothing: an error.
pack="$tmp/data/rules/policies/linkoping-2023/policy.json"
cp "$pack" "$tmp/pack.bak"
sed -i 's|^  "severity_overrides": {},$|  "severity_overrides": { "investment.within-frme": { "severity": "warning", "reason": "r" } },|' "$pack"
line=$(grep -n '"investment.within-frme"' "$pack" | cut -d: -f1)
run "$bin" check-rules --lang en
check_lines "misspelt rule id in severity_overrides" 2 \
  "rules/policies/linkoping-2023/policy.json:$line:27: error: severity_overrides names the rule 'investment.within-frme', which does not exist; did you mean 'investment.within-frame'?; \`budgetcheck rules\` lists the rule ids [policy.unknown-rule]"
cp "$tmp/pack.bak" "$pack"

# 8. A misspelt waiver key: file:line:column and the closest name.
cat > "$tmp/waivers.json" <<'JSON'
{
  "waivers": [
    { "rule": "investment.within-frame", "yaer": 2025, "reason": "r", "decided_by": "KF", "decision_date": "2024-01-01" }
  ]
}
JSON
run "$bin" validate "$tmp/data/samples/vss-2024.json" --waivers "$tmp/waivers.json"
check_lines "misspelt waiver key (sv)" 2 \
  "$tmp/waivers.json:3:42: fel: Fältet 'yaer' är inte tillåtet i 'waivers[0]'; menade du 'year'? [waiver.additionalProperties]"

finish "authoring"
