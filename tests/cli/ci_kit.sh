#!/usr/bin/env bash
# The pre-submission kit: runs the exact budgetcheck command lines of
# docs/examples/github-budgetcheck.yml, docs/examples/gitlab-ci.yml and
# .pre-commit-hooks.yaml (parsed out of those files, so the documentation and
# this test cannot drift) against the samples, and checks what they write:
# JUnit against the Ant XSD with xmllint, SARIF and Code Quality as JSON of
# the right shape, the files the CI steps publish are the files written.
# Last, the JUnit of the rules' own tests (`budgetcheck test --format junit`)
# against the same XSD, with hostile text in a case name and a rule message.
. "$(dirname "$0")/lib.bash" "$@"

# `budgetcheck` on PATH is the binary under test, as in CI after installation.
mkdir -p "$tmp/bin"; ln -s "$(realpath "$bin")" "$tmp/bin/budgetcheck"
export PATH="$tmp/bin:$PATH"

# A fresh workspace like a board's repository: submissions/*.json.
workspace() {
  rm -rf "$tmp/ws"; mkdir -p "$tmp/ws/submissions"
  cp "$root"/samples/*.json "$tmp/ws/submissions/"
}

# The budgetcheck command lines of a file: from "budgetcheck validate" to the
# end of the line or to a shell "||".
commands_in() {
  grep -o 'budgetcheck validate.*' "$1" | sed -E 's/[[:space:]]*\|\|.*$//'
}
# The value of a YAML key (first occurrence), e.g. `sarif_file: x` -> x.
yaml_value() {
  grep -E "^[[:space:]-]*$2:" "$1" | head -1 | sed -E "s/^[[:space:]-]*$2:[[:space:]]*//; s/[[:space:]]+#.*$//; s/[[:space:]]*$//"
}
# The --output FILE of a command line.
output_of() { sed -nE 's/.*--output[= ]([^ ]+).*/\1/p' <<<"$1"; }

# run CMD: runs the command line in the workspace; sets $rc and $out.
run() { out=$(cd "$tmp/ws" && timeout 60 bash -c "$1" 2>"$tmp/stderr"); rc=$?; }

# ---------------------------------------------------------------- GitHub
gh=$root/docs/examples/github-budgetcheck.yml
mapfile -t gh_cmds < <(commands_in "$gh")
check "github example has two budgetcheck command lines (got ${#gh_cmds[@]})" test "${#gh_cmds[@]}" -eq 2
check "github example uploads with github/codeql-action/upload-sarif" grep -q 'uses: github/codeql-action/upload-sarif@' "$gh"
sarif_file=$(yaml_value "$gh" sarif_file)
for cmd in "${gh_cmds[@]}"; do
  workspace; run "$cmd"
  case "$cmd" in
    *"--format github"*)
      check "github: '$cmd' exits 1 on the failing samples (got $rc)" test "$rc" -eq 1
      check "github: every line is an annotation or a summary" \
        bash -c '! grep -Evq "^(::(error|warning|notice) file=submissions/[^,]+(,line=[0-9]+,col=[0-9]+)?,title=[^:]+::.|submissions/.*: (GODKÄND|UNDERKÄND) |[0-9]+ filer: [0-9]+ godkänd)" <<<"$1"' _ "$out"
      check "github: annotations for errors, warnings and notices" \
        bash -c 'grep -q "^::error " <<<"$1" && grep -q "^::warning " <<<"$1" && grep -q "^::notice " <<<"$1"' _ "$out"
      ;;
    *"--format sarif"*)
      check "github: '$cmd' exits 0 (got $rc)" test "$rc" -eq 0
      written=$(output_of "$cmd")
      check "github: the SARIF step writes what upload-sarif uploads ($written vs $sarif_file)" test "$written" = "$sarif_file"
      check "github: $written is SARIF 2.1.0 with results for the samples" json_check "$tmp/ws/$written" \
        'd["version"] == "2.1.0" and len(d["runs"][0]["results"]) > 50 and d["runs"][0]["invocations"][0]["exitCode"] == 0 and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("submissions/") for r in d["runs"][0]["results"])'
      # A file that cannot be checked: exit 2, the report is still written, with the error.
      workspace; printf '{"a": 1,\n "a": 2}' > "$tmp/ws/submissions/broken.json"; run "$cmd"
      check "github: SARIF step exits 2 on a broken file (got $rc)" test "$rc" -eq 2
      check "github: SARIF of a broken file reports it as a tool execution notification" json_check "$tmp/ws/$written" \
        'not d["runs"][0]["invocations"][0]["executionSuccessful"] and d["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["descriptor"]["id"] == "json.duplicate-key"'
      ;;
    *) fail "github: unexpected command line: $cmd" ;;
  esac
done

# ---------------------------------------------------------------- GitLab
gl=$root/docs/examples/gitlab-ci.yml
mapfile -t gl_cmds < <(commands_in "$gl")
check "gitlab example has two budgetcheck command lines (got ${#gl_cmds[@]})" test "${#gl_cmds[@]}" -eq 2
junit_file=$(yaml_value "$gl" junit)
cq_file=$(yaml_value "$gl" codequality)
check "gitlab example publishes junit and codequality reports" test -n "$junit_file" -a -n "$cq_file"
for cmd in "${gl_cmds[@]}"; do
  workspace; run "$cmd"
  written=$(output_of "$cmd")
  case "$cmd" in
    *"--format junit"*)
      check "gitlab: '$cmd' exits 1 on the failing samples (got $rc)" test "$rc" -eq 1
      check "gitlab: the JUnit step writes the published report ($written vs $junit_file)" test "$written" = "$junit_file"
      check "gitlab: $written is valid against the JUnit XSD" \
        junit_valid "$tmp/ws/$written"
      check "gitlab: one testsuite per submission" \
        test "$(grep -c '<testsuite ' "$tmp/ws/$written")" -eq "$(ls "$root"/samples/*.json | wc -l)"
      check "gitlab: failures name file:line:column" \
        grep -Eq '<failure message="submissions/[^"]+:[0-9]+:[0-9]+: ' "$tmp/ws/$written"
      workspace; printf '{"a": 1,\n "a": 2}' > "$tmp/ws/submissions/broken.json"
      printf '{"name": "Social\x01\xe4mnden & <x>"' > "$tmp/ws/submissions/control.json"; run "$cmd"
      check "gitlab: JUnit step exits 2 on broken files (got $rc)" test "$rc" -eq 2
      check "gitlab: JUnit with broken files is valid against the XSD" \
        junit_valid "$tmp/ws/$written"
      check "gitlab: a broken file is an <error>" \
        grep -q '<error message="submissions/broken.json:2:2: dubblerad nyckel &quot;a&quot;' "$tmp/ws/$written"
      ;;
    *"--format gitlab"*)
      check "gitlab: '$cmd' exits 0 (got $rc)" test "$rc" -eq 0
      check "gitlab: the Code Quality step writes the published report ($written vs $cq_file)" test "$written" = "$cq_file"
      check "gitlab: $written is a Code Quality array" json_check "$tmp/ws/$written" \
        'isinstance(d, list) and len(d) > 50 and all(set(i) >= {"description", "check_name", "fingerprint", "severity", "location"} and i["severity"] in ("blocker", "critical", "major", "minor", "info") and i["location"]["path"].startswith("submissions/") and i["location"]["lines"]["begin"] >= 1 for i in d) and len({i["fingerprint"] for i in d}) == len(d)'
      ;;
    *) fail "gitlab: unexpected command line: $cmd" ;;
  esac
done
# The script's lines run in one shell: the job's status is the JUnit step's.
workspace
script=$(sed -n '/^  script:/,/^  [a-z_]*:$/p' "$gl" | sed -nE 's/^    - (.*)$/\1/p')
(cd "$tmp/ws" && bash -c "$script") >/dev/null 2>&1; rc=$?
check "gitlab: the job's script exits 1 on the failing samples (got $rc)" test "$rc" -eq 1
check "gitlab: the job's script writes both reports" test -s "$tmp/ws/$junit_file" -a -s "$tmp/ws/$cq_file"

# ---------------------------------------------------------------- pre-commit
hooks=$root/.pre-commit-hooks.yaml
entry=$(yaml_value "$hooks" entry)
check "pre-commit hook runs budgetcheck validate ($entry)" test "$entry" = "budgetcheck validate"
check "pre-commit hook is language: system" test "$(yaml_value "$hooks" language)" = system
workspace; run "$entry submissions/*.json"
check "pre-commit: the samples fail (exit $rc)" test "$rc" -eq 1
workspace; run "$entry submissions/vss-2024.json submissions/norrkoping-kultur-fritid-2024.json"
check "pre-commit: passing submissions pass (exit $rc)" test "$rc" -eq 0

# ---------------------------------------------------------------- rule tests
# A case name with a control character and a rule message with an invalid
# UTF-8 byte ("\255") and a control character ("\1"): still valid JUnit, with
# U+FFFD where the bad characters were.
rm -rf "$tmp/data"; mkdir -p "$tmp/data"
cp -r "$root/schemas" "$root/rules" "$root/samples" "$tmp/data/"
mkdir -p "$tmp/data/rules/test"
cat > "$tmp/data/rules/test/hostile.lua" <<'LUA'
return {
  id = "test.hostile",
  title = { sv = "Fientlig text", en = "Hostile text" },
  severity = "warning",
  check = function(submission, policy, report)
    report{ at = "", sv = "fel \255 och \1 & <x>", en = "bad \255 and \1 & <x>" }
  end,
}
LUA
cat > "$tmp/data/rules/test/hostile.cases.json" <<'JSON'
{ "rule": "test.hostile", "cases": [
  { "name": "styr\u0001tecken & \"<namn>\"", "submission": "samples/vss-2024.json", "expect": [] },
  { "name": "fires", "submission": "samples/vss-2024.json", "expect": [ {"severity": "warning"} ] }
] }
JSON
"$bin" test --data-dir "$tmp/data" "$tmp/data/rules/test" --format junit --output "$tmp/rule-tests.xml" 2>"$tmp/stderr"
rc=$?
check "test --format junit exits 1 on the failing case (got $rc)" test "$rc" -eq 1
check "test --format junit with hostile text is valid against the JUnit XSD" junit_valid "$tmp/rule-tests.xml"
check "test --format junit leaves no control character or invalid byte" \
  bash -c '! LC_ALL=C grep -q $'"'"'[\x01\xff]'"'"' "$1"' _ "$tmp/rule-tests.xml"
check "test --format junit: the case name, its control character replaced" \
  grep -qF '<testcase name="styr�tecken &amp; &quot;&lt;namn&gt;&quot;" classname="test.hostile"' "$tmp/rule-tests.xml"
check "test --format junit: the message, its bad byte and control character replaced (Swedish, the default)" \
  grep -qF '+ oväntat:    test.hostile warning vid (roten) (rad 1): fel � och � &amp; &lt;x&gt;' "$tmp/rule-tests.xml"
check "test --format junit: only the silent case fails" grep -qx '1 godkänt, 1 underkänt' "$tmp/stderr"
"$bin" test --data-dir "$tmp/data" "$tmp/data/rules/test" --format junit --output "$tmp/rule-tests-en.xml" --lang en 2>"$tmp/stderr"
check "test --format junit --lang en: the message in English" \
  grep -qF '+ unexpected: test.hostile warning at (root) (line 1): bad � and � &amp; &lt;x&gt;' "$tmp/rule-tests-en.xml"
check "test --lang en: the closing line in English" grep -qx '1 passed, 1 failed' "$tmp/stderr"
"$bin" test --data-dir "$tmp/data" "$tmp/data/rules/test" >"$tmp/stdout" 2>&1
check "test (text, Swedish): the failing case and its diff" \
  grep -qF 'UNDERKÄNT '"$tmp/data/rules/test/hostile.cases.json"' [test.hostile] styr' "$tmp/stdout"
check "test (text, Swedish): the closing line" grep -qx '1 godkänt, 1 underkänt' "$tmp/stdout"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
