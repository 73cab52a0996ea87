#!/usr/bin/env bash
# Errors in rules and policy data: each broken case in a temporary copy of the
# data dir (--data-dir), checked by `check-rules` (exit 2) with the exact
# file:line:column, the offending line, the caret and the message (Swedish by
# default, English with --lang en); then that `validate` refuses a broken rule
# set and runs with `--skip-rule ID`.
. "$(dirname "$0")/lib.bash" "$@"

fresh() { copy_data "$tmp/data" samples; }  # a clean copy of the data dir in $tmp/data

# expect NAME CODE -- COMMAND...   (stdout+stderr in $out)

# 1. Syntax error: a missing comma between two fields.
fresh
cat > "$tmp/data/rules/investment/broken.lua" <<'EOF'
-- A rule with a missing comma.
return {
  id = "investment.broken",
  title = { sv = "Trasig", en = "Broken" }
  severity = "error",
  check = function(submission, policy, report) end,
}
EOF
run "$bin" check-rules --data-dir "$tmp/data"
check_lines "syntax error (sv)" 2 \
  "rules/investment/broken.lua:4:43: fel: syntaxfel: ett ',' saknas i slutet av den här raden (varje fält i en tabell som title = { ... } ska följas av ett kommatecken före nästa fält, 'severity' på rad 5; Lua säger: '}' expected (to close '{' at line 2) near 'severity') [rule.syntax]" \
  'tills en trasig regel är rättad kontrollerar `budgetcheck validate --skip-rule ID ...` inlämningar utan den' \
  ' 4 |   title = { sv = "Trasig", en = "Broken" }' \
  '   |                                           ^'
run "$bin" check-rules --data-dir "$tmp/data" --lang en
check_lines "syntax error" 2 \
  "rules/investment/broken.lua:4:43: error: syntax error: a ',' is missing at the end of this line (each field in a table such as title = { ... } must be followed by a comma before the next field 'severity' on line 5; Lua says: '}' expected (to close '{' at line 2) near 'severity') [rule.syntax]" \
  'until a broken rule is fixed, `budgetcheck validate --skip-rule ID ...` checks submissions without it' \
  ' 4 |   title = { sv = "Trasig", en = "Broken" }' \
  '   |                                           ^'

# validate refuses the broken rule set ...
run "$bin" validate --data-dir "$tmp/data" "$tmp/data/samples/vss-2024.json"
check_lines "validate refuses a broken rule set" 2 \
  ' 4 |   title = { sv = "Trasig", en = "Broken" }'
# ... and runs without it when told to skip it (its findings are those of the real rules)
run "$bin" validate --data-dir "$tmp/data" --skip-rule investment.broken --lang en "$tmp/data/samples/vss-2024.json"
if [ "$code" = 0 ] && grep -q "PASSED" <<<"$out" && ! grep -q "rule.syntax" <<<"$out"; then passes=$((passes+1)); else
  echo "FAIL --skip-rule: exit $code"; echo "$out" | tail -5; fails=$((fails+1)); fi

# 1b. The same with Swedish letters before the error: the column counts
# characters, not bytes, and the caret stands under 'en'.
fresh
cat > "$tmp/data/rules/investment/broken.lua" <<'EOF'
return {
  id = "investment.broken",
  title = { sv = "Räntor för år" en = "Broken" },
  severity = "error",
  check = function(submission, policy, report) end,
}
EOF
run "$bin" check-rules --data-dir "$tmp/data" --lang en
check_lines "syntax error after multi-byte characters" 2 \
  "rules/investment/broken.lua:3:34: error: syntax error: '}' expected near 'en' (a '{' is not closed, or a ',' is missing between two fields) [rule.syntax]" \
  ' 3 |   title = { sv = "Räntor för år" en = "Broken" },' \
  '   |                                  ^'

# 2. A misspelt member; found by check-rules running the rules over samples/,
# which checks every name a rule reads against the schemas (the name and the
# closest defined one), before Lua's own "attempt to index a nil value".
fresh
cat > "$tmp/data/rules/investment/broken.lua" <<'EOF'
return {
  id = "investment.broken",
  title = { sv = "Trasig", en = "Broken" },
  severity = "error",
  check = function(submission, policy, report)
    local name = submission.organisation.nmae.sv
    report{ at = "", sv = name, en = name }
  end,
}
EOF
run "$bin" check-rules --data-dir "$tmp/data"
check_lines "runtime error (sv)" 2 \
  "rules/investment/broken.lua:6:42: fel: regeln fick ett fel när den kontrollerade samples/leanlink-2023.json, samples/norrkoping-kultur-fritid-2024.json, samples/socialnamnden-2019.json, samples/vss-2024.json: regeln läser fältet 'nmae' i inlämningen (/organisation), ett namn som schemas/submission.schema.json inte definierar någonstans; menade du 'name'? [rule.runtime-error]" \
  ' 6 |     local name = submission.organisation.nmae.sv' \
  '   |                                          ^'
run "$bin" check-rules --data-dir "$tmp/data" --lang en
check_lines "runtime error" 2 \
  "rules/investment/broken.lua:6:42: error: the rule failed while checking samples/leanlink-2023.json, samples/norrkoping-kultur-fritid-2024.json, samples/socialnamnden-2019.json, samples/vss-2024.json: the rule reads the field 'nmae' of the submission (/organisation), a name schemas/submission.schema.json defines nowhere; did you mean 'name'? [rule.runtime-error]" \
  ' 6 |     local name = submission.organisation.nmae.sv' \
  '   |                                          ^' \
  "rules/investment/broken.lua: error: the rule investment.broken has no test cases; create broken.cases.json with at least one case where it fires and one where it stays silent (budgetcheck new-rule makes a skeleton) [rule.no-cases]" \
  "2 rule problems found in the rules and while running them over 4 samples"

# 3. Missing metadata: no severity.
fresh
cat > "$tmp/data/rules/investment/broken.lua" <<'EOF'
return {
  id = "investment.broken",
  title = { sv = "Trasig", en = "Broken" },
  check = function(submission, policy, report) end,
}
EOF
run "$bin" check-rules --data-dir "$tmp/data"
check_lines "missing metadata (sv)" 2 \
  "rules/investment/broken.lua:1:1: fel: regeln saknar 'severity'; lägg till severity = \"error\" (eller \"warning\", \"notice\") [rule.missing-field]"
run "$bin" check-rules --data-dir "$tmp/data" --lang en
check_lines "missing metadata" 2 \
  "rules/investment/broken.lua:1:1: error: the rule has no 'severity'; add severity = \"error\" (or \"warning\", \"notice\") [rule.missing-field]" \
  ' 1 | return {' \
  '   | ^'
# serve refuses to start, with every problem in place, as check-rules shows it
run timeout 20 "$bin" serve --data-dir "$tmp/data" --port 0
check_lines "serve refuses a broken rule set" 2 \
  "rules/investment/broken.lua:1:1: fel: regeln saknar 'severity'; lägg till severity = \"error\" (eller \"warning\", \"notice\") [rule.missing-field]" \
  ' 1 | return {'

# 4. A copied rule keeps its original's id: the id is not its path (a
# duplicate id is no longer possible between rule files).
fresh
sed 's/^-- .*//' "$root/rules/investment/within-frame.lua" > "$tmp/data/rules/investment/copy.lua"
run "$bin" check-rules --data-dir "$tmp/data" --lang en
line=$(grep -n '^  id = ' "$tmp/data/rules/investment/copy.lua" | cut -d: -f1)
check_lines "copied rule: id is not its path" 2 \
  "rules/investment/copy.lua:$line:8: error: the rule's id is 'investment.within-frame', but a rule's id is its path: write id = \"investment.copy\", or move the file to rules/investment/within-frame.lua [rule.id-path]" \
  " $line |   id = \"investment.within-frame\"," \
  "   |        ^"
if grep -q 'rule.duplicate-id' <<<"$out"; then echo "FAIL copied rule: the original is reported as a duplicate"; fails=$((fails+1)); fi

# 5. Unknown field in policy data (a misspelt name): located at the name.
fresh
pack="$tmp/data/rules/policies/linkoping-2023/policy.json"
sed -i 's/^    "budget_year": 2023,$/    "budget_yaer": 2023,/' "$pack"
line=$(grep -n '"budget_yaer"' "$pack" | cut -d: -f1)
run "$bin" check-rules --data-dir "$tmp/data"
check_lines "unknown policy field (sv)" 2 \
  "rules/policies/linkoping-2023/policy.json:$line:5: fel: Fältet 'budget_yaer' är inte tillåtet i 'pack'; menade du 'budget_year'? — kontrollera stavningen av fältnamnet mot docs/policy-data.md, eller ta bort fältet [policy.additionalProperties]"
run "$bin" check-rules --data-dir "$tmp/data" --lang en
check_lines "unknown policy field" 2 \
  "rules/policies/linkoping-2023/policy.json:$line:5: error: Field 'budget_yaer' is not allowed in 'pack'; did you mean 'budget_year'? — check the spelling of the field name against docs/policy-data.md, or remove the field [policy.additionalProperties]" \
  " $line |     \"budget_yaer\": 2023," \
  "    |     ^"

# 6. Wrong type in policy data: a number written as text.
fresh
pack="$tmp/data/rules/policies/linkoping-2023/policy.json"
sed -i 's/^    "budget_year": 2023,$/    "budget_year": "2023",/' "$pack"
line=$(grep -n '"budget_year"' "$pack" | head -1 | cut -d: -f1)
run "$bin" check-rules --data-dir "$tmp/data"
check_lines "wrong type in policy data (sv)" 2 \
  "rules/policies/linkoping-2023/policy.json:$line:20: fel: Fältet 'År' (budget_year) ska vara ett heltal men är en text (\"2023\") — skriv talet utan citattecken: 2023 [policy.type]"
run "$bin" check-rules --data-dir "$tmp/data" --lang en
check_lines "wrong type in policy data" 2 \
  "rules/policies/linkoping-2023/policy.json:$line:20: error: Field 'År' (budget_year) must be an integer but is a string (\"2023\") — write the number without quotes: 2023 [policy.type]" \
  " $line |     \"budget_year\": \"2023\"," \
  "    |                    ^"

# 7. The shipped rules are clean.
run "$bin" check-rules --data-dir "$root"
if [ "$code" = 0 ] && grep -qE '^[0-9]+ regler och [0-9]+ policypaket laddas utan fel och körs utan fel mot [0-9]+ exempelfiler$' <<<"$out"; then
  passes=$((passes+1)); else echo "FAIL shipped rules: exit $code"; echo "$out"; fails=$((fails+1)); fi
run "$bin" check-rules --data-dir "$root" --lang en
if [ "$code" = 0 ] && grep -qE '^[0-9]+ rules and [0-9]+ policy packs load without errors and run over [0-9]+ samples without failing$' <<<"$out"; then
  passes=$((passes+1)); else echo "FAIL shipped rules (en): exit $code"; echo "$out"; fails=$((fails+1)); fi

finish "broken rules"
