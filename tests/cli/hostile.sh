#!/usr/bin/env bash
# Process-level hostile inputs (issue 6): every limit flag of docs/limits.md
# hit from the command line with its code and exit status; special files that
# must not block; a minified submission with 200 000 findings on one line.
# Each case runs under `timeout`: a hang is a failure, not a stuck CI.
. "$(dirname "$0")/lib.bash" "$@"
sample=$root/samples/leanlink-2023.json

# expect NAME EXIT-CODE REGEX -- ARGS...   (budgetcheck ARGS, stdout+stderr)
expect() { local name=$1 want=$2 pattern=$3; shift 4; expect_match "$name" "$want" "$pattern" -- "$bin" "$@"; }

# --- Loader limits, each from its flag ---------------------------------------
expect max-file-size 2 "leanlink-2023.json: .*more than the limit of 1000 bytes \(--max-file-size\).*\[limit.file-size\]" \
  -- validate --lang en --max-file-size 1000 "$sample"
expect max-depth 2 "leanlink-2023.json:5:19: .*nested more than 1 deep.*\[limit.depth\]" -- validate --lang en --max-depth 1 "$sample"
expect max-values 2 "leanlink-2023.json:6:11: .*more than 5 values.*\[limit.values\]" -- validate --lang en --max-values 5 "$sample"
expect max-string-length 2 "leanlink-2023.json:2:3: .*longer than the limit of 5 bytes.*\[limit.string-length\]" \
  -- validate --lang en --max-string-length 5 "$sample"
expect max-number-length 2 "leanlink-2023.json:18:18: .*a number of 4 characters is longer than the limit of 3.*\[limit.number-length\]" \
  -- validate --lang en --max-number-length 3 "$sample"

# --- Rule limits: a rule that hits one fails alone, as engine.rule-error, and
# the run exits 2 (a broken rule is a configuration error, not the board's) --
expect rule-instructions 2 "instruction budget \(1.000\).*\[engine.rule-error\]" \
  -- validate --lang en --rule-instructions 1000 --rule-instructions-per-value 0 "$sample"
# A cap below what the sandbox itself needs is a configuration error, said once.
expect rule-memory 2 "budgetcheck: error: could not set up the Lua sandbox: not enough memory \[rule.engine\]" -- validate --lang en --rule-memory 1000 "$sample"
expect rule-memory-sv 2 "budgetcheck: fel: Lua-sandlådan för reglerna kunde inte sättas upp: not enough memory \[rule.engine\]" -- validate --rule-memory 1000 "$sample"
# A rule file whose top level makes a longer string than --rule-string-size fails to load.
expect rule-string-size 2 "rules/goals/area-covered.lua:19:7: error: the file failed while loading: a string of 158 bytes would be longer than the limit for one string \(100 bytes\) \[rule.load-error\]" \
  -- validate --lang en --rule-string-size 100 "$sample"
expect max-findings-per-rule 1 "the first is shown .*\[engine.findings-capped\]" \
  -- validate --lang en --max-findings-per-rule 1 "$sample"
expect rule-allocation 2 "budgetcheck: error: could not set up the Lua sandbox: not enough memory \[rule.engine\]" -- validate --lang en --rule-allocation 1000 "$sample"
expect pattern-subject-size 2 "patterns may only search strings up to 1 byte .*\[engine.rule-error\]" \
  -- validate --lang en --pattern-subject-size 1 "$sample"
expect pattern-steps 2 "pattern budget.*\[engine.rule-error\]" -- validate --lang en --pattern-steps 1 "$sample"
expect bad-limit 2 "" -- validate --max-depth -1 "$sample"
expect bad-limit-text 2 "" -- validate --max-file-size lots "$sample"

# --- Special files never block -----------------------------------------------
mkfifo "$tmp/fifo.json"
expect fifo 2 "fifo.json: indatafel: det här är inte en vanlig fil \[io.not-regular\]" -- validate "$tmp/fifo.json"
expect dev-zero 2 "/dev/zero: .*not a regular file.*\[io.not-regular\]" -- validate --lang en /dev/zero
ln -s "$tmp/loop.json" "$tmp/loop.json"
expect symlink-loop 2 "loop.json: .*\[io.unreadable\]" -- validate "$tmp/loop.json"
expect output-unwritable 2 "rapporten kan inte skrivas" -- validate "$sample" --output /proc/version/nope.json

# --- A minified submission: 200 000 findings on one 2 MB line ----------------
# (regression: every column was counted from the line's start.)
{ printf '{'; for i in $(seq 1 2000); do printf '"x%d":[%s0],' "$i" "$(printf '0,%.0s' $(seq 1 99))"; done; printf '"y":0}'; } > "$tmp/minified.json"
# The timeout bounds it (a quadratic column count ran for minutes); speed is bench/'s.
expect_timeout=120 expect_match minified 1 '"schema.additionalProperties"' -- "$bin" validate --format json "$tmp/minified.json"

finish "hostile"
