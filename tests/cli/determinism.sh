#!/usr/bin/env bash
# The same inputs give byte-identical reports (text without colour, and JSON)
# whatever the locale (C, sv_SE.UTF-8), the time zone (UTC, Asia/Tokyo) and
# the order in which the rule files were created on disk; JUnit too when
# SOURCE_DATE_EPOCH fixes its timestamp.
. "$(dirname "$0")/lib.bash" "$@"
samples=("$root"/samples/*.json)
unset NO_COLOR

# run TAG ENV... -- ARGS : writes $tmp/TAG.text, $tmp/TAG.json (with exit codes)
run() {
  local tag=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  for lang in sv en; do
    env "${envs[@]}" timeout 120 "$bin" --lang "$lang" "$@" validate --format text "${samples[@]}" > "$tmp/$tag.$lang.text" 2>&1
    echo "exit $?" >> "$tmp/$tag.$lang.text"
    env "${envs[@]}" timeout 120 "$bin" --lang "$lang" "$@" validate --format json "${samples[@]}" > "$tmp/$tag.$lang.json" 2>&1
    echo "exit $?" >> "$tmp/$tag.$lang.json"
  done
}

same() {  # NAME TAG-A TAG-B
  local ok=1
  for f in sv.text en.text sv.json en.json; do
    if ! cmp -s "$tmp/$2.$f" "$tmp/$3.$f"; then
      ok=0; echo "FAIL $1 ($f differs):"; diff "$tmp/$2.$f" "$tmp/$3.$f" | head -6 | cut -c1-200
    fi
  done
  if [ $ok = 1 ]; then passes=$((passes+1)); else fails=$((fails+1)); fi
}

run base LC_ALL=C TZ=UTC --
# Sanity: the reports are not empty and name every sample.
if [ "$(grep -c 'GODKÄND\|UNDERKÄND' "$tmp/base.sv.text")" = "${#samples[@]}" ] && grep -q '"findings"' "$tmp/base.sv.json"; then
  passes=$((passes+1)); else echo "FAIL base: the reports do not name every sample"; fails=$((fails+1)); fi

run again LC_ALL=C TZ=UTC --
same repeat base again

run tokyo LC_ALL=C TZ=Asia/Tokyo --
same time-zone base tokyo

# Swedish locale: generated when missing (Debian: locales), else skipped with the reason.
if ! locale -a 2>/dev/null | grep -qi '^sv_SE\.utf-\?8$'; then
  if command -v localedef >/dev/null && [ -d /usr/share/i18n/locales ] && [ -w /usr/lib/locale ]; then
    localedef -i sv_SE -f UTF-8 sv_SE.UTF-8 2>/dev/null
  fi
fi
if locale -a 2>/dev/null | grep -qi '^sv_SE\.utf-\?8$'; then
  run swedish LC_ALL=sv_SE.UTF-8 LANG=sv_SE.UTF-8 TZ=Europe/Stockholm --
  same locale base swedish
else
  echo "SKIP locale: sv_SE.UTF-8 is not installed and cannot be generated here (Debian package 'locales' and localedef needed)"
fi

# Rule files created in reverse order in a copy of the data dir.
data=$tmp/data
mkdir -p "$data"
cp -r "$root/schemas" "$data/schemas"
( cd "$root" && find rules -type d ) | while read -r d; do mkdir -p "$data/$d"; done
( cd "$root" && find rules -type f | sort -r ) | while read -r f; do cp "$root/$f" "$data/$f"; done
if [ "$(cd "$data" && find rules -type f | sort | md5sum)" = "$(cd "$root" && find rules -type f | sort | md5sum)" ]; then
  run reversed LC_ALL=C TZ=UTC -- --data-dir "$data"
  same rule-file-order base reversed
else
  echo "FAIL rule-file-order: the copy of rules/ is incomplete"; fails=$((fails+1))
fi

# JUnit XML records when it was written (the XSD requires a timestamp):
# with SOURCE_DATE_EPOCH set it is that time, so two runs at different
# moments, in different time zones, are byte-identical.
junit() { env SOURCE_DATE_EPOCH=1764000000 "$@" timeout 120 "$bin" validate --format junit "${samples[@]}" 2>&1; echo "exit $?"; }
junit TZ=UTC > "$tmp/junit.1"
sleep 1
junit TZ=Asia/Tokyo LC_ALL=C > "$tmp/junit.2"
if cmp -s "$tmp/junit.1" "$tmp/junit.2" && [ "$(grep -c 'timestamp="2025-11-24T16:00:00"' "$tmp/junit.1")" = "${#samples[@]}" ]; then
  passes=$((passes+1))
else
  echo "FAIL junit with SOURCE_DATE_EPOCH:"; diff "$tmp/junit.1" "$tmp/junit.2" | head -4; grep -m2 -o 'timestamp="[^"]*"' "$tmp/junit.1"
  fails=$((fails+1))
fi

finish "determinism"
