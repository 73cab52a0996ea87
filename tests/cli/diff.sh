#!/usr/bin/env bash
# `budgetcheck diff OLD NEW` (issue 15, item 5) through the CLI: text (both
# languages) and JSON equal to their golden files for the pair
# samples/vss-2024.json → tests/revisions/vss-2024-new.json, HTML by its
# extension, the exit codes (0, 1, 2), input errors at file:line:column and
# --waivers.
# BUDGETCHECK_UPDATE_GOLDEN=1 rewrites the golden files (review their diff).
. "$(dirname "$0")/lib.bash" "$@"
cd "$root" || exit 2
golden=tests/golden/diff
old=samples/vss-2024.json
new=tests/revisions/vss-2024-new.json

expect_code() {  # NAME WANTED GOT
  if [ "$2" = "$3" ]; then pass; else fail "$1: exit $3, expected $2"; fi
}
compare() {  # NAME GOLDEN_FILE ACTUAL_FILE
  if [ -n "${BUDGETCHECK_UPDATE_GOLDEN:-}" ]; then cp "$3" "$2"; pass; return; fi
  if cmp -s "$2" "$3"; then pass; else fail "$1 differs from $2:"; diff "$2" "$3" | head -20; fi
}

# 1. Golden files: a new error makes the exit code 1.
"$bin" diff "$old" "$new" >"$tmp/sv.txt" 2>"$tmp/err"; expect_code "text sv" 1 $?
compare "text sv" "$golden/vss-2024.sv.txt" "$tmp/sv.txt"
"$bin" diff "$old" "$new" --lang en >"$tmp/en.txt" 2>"$tmp/err"; expect_code "text en" 1 $?
compare "text en" "$golden/vss-2024.en.txt" "$tmp/en.txt"
"$bin" diff "$old" "$new" --format json >"$tmp/diff.json" 2>"$tmp/err"; expect_code "json" 1 $?
compare "json" "$golden/vss-2024.json" "$tmp/diff.json"
[ -s "$tmp/err" ] && fail "stderr not empty: $(cat "$tmp/err")" || pass

# 2. --output: the extension chooses the format; HTML is self-contained.
"$bin" diff "$old" "$new" --output "$tmp/changes.html" >"$tmp/out" 2>&1; expect_code "html output" 1 $?
grep -q '<table class="amounts">' "$tmp/changes.html" && pass || fail "html: no amounts table"
grep -q "Content-Security-Policy" "$tmp/changes.html" && pass || fail "html: no CSP"
grep -q "<script" "$tmp/changes.html" && fail "html: a script" || pass
[ -s "$tmp/out" ] && fail "--output also wrote to stdout" || pass
"$bin" diff "$old" "$new" --format json --output "$tmp/changes.html" 2>"$tmp/err"; expect_code "json to .html" 2 $?
[ -e "$tmp/changes.html" ] && grep -q '<table' "$tmp/changes.html" && pass || fail "the refused output touched the file"

# 3. Exit codes: nothing new is 0; --fail-on never is 0; warnings with --fail-on warning.
"$bin" diff "$old" "$old" >/dev/null 2>&1; expect_code "same file" 0 $?
"$bin" diff "$new" "$old" >/dev/null 2>&1; expect_code "back to old: one new warning" 0 $?
"$bin" diff "$new" "$old" --fail-on warning >/dev/null 2>&1; expect_code "--fail-on warning" 1 $?
"$bin" diff "$old" "$new" --fail-on never >/dev/null 2>&1; expect_code "--fail-on never" 0 $?

# 4. Input errors: exit 2, file:line:column, the line and a caret.
printf '{\n  "budget_year": 2024,,\n}\n' >"$tmp/broken.json"
"$bin" diff "$old" "$tmp/broken.json" >"$tmp/out" 2>"$tmp/err"; expect_code "broken new" 2 $?
grep -q "^$tmp/broken.json:2:23: fel: " "$tmp/err" && pass || fail "broken: no file:line:column: $(head -3 "$tmp/err")"
grep -qxF '   |                       ^' "$tmp/err" && pass || fail "broken: no caret: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "broken: a diff was written" || pass
"$bin" diff "$old" "$tmp/missing.json" >/dev/null 2>"$tmp/err"; expect_code "missing file" 2 $?
"$bin" diff "$old" >/dev/null 2>&1; expect_code "one file" 2 $?

# 5. Two different submissions are not two revisions: every amount would
#    differ. Refused with what differs, no diff written.
"$bin" diff "$old" samples/leanlink-2023.json >"$tmp/out" 2>"$tmp/err"; expect_code "another organisation" 2 $?
grep -q "samples/leanlink-2023.json: fel: samples/vss-2024.json och samples/leanlink-2023.json är inte två versioner av samma inlämning (organisation vss → leanlink, budgetår 2024 → 2023); .*\[diff.not-revisions\]" "$tmp/err" \
  && pass || fail "another organisation: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "another organisation: a diff was written" || pass
sed 's/"budget_year": 2024/"budget_year": 2025/' "$old" >"$tmp/next-year.json"
"$bin" diff "$old" "$tmp/next-year.json" --lang en >/dev/null 2>"$tmp/err"; expect_code "another year" 2 $?
grep -q "(budget year 2024 → 2025)" "$tmp/err" && pass || fail "another year: $(cat "$tmp/err")"

# 6. --waivers, as for validate: the waived new finding is shown with its
#    waiver and no longer makes the exit code 1; a broken waiver file or an
#    impossible --today is exit 2 at file:line:column.
cat >"$tmp/waivers.json" <<'JSON'
{
  "waivers": [
    {"rule": "investment.within-frame", "year": 2025, "reason": "KF beslutar om tilläggsanslag i juni",
     "decided_by": "KS 2024-03-12 § 45", "decision_date": "2024-03-12"}
  ]
}
JSON
"$bin" diff "$old" "$new" --waivers "$tmp/waivers.json" >"$tmp/w.txt" 2>"$tmp/err"; expect_code "waived new finding" 0 $?
grep -q "^  nytt       fel      $new:114:35: .*\[investment.within-frame\] — undantag: KF beslutar om tilläggsanslag i juni (KS 2024-03-12 § 45, 2024-03-12)\$" "$tmp/w.txt" \
  && pass || fail "waived: $(grep nytt "$tmp/w.txt")"
"$bin" diff "$old" "$new" --waivers "$tmp/waivers.json" --format json >"$tmp/w.json" 2>"$tmp/err"; expect_code "waived json" 0 $?
grep -q '"exit_code": 0' "$tmp/w.json" && grep -q '"waiver": {"reason": "KF beslutar om tilläggsanslag i juni", "decided_by": "KS 2024-03-12 § 45", "decision_date": "2024-03-12", "expires": ""}' "$tmp/w.json" \
  && pass || fail "waived json: $(grep -c waiver "$tmp/w.json")"
"$bin" diff "$old" "$new" --waivers "$tmp/waivers.json" --today 2024-02-30 >/dev/null 2>"$tmp/err"; expect_code "bad --today" 2 $?
grep -q "usage.today" "$tmp/err" && pass || fail "bad --today: $(cat "$tmp/err")"
printf '{"waivers": [{"rule": "x"}]}\n' >"$tmp/broken-waivers.json"
"$bin" diff "$old" "$new" --waivers "$tmp/broken-waivers.json" >"$tmp/out" 2>"$tmp/err"; expect_code "broken waivers" 2 $?
grep -q "^$tmp/broken-waivers.json:1:14: fel: .*\[waiver.required\]" "$tmp/err" && pass || fail "broken waivers: $(head -2 "$tmp/err")"
[ -s "$tmp/out" ] && fail "broken waivers: a diff was written" || pass

finish "diff"
