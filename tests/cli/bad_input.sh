#!/usr/bin/env bash
# Every bad input of the foundation issue: exit code 2, a message naming the
# file and line:column, no crash, no hang.
. "$(dirname "$0")/lib.bash" "$@"

# expect NAME EXIT-CODE REGEX -- ARGS...
expect() { local name=$1 want=$2 pattern=$3; shift 4; expect_timeout=20 expect_match "$name" "$want" "$pattern" -- "$bin" validate "$@"; }

printf 'not json at all' > "$tmp/notjson.json"
expect not-json 2 "notjson.json:1:1: .*\[json.syntax\]" -- "$tmp/notjson.json"

printf '{"format_version": "1.0",\n "municipality": "linkoping", "unit": [1, 2' > "$tmp/truncated.json"
expect truncated 2 "truncated.json:2:.*\[json.truncated\]" -- "$tmp/truncated.json"

printf '{"unit": "tkr",\n  "unit": "mnkr"}' > "$tmp/dup.json"
# Messages in Swedish by default, in English with --lang en.
expect duplicate-key 2 'dup.json:2:3: indatafel: dubblerad nyckel "unit" \(först definierad på rad 1, kolumn 2\); ta bort den ena \[json.duplicate-key\]$' -- "$tmp/dup.json"
expect duplicate-key-en 2 'dup.json:2:3: input error: duplicate member "unit" \(first defined at line 1, column 2\); a JSON object may name each member once \[json.duplicate-key\]$' -- --lang en "$tmp/dup.json"

printf '{"name": "Social\xe4mnden"}' > "$tmp/latin1.json"
expect invalid-utf8 2 "latin1.json:1:17: .*\[json.invalid-utf8\]" -- "$tmp/latin1.json"

# Files as people save them (issue 15, item 8). A UTF-8 byte order mark is
# skipped, and columns on line 1 are those after it; UTF-16 is named.
{ printf '\xef\xbb\xbf'; cat "$root/samples/vss-2024.json"; } > "$tmp/bom.json"
expect bom 0 "bom.json: GODKÄND" -- "$tmp/bom.json"
printf '\xef\xbb\xbf{"unit" "tkr"}' > "$tmp/bom-broken.json"
expect bom-column 2 "/bom-broken.json:1:9: indatafel: här ska det stå ':' efter nyckeln men det står '\"' \[json.syntax\]$" -- "$tmp/bom-broken.json"
python3 -c 'import sys; open(sys.argv[1], "wb").write(open(sys.argv[2], encoding="utf-8").read().encode("utf-16"))' \
  "$tmp/utf16.json" "$root/samples/vss-2024.json"
expect utf-16 2 "/utf16.json:1:1: indatafel: filen är kodad som UTF-16 LE; spara den som UTF-8 \[json.encoding\]$" -- "$tmp/utf16.json"
python3 -c 'import sys; open(sys.argv[1], "wb").write(open(sys.argv[2], encoding="utf-8").read().encode("utf-16-be"))' \
  "$tmp/utf16be.json" "$root/samples/vss-2024.json"
expect utf-16-be-en 2 "/utf16be.json:1:1: input error: the file is encoded as UTF-16 BE; save it as UTF-8 \[json.encoding\]$" -- --lang en "$tmp/utf16be.json"
printf '{"unit":\xc2\xa0"tkr"}' > "$tmp/nbsp.json"
expect no-break-space 2 "/nbsp.json:1:9: indatafel: här ska det stå ett värde \(objekt, lista, text, tal, true, false eller null\) men det står U\+00A0 NO-BREAK SPACE; ett tecken som ser ut som ett mellanslag men inte är det: skriv ett vanligt mellanslag eller ta bort det \[json.syntax\]$" -- "$tmp/nbsp.json"
printf '{"cost": {"2024": \xe2\x88\x9212}}' > "$tmp/minus.json"
expect minus-sign-en 2 "/minus.json:1:19: input error: expected a value \(object, array, string, number, true, false or null\) but found '−' \(U\+2212 MINUS SIGN\); it looks like '-' but is another character: type '-' \[json.syntax\]$" -- --lang en "$tmp/minus.json"
printf '{"cost": {\n  "2024": 12,5}}' > "$tmp/comma.json"
expect decimal-comma 2 "/comma.json:2:13: indatafel: ett kommatecken i talet 12,5: JSON-tal skrivs med decimalpunkt \(12.5\) och utan tusentalsavgränsare, och ett belopp ska bli hela kronor \[json.syntax\]$" -- "$tmp/comma.json"

head -c 100000 /dev/zero | tr '\0' '[' > "$tmp/deep.json"
expect deep-nesting 2 "deep.json:1:513: .*ligger i mer än 512 nivåer inuti varandra.*\[limit.depth\]" -- "$tmp/deep.json"

truncate -s 500M "$tmp/huge.json"
expect huge-file 2 "huge.json: indatafel: filen är 524288000 byte, mer än gränsen på 67108864 byte \(--max-file-size\) \[limit.file-size\]" -- "$tmp/huge.json"
expect huge-file-en 2 "huge.json: input error: the file is 524288000 bytes, more than the limit of 67108864 bytes \(--max-file-size\) \[limit.file-size\]" -- --lang en "$tmp/huge.json"

: > "$tmp/empty.json"
expect empty 2 "empty.json:1:1: .*filen är tom.*\[json.empty\]" -- "$tmp/empty.json"

mkdir "$tmp/nojson"
expect directory 2 "en mapp utan \*\.json- eller \*\.xlsx-filer.*\[io.directory\]" -- "$tmp/nojson"
expect missing 2 "nothere.json: indatafel: filen finns inte \[io.not-found\]" -- "$tmp/nothere.json"
expect missing-en 2 "nothere.json: .*No such file.*\[io.not-found\]" -- --lang en "$tmp/nothere.json"
printf '{}' > "$tmp/secret.json"; chmod 000 "$tmp/secret.json"
if [ "$(id -u)" != 0 ]; then
  expect unreadable 2 "secret.json: .*filen kan inte öppnas: behörighet saknas.*\[io.unreadable\]" -- "$tmp/secret.json"
  expect unreadable-en 2 "secret.json: .*Permission denied.*\[io.unreadable\]" -- --lang en "$tmp/secret.json"
fi

# Money that cannot be exact: well-formed JSON, so a finding, exit 1.
sed 's/"budget_year": \([0-9]*\)/"budget_year": \1/' "$root/samples/vss-2024.json" > "$tmp/ok.json"
python3 - "$root/samples/vss-2024.json" "$tmp" <<'PY'
import json, sys, re
src = open(sys.argv[1], encoding="utf-8").read()
# Replace the first amount of the first business area's costs by hostile numbers, textually.
for name, num in [("e400", "1e400"), ("digits30", "123456789012345678901234567890"), ("fraction", "29.4000001")]:
    m = re.search(r'("cost"\s*:\s*\{\s*"\d{4}"\s*:\s*)([0-9.]+)', src)
    open(f"{sys.argv[2]}/money-{name}.json", "w", encoding="utf-8").write(src[:m.start(2)] + num + src[m.end(2):])
PY
expect money-1e400 1 "money-e400.json:[0-9]+:[0-9]+: fel: .*\[money.exact\]" -- "$tmp/money-e400.json"
expect money-30-digits 1 "money-digits30.json:[0-9]+:[0-9]+: fel: .*\[money.exact\]" -- "$tmp/money-digits30.json"
expect money-fraction 1 "money-fraction.json:[0-9]+:[0-9]+: fel: .*\[money.exact\]" -- "$tmp/money-fraction.json"

# Usage errors.
out=$("$bin" validate 2>&1); rc=$?
[ $rc = 2 ] && passes=$((passes+1)) || { echo "FAIL no-files: exit $rc"; fails=$((fails+1)); }
out=$("$bin" validate --format nope "$root/samples/vss-2024.json" 2>&1); rc=$?
[ $rc = 2 ] && passes=$((passes+1)) || { echo "FAIL bad-format: exit $rc"; fails=$((fails+1)); }

# A misspelt sub-command or option: named with the closest valid one, exit 2.
usage() {  # usage NAME EXPECTED-STDERR-LINE -- ARGS...
  local name=$1 want=$2; shift 3
  local out rc
  out=$("$bin" "$@" 2>&1 >/dev/null); rc=$?
  if [ $rc = 2 ] && [ "$out" = "$want" ]; then passes=$((passes+1)); else
    echo "FAIL $name: exit $rc, stderr:"; echo "$out"; fails=$((fails+1)); fi
}
usage unknown-command "budgetcheck: fel: okänt underkommando 'valdate'; menade du 'validate'? [usage.unknown-command]" \
  -- valdate "$root/samples/vss-2024.json"
usage unknown-command-en "budgetcheck: error: unknown sub-command 'valdate'; did you mean 'validate'? [usage.unknown-command]" \
  -- --lang en valdate
usage far-command "budgetcheck: fel: okänt underkommando 'frobnicate'; underkommandona är validate, rules, test, explain, check-rules, new-rule, serve, new-pack, diff-packs, diff, template, import, export [usage.unknown-command]" \
  -- frobnicate
usage unknown-option "budgetcheck: fel: okänt alternativ '--fromat' till validate; menade du '--format'? [usage.unknown-option]" \
  -- validate --fromat json "$root/samples/vss-2024.json"
usage unknown-shared-option "budgetcheck: error: unknown option '--lnag' for rules; did you mean '--lang'? [usage.unknown-option]" \
  -- rules --lnag=en --lang en
usage far-option "budgetcheck: fel: okänt alternativ '--frobnicate' till rules; \`budgetcheck rules --help\` listar alternativen [usage.unknown-option]" \
  -- rules --frobnicate

# A --skip-rule that names no rule is a typo worth saying: the rule still runs.
out=$("$bin" validate --skip-rule no.such-rule "$root/samples/vss-2024.json" 2>&1 >/dev/null); rc=$?
if [ $rc = 0 ] && grep -q "warning: --skip-rule no.such-rule: no rule has this id, nothing skipped" <<<"$out"; then
  passes=$((passes+1)); else echo "FAIL unknown-skip-rule: exit $rc: $out"; fails=$((fails+1)); fi

# One bad file never stops the others: both are reported.
out=$("$bin" validate "$tmp/empty.json" "$root/samples/vss-2024.json" 2>&1); rc=$?
if [ $rc = 2 ] && grep -q "empty.json" <<<"$out" && grep -q "vss-2024.json: GODKÄND" <<<"$out"; then
  passes=$((passes+1)); else echo "FAIL mixed-batch: exit $rc"; echo "$out" | tail -3; fails=$((fails+1)); fi

# A minified submission (one long line) with many findings, and a broken
# waivers file on one long line: each source line is shown as a window of
# about 100 characters with "…" where it is cut, and the caret stands under
# the character the column names (checked for every caret in the output).
python3 - "$root/samples/leanlink-2023.json" "$tmp" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
open(f"{sys.argv[2]}/min.json", "w", encoding="utf-8").write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
line = '{"waivers": [' + "1, " * 100 + "x" + ", 1" * 100 + "]}"
open(f"{sys.argv[2]}/waivers.json", "w", encoding="utf-8").write(line)
PY
carets_ok() {  # carets_ok FILE SOURCE-LINE-FILE: every caret under its column; windows ~100 characters
  python3 - "$1" "$2" <<'PY'
import re, sys
out = open(sys.argv[1], encoding="utf-8").read().split("\n")
source = open(sys.argv[2], encoding="utf-8").read().split("\n")[0]
checked = 0
for i, text in enumerate(out):
    m = re.match(r"^\S+:1:(\d+): ", text)
    if not m or i + 2 >= len(out): continue
    column = int(m.group(1))
    shown = re.match(r"^ 1 \| (.*)$", out[i + 1]).group(1)
    caret = re.match(r"^   \| ( *)\^$", out[i + 2]).group(1)
    assert len(shown) <= 102, f"{len(shown)} characters shown"
    assert shown.startswith("…") and shown.endswith("…"), shown
    assert shown[len(caret)] == source[column - 1], (column, shown, caret)
    checked += 1
assert checked > 0, "no caret found"
print(checked)
PY
}
"$bin" validate "$tmp/min.json" >"$tmp/min.out" 2>&1; rc=$?
if [ $rc = 1 ] && [ "$(wc -c <"$tmp/min.out")" -lt 40000 ] && n=$(carets_ok "$tmp/min.out" "$tmp/min.json") && [ "$n" -gt 20 ]; then
  passes=$((passes+1)); else echo "FAIL minified: exit $rc, $(wc -c <"$tmp/min.out") bytes"; head -c 600 "$tmp/min.out"; fails=$((fails+1)); fi
"$bin" validate --waivers "$tmp/waivers.json" "$root/samples/vss-2024.json" >"$tmp/waivers.out" 2>&1; rc=$?
if [ $rc = 2 ] && grep -q "^.*waivers.json:1:314: fel: här ska det stå ett värde" "$tmp/waivers.out" && carets_ok "$tmp/waivers.out" "$tmp/waivers.json" >/dev/null; then
  passes=$((passes+1)); else echo "FAIL waivers window: exit $rc"; cat "$tmp/waivers.out"; fails=$((fails+1)); fi

# The CLI's caret counts characters, not bytes: under the 't' after "åäö".
printf '{"åäö": "x", "b": tru}' > "$tmp/swedish-waivers.json"
out=$("$bin" validate --waivers "$tmp/swedish-waivers.json" "$root/samples/vss-2024.json" 2>&1); rc=$?
if [ $rc = 2 ] && grep -qxF ' 1 | {"åäö": "x", "b": tru}' <<<"$out" && grep -qxF '   |                   ^' <<<"$out"; then
  passes=$((passes+1)); else echo "FAIL caret after multi-byte characters: exit $rc"; echo "$out"; fails=$((fails+1)); fi

finish "bad_input"
