#!/usr/bin/env bash
# --output files and what a pipeline reads (issue 14, items 5, 7, 8, 11):
# the format from the extension, mismatches and one file in two spellings
# refused, devices never replaced, no temporary files left, skipped directory
# entries listed, no workflow command or terminal control planted by a file
# name, CR-only files with the right line numbers. Each run under `timeout`.
. "$(dirname "$0")/lib.bash" "$@"
s=$root/samples/vss-2024.json
run() { out=$(cd "$tmp" && timeout 60 "$bin" "$@" 2>&1); rc=$?; }

# --- the format from the extension -------------------------------------------
for pair in "r.html:<!DOCTYPE html>" "r.json:\"format\": \"budgetcheck-report\"" "r.sarif:\"version\": \"2.1.0\"" \
            "r.xml:<testsuites" "r.txt:GODKÄND" "r.log:GODKÄND" "report:GODKÄND"; do
  file=${pair%%:*}; want=${pair#*:}
  run validate "$s" -o "$file"
  check "-o $file without --format: exit 0 and its format" bash -c "[ $rc = 0 ] && grep -qF -- '$want' '$tmp/$file'"
done
run validate "$s" -o a.json -o b.html
check "two --output without --format: each its extension's format" \
  bash -c "[ $rc = 0 ] && grep -q budgetcheck-report '$tmp/a.json' && grep -q '<!DOCTYPE html>' '$tmp/b.html'"
run validate "$s" -f sarif -o code.json -f gitlab -o gl-code-quality.json -f github -o notes.txt
check "sarif/gitlab into .json and github into .txt are fine" test "$rc" = 0
for bad in "text r.html" "json r.xml" "html r.json" "junit r.sarif" "json r.txt"; do
  set -- $bad
  run validate "$s" -f "$1" -o "x-$2"
  check "--format $1 -o x-$2: usage error" bash -c "[ $rc = 2 ] && grep -q 'filändelsen för --format' <<<'$out' && [ ! -e '$tmp/x-$2' ]"
done

# --- one file, two spellings; the input itself ---------------------------------
run validate "$s" -f json -o same.json -f sarif -o ./same.json
check "r.json and ./r.json: usage error" bash -c "[ $rc = 2 ] && grep -q 'anges två gånger' <<<'$out'"
mkdir -p "$tmp/sub"; ln -s ../same.json "$tmp/sub/link.json"
run validate "$s" -f json -o same.json -f sarif -o sub/link.json
check "a link to the same file: usage error" bash -c "[ $rc = 2 ] && grep -q 'anges två gånger' <<<'$out'"
run validate "$s" -f json -o sub/../same.json -f sarif -o same.json
check "sub/../r.json and r.json: usage error" test "$rc" = 2
cp "$s" "$tmp/in.json"
run --lang en validate in.json -f json -o ./in.json
check "--output over an input file: usage error, input intact" \
  bash -c "[ $rc = 2 ] && grep -q 'is the input file' <<<'$out' && cmp -s '$s' '$tmp/in.json'"

# --- devices and temporary files ----------------------------------------------
# Never the real /dev/null or /dev/full: as root, a regression would replace
# them for the whole machine. Device nodes of our own where we may make them.
if mknod -m 666 "$tmp/null" c 1 3 2>/dev/null && echo x >"$tmp/null" 2>/dev/null; then
  mknod -m 666 "$tmp/full" c 1 7
  run validate "$s" -f json -o null
  check "-o a null device: exit 0, still a device" bash -c "[ $rc = 0 ] && [ -c '$tmp/null' ]"
  run --lang en validate "$s" -f json -o full
  check "-o a full device: exit 2, still a device" bash -c "[ $rc = 2 ] && grep -q 'No space left' <<<'$out' && [ -c '$tmp/full' ]"
  rm -f "$tmp/null" "$tmp/full"
else
  echo "skipped: device nodes (mknod not permitted here)"
fi
run validate "$s" -f json -o /proc/self/fd/1
stdout_ok() { [ "$rc" = 0 ] && grep -q budgetcheck-report <<<"$out"; }
check "-o /proc/self/fd/1 (standard output, a pipe): the report on stdout" stdout_ok
mkfifo "$tmp/pipe.json"
(timeout 20 cat "$tmp/pipe.json" >"$tmp/from-pipe" 2>/dev/null &)
sleep 0.2
run validate "$s" -f json -o pipe.json
check "-o FIFO: written through, still a FIFO" bash -c "[ $rc = 0 ] && [ -p '$tmp/pipe.json' ] && sleep 0.2 && grep -q budgetcheck-report '$tmp/from-pipe'"
check "no temporary files left" test -z "$(ls -A "$tmp" "$tmp/sub" | grep '\.tmp')"

# --- directories say what they skipped -----------------------------------------
mkdir -p "$tmp/d/folder.json"
cp "$s" "$tmp/d/ok.json"
ln -s nowhere.json "$tmp/d/dangling.json"
ln -s loop.json "$tmp/d/loop.json"
mkfifo "$tmp/d/fifo.json"
run validate d
check "a directory with skipped entries: exit 2" test "$rc" = 2
check "…each listed with its reason" bash -c "grep -q 'dangling.json: .*symbolisk länk' <<<'$out' && grep -q 'folder.json: .*\[io.directory\]' <<<'$out' \
  && grep -q 'loop.json: .*\[io.unreadable\]' <<<'$out' && grep -q 'fifo.json: .*\[io.not-regular\]' <<<'$out' && grep -q 'ok.json: GODKÄND' <<<'$out'"

# --- no commands or terminal tricks from a file name --------------------------
evil=$'evil\n::error file=x,line=1::planted\e]0;owned\a\e[2K.json'
cp "$s" "$tmp/$evil"
out=$(cd "$tmp" && timeout 60 "$bin" validate --format github "$evil" 2>/dev/null)
# Every line is the report's own: a workflow command it writes, or the
# summary line, which starts with the escaped file name.
own_lines() { ! grep -v -e '^::\(error\|warning\|notice\) file=evil%0A%3A%3Aerror file=x%2Cline=1%3A%3Aplanted' -e '^evil%0A%3A%3Aerror' <<<"$out" | grep -q .; }
check "github: only the report's own commands and summary" own_lines
no_escape() { ! grep -q $'[\e\a\r]' <<<"$out"; }
check "github: no escape characters" no_escape
out=$(cd "$tmp" && timeout 60 "$bin" validate "$evil" 2>&1)
text_safe() { no_escape && grep -q 'evil␊::error' <<<"$out"; }
check "text: no ESC, BEL or CR from a file name" text_safe

# --- CR-only line endings --------------------------------------------------------
printf '{\r  "budget_year": 2024,\r  "board": ,\r}\r' >"$tmp/mac.json"
run validate mac.json
check "CR-only file: the error at line 3, column 12" bash -c "[ $rc = 2 ] && grep -q '^mac.json:3:12: ' <<<'$out'"

finish
