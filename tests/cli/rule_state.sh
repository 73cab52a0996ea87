#!/usr/bin/env bash
# Issue 12 item 3: every file runs every rule from the same state. A rule set
# with a rule that keeps state in every place a rule can (a global, a
# file-level local, a table in an upvalue, a library's file-level local)
# gives byte-identical reports for --jobs 1, 2 and 4, and each file sees the
# state a fresh run gives (counters at 1, nothing of another file).
. "$(dirname "$0")/lib.bash" "$@"

mkdir -p "$tmp/data"
cp -r "$root/schemas" "$root/rules" "$tmp/data/"
# A library with state in a file-level local (as rules/lib/budget.lua has caches).
cat > "$tmp/data/rules/lib/tally.lua" <<'EOF'
local count = 0
local seen = {}
local tally = {}
function tally.bump(name)
  count = count + 1
  seen[#seen + 1] = name
  return count, table.concat(seen, ",")
end
return tally
EOF
mkdir -p "$tmp/data/rules/aaa"
cat > "$tmp/data/rules/aaa/stateful.lua" <<'EOF'
local runs = 0
local names = {}
return {
  id = "aaa.stateful",
  title = { sv = "Tillstånd", en = "State" },
  severity = "notice",
  check = function(submission, policy, report)
    runs = runs + 1
    counter = (counter or 0) + 1
    local name = submission.organisation.name
    names[#names + 1] = name
    previous = previous or name
    local lib_count, lib_seen = tally.bump(name)
    local text = string.format("runs=%d counter=%d lib=%d names=%s first=%s lib_seen=%s",
                               runs, counter, lib_count, table.concat(names, ","), previous, lib_seen)
    report{ at = "", sv = text, en = text }
  end,
}
EOF

# Twelve files: the samples three times over, so each worker sees several.
mkdir -p "$tmp/in"
for round in 1 2 3; do
  for f in "$root"/samples/*.json; do cp "$f" "$tmp/in/r$round-$(basename "$f")"; done
done

for jobs in 1 2 4; do
  "$bin" validate --data-dir "$tmp/data" --jobs "$jobs" --no-progress --fail-on never \
    --format json --output "$tmp/j$jobs.json" --format text --output "$tmp/j$jobs.txt" "$tmp/in" >/dev/null 2>"$tmp/err$jobs"
  code=$?
  if [ $code = 0 ]; then passes=$((passes+1)); else
    echo "FAIL --jobs $jobs: exit $code"; cat "$tmp/err$jobs"; fails=$((fails+1)); fi
done
for jobs in 2 4; do
  for ext in json txt; do
    if cmp -s "$tmp/j1.$ext" "$tmp/j$jobs.$ext"; then passes=$((passes+1)); else
      echo "FAIL --jobs $jobs $ext report differs from --jobs 1:"; diff "$tmp/j1.$ext" "$tmp/j$jobs.$ext" | head -20
      fails=$((fails+1)); fi
  done
done

# Every file sees a fresh state: counters at 1, its own name only.
if python3 - "$tmp/j1.json" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
bad = []
for f in report["files"]:
    mine = [x["message_en"] for x in f["findings"] if x["rule"] == "aaa.stateful"]
    if len(mine) != 1 or not re.fullmatch(r"runs=1 counter=1 lib=1 names=([^,]*) first=\1 lib_seen=\1", mine[0]):
        bad.append((f["file"], mine))
for b in bad: print("not fresh:", b)
sys.exit(1 if bad or len(report["files"]) != 12 else 0)
PY
then passes=$((passes+1)); else echo "FAIL fresh state per file"; fails=$((fails+1)); fi

finish "rule state"
