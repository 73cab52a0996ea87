#!/usr/bin/env bash
# A run that exits 2 still writes every requested report naming the error
# (issue 14, item 1): a broken policy pack, a rule file that does not load, a
# broken waiver file, an impossible --today, a submission that is not JSON and
# a rule that fails at run time. Each report is checked for the error; JUnit
# against the Ant XSD, SARIF and Code Quality as JSON of the right shape.
. "$(dirname "$0")/lib.bash" "$@"
s=$root/samples/vss-2024.json

# A copy of the data dir to break.
fresh_data() { copy_data "$tmp/data"; }

# reports NAME CODE FILE ARGS...: runs validate with every format written to a
# file and checks each names CODE (at FILE, when given; a usage error names no
# file: SARIF has a notification, no located result). STDERR=1: the run
# stopped before checking files, so stderr says why too.
reports() {
  local name=$1 code=$2 file=$3; shift 3
  rm -rf "$tmp/out"; mkdir -p "$tmp/out"
  (cd "$tmp/out" && timeout 60 "$bin" "$@" -f sarif -o r.sarif -f junit -o r.xml -f gitlab -o cq.json \
     -f github -o gh.txt -f json -o r.json -f html -o r.html -f text -o r.txt >"$tmp/stdout" 2>"$tmp/stderr")
  local rc=$?
  check "$name: exit 2 (got $rc)" test "$rc" -eq 2
  [ "${STDERR:-0}" = 1 ] && check "$name: stderr names $code" grep -q "\[$code\]" "$tmp/stderr"
  for f in r.sarif r.xml cq.json gh.txt r.json r.html r.txt; do
    check "$name: $f written and names $code" grep -q "$code" "$tmp/out/$f"
  done
  check "$name: SARIF says the run failed, with a notification" json_check "$tmp/out/r.sarif" \
    'not d["runs"][0]["invocations"][0]["executionSuccessful"] and d["runs"][0]["invocations"][0]["exitCode"] == 2
     and any(n["descriptor"]["id"] == "'"$code"'" for n in d["runs"][0]["invocations"][0]["toolExecutionNotifications"])
     and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in d["runs"][0]["results"])'
  if [ -n "$file" ]; then
    check "$name: SARIF notification and result located" json_check "$tmp/out/r.sarif" \
      'any(n["descriptor"]["id"] == "'"$code"'" and n["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
           for n in d["runs"][0]["invocations"][0]["toolExecutionNotifications"])
       and any(r["properties"].get("code") == "'"$code"'" for r in d["runs"][0]["results"])'
    check "$name: the SARIF result is at $file" json_check "$tmp/out/r.sarif" \
      'any(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("'"$file"'") for r in d["runs"][0]["results"])'
    check "$name: GitHub annotates $file" grep -q "^::error file=[^,]*$file" "$tmp/out/gh.txt"
  fi
  check "$name: JUnit is valid against the XSD" junit_valid "$tmp/out/r.xml"
  check "$name: JUnit has an <error> for $code" grep -q "<error message=\"[^\"]*\" type=\"$code\">" "$tmp/out/r.xml"
  check "$name: Code Quality has a blocker for $code" json_check "$tmp/out/cq.json" \
    'any(i["check_name"] == "'"$code"'" and i["severity"] == "blocker" and i["location"]["lines"]["begin"] >= 1 for i in d)'
  check "$name: JSON has exit_code 2" json_check "$tmp/out/r.json" 'd["exit_code"] == 2'
}

# A policy pack without its required municipality.
fresh_data
python3 - "$tmp/data/rules/policies/linkoping-2024/policy.json" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p, encoding="utf-8")); d.pop("rounding_tolerance")
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
STDERR=1 reports "broken policy pack" policy.required policy.json --data-dir "$tmp/data" validate "$s"
check "broken policy pack: JSON lists it as a run error" json_check "$tmp/out/r.json" \
  'd["run_errors"][0]["code"] == "policy.required" and d["files"] == [] and d["summary"]["verdict"] == "not-checked"'

# A rule file that does not load.
fresh_data
printf 'return {\n  id = "operating.within-frame",\n  check = function(\n' > "$tmp/data/rules/operating/within-frame.lua"
STDERR=1 reports "broken rule file" rule.syntax within-frame.lua --data-dir "$tmp/data" validate "$s"

# A broken waiver file.
printf '{"waivers": [\n  {"rule": "x.y", "reason": "r", "decided_by": "KF", "decision_date": "2019-02-30"}]}\n' > "$tmp/waivers.json"
STDERR=1 reports "broken waiver file" waiver.format waivers.json validate --waivers "$tmp/waivers.json" "$s"

# An impossible --today: a usage error found after the options were parsed.
STDERR=1 reports "impossible --today" usage.today "" validate --today 2024-02-30 "$s"

# A submission that is not JSON.
printf '{"a": 1,\n "a": 2}' > "$tmp/broken.json"
reports "broken submission" json.duplicate-key broken.json validate "$tmp/broken.json"

# Text on standard output of a stopped run: stderr says why, once.
out=$(cd "$tmp" && "$bin" validate --today 2024-02-30 "$s" 2>/dev/null); rc=$?
check "a stopped run prints no text report on stdout (stderr has it): exit $rc" bash -c "[ $rc = 2 ] && [ -z '$out' ]"
# SARIF on standard output of a stopped run is still written.
out=$(cd "$tmp" && "$bin" validate --today 2024-02-30 -f sarif "$s" 2>/dev/null); rc=$?
check "a stopped run writes SARIF to stdout" bash -c "[ $rc = 2 ] && grep -q usage.today <<<'$out'"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
