#!/usr/bin/env bash
# Executes docs/writing-rules.md as written, in a temporary copy of the data
# dir, so the guide cannot rot. The guide's fenced blocks are marked:
#   ```lua file=PATH / ```json file=PATH   write PATH with the block
#   ```json edit=PATH replaces=TEXT       replace the line TEXT (indentation aside) in PATH by the block
#   ```sh                                 run the block (bash, cwd = the data dir); must exit 0
#   ```sh needs=waivers                   run only once `validate --waivers` exists (else SKIP)
#   ```sh setup / ```sh norun             shown only (the test provides the setup itself)
#   ```output                             every line (except "…" lines) must be a line of the
#                                         previous sh block's output
# Then checks the JUnit XML the guide writes against junit.xsd.
. "$(dirname "$0")/lib.bash" "$@"
guide="$root/docs/writing-rules.md"
skips=0
work="$tmp/data"
mkdir -p "$work" "$tmp/bin"
cp -r "$root/schemas" "$root/rules" "$root/samples" "$root/editor" "$root/.luacheckrc" "$root/.luarc.json" "$work/"
rm -f "$work/rules/investment/growth-limit.lua" "$work/rules/investment/growth-limit"*.cases.json
printf '#!/bin/sh\nexec "%s" "$@"\n' "$bin" > "$tmp/bin/budgetcheck"
chmod +x "$tmp/bin/budgetcheck"
export PATH="$tmp/bin:$PATH"
export BUDGETCHECK_DATA_DIR="$work"


has_waivers=0
"$bin" validate --help 2>&1 | grep -q -- '--waivers' && has_waivers=1

last_out=""
files_written=0; commands_run=0; outputs_checked=0
in_block=0; info=""; body=""
block_done() {
  local lang=${info%% *}
  local attrs=""
  [[ "$info" == *" "* ]] && attrs=${info#* }
  if [[ "$attrs" == file=* ]]; then
    local path=${attrs#file=}
    mkdir -p "$(dirname "$work/$path")"
    printf '%s' "$body" > "$work/$path"
    files_written=$((files_written+1))
  elif [[ "$attrs" == edit=* ]]; then
    local rest=${attrs#edit=}
    local path=${rest%% replaces=*}
    local old=${rest#* replaces=}
    old=${old#"${old%%[![:space:]]*}"}  # indentation aside, on both sides
    local target="$work/$path"
    local n
    # The line is matched without its indentation (the block has its own).
    n=$(OLD="$old" awk '{ l = $0; sub(/^[ \t]+/, "", l); if (l == ENVIRON["OLD"]) n++ } END { print n + 0 }' "$target")
    if [ "$n" != 1 ]; then fail "edit $path: the line '$old' occurs $n times"; return; fi
    local new="$tmp/edited"
    : > "$new"
    while IFS= read -r line || [ -n "$line" ]; do
      if [ "${line#"${line%%[![:space:]]*}"}" = "$old" ]; then printf '%s' "$body" >> "$new"; else printf '%s\n' "$line" >> "$new"; fi
    done < "$target"
    cp "$new" "$target"
    files_written=$((files_written+1))
  elif [ "$lang" = sh ]; then
    case "$attrs" in
      setup|norun) return ;;
      needs=waivers)
        if [ $has_waivers = 0 ]; then echo "SKIP (validate has no --waivers yet): $body"; skips=$((skips+1)); return; fi ;;
    esac
    last_out=$(cd "$work" && bash -c "set -e; $body" 2>&1)
    local code=$?
    commands_run=$((commands_run+1))
    if [ $code = 0 ]; then pass; else fail "exit $code from: $body"; echo "$last_out" | tail -20; fi
  elif [ "$lang" = output ]; then
    outputs_checked=$((outputs_checked+1))
    local ok=1
    # Runs of spaces count as one; "…" stands for any text.
    local actual
    actual=$(sed -E 's/[[:space:]]+/ /g; s/ $//' <<<"$last_out")
    while IFS= read -r want; do
      [ -z "$want" ] && continue
      local norm pattern
      norm=$(sed -E 's/[[:space:]]+/ /g; s/ $//' <<<"$want")
      pattern=$(sed -E 's/[][\.*^$+?(){}|/]/\\&/g; s/…/.*/g' <<<"$norm")
      if ! grep -qxE -- "$pattern" <<<"$actual"; then
        fail "the guide shows a line the command did not print: $want"; ok=0
      fi
    done <<<"$body"
    if [ $ok = 1 ]; then pass; else echo "---- actual output:"; echo "$last_out"; echo "----"; fi
  fi
}

while IFS= read -r line || [ -n "$line" ]; do
  if [ $in_block = 0 ]; then
    if [[ "$line" == '```'* ]]; then in_block=1; info=${line#\`\`\`}; body=""; fi
  else
    if [ "$line" = '```' ]; then in_block=0; block_done; else body+="$line"$'\n'; fi
  fi
done < "$guide"

# The guide really did something: files, commands and outputs.
[ $files_written -ge 4 ] && pass || fail "only $files_written files written from the guide"
[ $commands_run -ge 8 ] && pass || fail "only $commands_run commands run from the guide"
[ $outputs_checked -ge 5 ] && pass || fail "only $outputs_checked outputs checked"

# The rule the guide built passes its own cases with full coverage, fires and stays silent.
out=$(cd "$work" && budgetcheck test rules/investment --coverage 2>&1)
if grep -qE '^rules/investment/growth-limit\.lua +100\.0%' <<<"$out" && ! grep -q 'regeln investment.growth-limit har' <<<"$out"; then
  pass; else fail "growth-limit coverage or cases:"; echo "$out"; fi

# The parameter the guide set: `rules` shows it with the pack's value; a
# wrong type in the pack and a misspelt field in the rule each exit 2 with
# their location.
out=$(cd "$work" && budgetcheck rules --lang en 2>&1)
if grep -qxF '    max_percent (integer, default 10): Highest allowed growth in per cent from one year to the next' <<<"$out" &&
   grep -qxF '      in linkoping-2023: 5' <<<"$out"; then pass; else fail "rules does not show the parameter:"; echo "$out" | head -20; fi
pack="$work/rules/policies/linkoping-2023/policy.json"
cp "$pack" "$tmp/pack.json"
sed -i 's/"max_percent": 5 }/"max_procent": 5 }/' "$pack"
out=$(cd "$work" && budgetcheck check-rules --lang en 2>&1); code=$?
if [ $code = 2 ] && grep -qF "rules/policies/linkoping-2023/policy.json:324:53: error: Field 'max_procent' is not allowed" <<<"$out" &&
   grep -qF "did you mean 'max_percent'?" <<<"$out"; then pass; else fail "misspelt parameter (exit $code):"; echo "$out" | head; fi
cp "$tmp/pack.json" "$pack"
rule="$work/rules/investment/growth-limit.lua"
cp "$rule" "$tmp/rule.lua"
sed -i 's/    local p = params.max_percent/    local p = params.max_procent/' "$rule"
line=$(grep -n 'params.max_procent' "$rule" | cut -d: -f1)
out=$(cd "$work" && budgetcheck check-rules --lang en 2>&1); code=$?
if [ $code = 2 ] && grep -qF "rules/investment/growth-limit.lua:$line:" <<<"$out" &&
   grep -qF "the rule reads the parameter 'max_procent', which it does not declare under parameters.properties; did you mean 'max_percent'?" <<<"$out"
then pass; else fail "undeclared parameter read (exit $code):"; echo "$out" | head; fi
cp "$tmp/rule.lua" "$rule"
sed -i 's/    local inv = submission.investments/    local inv = submission.investmnts/' "$rule"
line=$(grep -n 'submission.investmnts' "$rule" | cut -d: -f1)
out=$(cd "$work" && budgetcheck check-rules --lang en 2>&1); code=$?
if [ $code = 2 ] && grep -qF "rules/investment/growth-limit.lua:$line:28: error:" <<<"$out" && grep -qF "did you mean 'investments'?" <<<"$out"
then pass; else fail "misspelt field in check-rules (exit $code):"; echo "$out" | head; fi
out=$(cd "$work" && budgetcheck test rules/investment --lang en 2>&1); code=$?
if [ $code = 1 ] && grep -qF "the rule reads the field 'investmnts'" <<<"$out"; then pass; else fail "misspelt field in test (exit $code):"; echo "$out" | head; fi
out=$(cd "$work" && budgetcheck validate samples/vss-2024.json --lang en 2>&1); code=$?
if [ $code = 0 ]; then pass; else fail "validate must not check field names (exit $code):"; echo "$out" | head; fi
cp "$tmp/rule.lua" "$rule"

# JUnit XML from the guide's CI step: valid against the JUnit schema, one testcase per case.
xsd="$root/../shared/external-schemas/junit.xsd"
if [ ! -f "$work/rule-tests.xml" ]; then fail "the guide's junit step wrote no rule-tests.xml"
elif ! command -v xmllint >/dev/null; then fail "xmllint is not installed (Debian package libxml2-utils)"
elif [ ! -f "$xsd" ]; then fail "no JUnit schema at $xsd"
elif out=$(xmllint --noout --schema "$xsd" "$work/rule-tests.xml" 2>&1); then
  cases=$(grep -c '<testcase ' "$work/rule-tests.xml")
  total=$(cd "$work" && budgetcheck test | tail -1 | awk '{print $1 + $3}')
  if [ "$cases" = "$total" ] && [ "$cases" -gt 100 ]; then pass; else fail "junit: $cases testcases, $total cases"; fi
else fail "rule-tests.xml is not valid JUnit XML: $out"; fi

# A failing case: JUnit marks it <failure>, still valid; `test` exits 1.
sed -i 's/"value": 67 }/"value": 65 }/' "$work/rules/investment/growth-limit.cases.json"
(cd "$work" && budgetcheck test rules/investment --format junit --output failing.xml --lang en 2>/dev/null); code=$?
if [ $code = 1 ] && grep -q '<failure message="1 difference between expected and actual findings" type="findings-differ">- missing:    investment.growth-limit warning at /investments/rows year 2026 message ~ "more than 10 %"' "$work/failing.xml" &&
   { [ ! -f "$xsd" ] || xmllint --noout --schema "$xsd" "$work/failing.xml" 2>/dev/null; }; then pass
else fail "failing case in JUnit (exit $code)"; cat "$work/failing.xml" 2>/dev/null | grep -A3 failure | head; fi

echo "writing rules guide: $passes passed, $fails failed, $skips skipped"
[ $fails = 0 ]
