#!/usr/bin/env bash
# Batch runs: a directory of 1 000 generated submissions gives byte-identical
# reports for --jobs 1 and --jobs 2 (text and json); directories and globs
# expand in order; several formats in one run; exit codes.
. "$(dirname "$0")/lib.bash" "$@"
gen=$(dirname "$bin")/bench/budgetcheck_gen

if [ ! -x "$gen" ]; then
  echo "FAIL the generator $gen is not built"; echo "0 passed, 1 failed"; exit 1
fi
"$gen" typical 900 "$tmp/many" --seed 1 && "$gen" small 100 "$tmp/many/small" --seed 5000 \
  || { echo "FAIL generating"; echo "0 passed, 1 failed"; exit 1; }
check "1000 files generated" test "$(find "$tmp/many" -name '*.json' | wc -l)" = 1000

# --- byte-identical reports for any --jobs ----------------------------------
for format in text json; do
  "$bin" validate "$tmp/many" --format "$format" --jobs 1 --timings >"$tmp/j1.$format" 2>"$tmp/j1.$format.err"; rc1=$?
  "$bin" validate "$tmp/many" --format "$format" --jobs 2 >"$tmp/j2.$format" 2>/dev/null; rc2=$?
  check "$format: same exit code for --jobs 1 and 2 ($rc1, $rc2)" test "$rc1" = "$rc2"
  check "$format: exit code 1 (some generated files fail)" test "$rc1" = 1
  check "$format: byte-identical for --jobs 1 and 2" cmp -s "$tmp/j1.$format" "$tmp/j2.$format"
done
# Every file is in the report once, in bytewise path order (small/ before typical-*).
grep -E '^[^ ].*: (GODKÄND|UNDERKÄND) ' "$tmp/j1.text" | sed 's/: .*//' >"$tmp/order"
find "$tmp/many" -name '*.json' | LC_ALL=C sort >"$tmp/want-order"
check "text: one verdict per file, in sorted path order" cmp -s "$tmp/order" "$tmp/want-order"
check "text: the run summary counts 1000 files" grep -Eq '^1000 filer: [0-9]+ godkända?, [0-9]+ underkända?$' "$tmp/j1.text"
check "text: the totals line" grep -Eq '^totalt: [0-9]+ fel, [0-9]+ varningar?, [0-9]+ noteringar?$' "$tmp/j1.text"
check "text: snippets are kept for every file" \
  test "$(grep -c '^ *[0-9]* | ' "$tmp/j1.text")" -gt 1000
check "text: --timings go to stderr, not stdout" \
  bash -c "grep -q '^checked 1000 files in .* with 1 job' '$tmp/j1.text.err' && ! grep -q '^checked ' '$tmp/j1.text'"
check "text: no progress line on a non-terminal" bash -c "! grep -q 'checking [0-9]*/' '$tmp/j1.text.err'"
check "json: 1000 file entries" test "$(grep -c '^      "file": ' "$tmp/j1.json")" = 1000
check "json: stdout is one JSON report only" bash -c "head -c1 '$tmp/j1.json' | grep -q '{' && tail -n1 '$tmp/j1.json' | grep -qx '}'"

# --- every format, streamed: one run writing all seven to files (--jobs 3)
# gives the bytes of each format alone on stdout (--jobs 1) --------------------
mkdir -p "$tmp/sixty"
"$gen" typical 50 "$tmp/sixty" --seed 11 && "$gen" small 9 "$tmp/sixty/small" --seed 900
printf '{"format_version": "1.0",\n  "unit": ' >"$tmp/sixty/typical-00003.json"
all=()
for format in text json html sarif junit github gitlab; do all+=(--format "$format" --output "$tmp/all.$format.out"); done
SOURCE_DATE_EPOCH=1700000000 "$bin" validate "$tmp/sixty" --jobs 3 "${all[@]}" >/dev/null 2>&1; rc_all=$?
check "all formats at once: exit code 2 (the broken file)" test "$rc_all" = 2
for format in text json html sarif junit github gitlab; do
  SOURCE_DATE_EPOCH=1700000000 "$bin" validate "$tmp/sixty" --jobs 1 --format "$format" >"$tmp/alone.$format" 2>/dev/null
  check "$format: streamed to a file with --jobs 3 = alone on stdout with --jobs 1" cmp -s "$tmp/alone.$format" "$tmp/all.$format.out"
done
check "all formats at once: no temporary files left" test -z "$(ls -A "$tmp" | grep '\.tmp')"

# --- one broken file among good ones ------------------------------------------
mkdir -p "$tmp/mixed"
"$gen" typical 3 "$tmp/mixed" --seed 7
printf '{"format_version": "1.0",\n  "unit": ' >"$tmp/mixed/typical-00001.json"
out=$("$bin" validate "$tmp/mixed" --lang en --jobs 2 2>/dev/null); rc=$?
check "broken file: exit code 2" test "$rc" = 2
check "broken file: reported at its line" grep -q 'typical-00001.json:2:.*\[json.truncated\]' <<<"$out"
check "broken file: the others still checked" test "$(grep -Ec 'typical-0000[02].json: (PASSED|FAILED)' <<<"$out")" = 2
check "broken file: counted as not checked" grep -q '; 1 file not checked (input error)$' <<<"$out"

# --- directories, globs, order ------------------------------------------------
s=samples
out=$("$bin" validate "$s/vss-2024.json" "$s" "$s/[ln]*.json" --format json --jobs 2 2>/dev/null); rc=$?
files=$(grep '^      "file": ' <<<"$out" | sed 's/.*"file": "\(.*\)",/\1/' | tr '\n' ' ')
want="$s/vss-2024.json $s/leanlink-2023.json $s/norrkoping-kultur-fritid-2024.json $s/socialnamnden-2019.json $s/vss-2024.json $s/leanlink-2023.json $s/norrkoping-kultur-fritid-2024.json "
check "order: as given, sorted within a directory and a glob (got: $files)" test "$files" = "$want"
check "order: exit code 1 (two samples fail)" test "$rc" = 1
out=$("$bin" validate "$s/nothing-*.json" 2>&1); rc=$?
check "glob without matches: exit code 2" test "$rc" = 2
check "glob without matches: named" grep -q "nothing-\*.json: .*\[io.no-match\]" <<<"$out"
mkdir -p "$tmp/nojson"; echo x >"$tmp/nojson/readme.txt"
out=$("$bin" validate "$tmp/nojson" 2>&1); rc=$?
check "directory without *.json: exit code 2 and io.directory" bash -c "[ $rc = 2 ] && grep -q 'en mapp utan \*.json- eller \*.xlsx-filer.*\[io.directory\]' <<<'$out'"
out=$("$bin" validate "$s/norrkoping-kultur-fritid-2024.json" "$s/vss-2024.json" 2>/dev/null); rc=$?
check "passing files: exit code 0" test "$rc" = 0

# --- several formats in one run -------------------------------------------------
"$bin" validate "$tmp/mixed" --format json --output "$tmp/r.json" --format text --output "$tmp/r.txt" \
  >"$tmp/stdout" 2>/dev/null; rc=$?
check "multi-format: exit code 2 (the broken file)" test "$rc" = 2
check "multi-format: json file written" grep -q '"format": "budgetcheck-report"' "$tmp/r.json"
check "multi-format: text file written" grep -q 'typical-00002.json: ' "$tmp/r.txt"
check "multi-format: nothing on stdout" test ! -s "$tmp/stdout"
check "multi-format: no temporary files left" test -z "$(ls -A "$tmp" | grep '\.tmp')"
"$bin" validate "$s/vss-2024.json" --format json -o "$tmp/one.json" --format text >"$tmp/stdout" 2>/dev/null; rc=$?
check "multi-format: the format without --output goes to stdout" \
  bash -c "[ $rc = 0 ] && grep -q 'GODKÄND' '$tmp/stdout' && grep -q '\"passed\": true' '$tmp/one.json'"
"$bin" validate "$s/vss-2024.json" --format json --jobs 1 >"$tmp/a.json" 2>/dev/null
check "multi-format: the same report as a single-format run" cmp -s "$tmp/a.json" "$tmp/one.json"
"$bin" validate "$s/vss-2024.json" -o "$tmp/first.txt" >"$tmp/stdout" 2>&1; rc=$?
check "--output alone: text to the file" bash -c "[ $rc = 0 ] && grep -q GODKÄND '$tmp/first.txt' && [ ! -s '$tmp/stdout' ]"
out=$("$bin" validate "$s/vss-2024.json" --format json --format text 2>&1); rc=$?
check "two formats on stdout: usage error" bash -c "[ $rc = 2 ] && grep -q 'mer än ett --format' <<<'$out'"
out=$("$bin" validate "$s/vss-2024.json" -f json -o "$tmp/x" -f text -o "$tmp/x" 2>&1); rc=$?
check "the same --output twice: usage error" bash -c "[ $rc = 2 ] && grep -q 'anges två gånger' <<<'$out'"
out=$("$bin" validate "$s/vss-2024.json" --jobs 0 2>&1); rc=$?
check "--jobs 0: usage error" test "$rc" = 2
out=$("$bin" validate "$s/vss-2024.json" -f json -o "$tmp/no/such/dir/r.json" 2>&1); rc=$?
check "unwritable --output: exit code 2" bash -c "[ $rc = 2 ] && grep -q 'rapporten kan inte skrivas' <<<'$out'"

finish
