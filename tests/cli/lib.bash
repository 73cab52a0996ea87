# The scaffolding every tests/cli/*.sh shares (not itself a test: CTest runs *.sh); each script sources it first:
#   . "$(dirname "$0")/lib.bash" "$@"
# It sets $bin (the budgetcheck binary) and $root (the repository) from the
# script's arguments, makes a private $tmp removed on exit (add your own
# clean-up with at_exit), and counts passes and failures for `finish`.
set -u
bin=$(realpath "$1")
root=$(realpath "$2")
passes=0; fails=0
tmp=$(mktemp -d)
exit_hooks=()
at_exit() { exit_hooks+=("$1"); }  # at_exit 'kill "$server"': run on exit, before $tmp goes
run_exit_hooks() {
  local hook
  for hook in "${exit_hooks[@]}"; do eval "$hook" || true; done
  rm -rf "$tmp"
}
trap run_exit_hooks EXIT

pass() { passes=$((passes+1)); }
fail() { echo "FAIL $*"; fails=$((fails+1)); }
# check NAME COMMAND...: passes when COMMAND exits 0.
check() { local name=$1; shift; if "$@"; then pass; else fail "$name"; fi; }

# run COMMAND...: its stdout and stderr in $out, its exit code in $code.
run() { out=$("$@" 2>&1); code=$?; }
# check_lines NAME WANTED_CODE LINE...: after `run`, the exit code is
# WANTED_CODE and every LINE stands as a whole line of $out.
check_lines() { check_output xF "missing line" "$@"; }
# check_matches NAME WANTED_CODE REGEX...: the same with extended regular
# expressions, each matching some line of $out.
check_matches() { check_output E "no line matches" "$@"; }
check_output() {  # GREP-FLAGS WHAT-IS-WRONG NAME WANTED_CODE ITEM...
  local flags=$1 wrong=$2 name=$3 want=$4; shift 4
  local ok=1 item
  [ "$code" = "$want" ] || { echo "FAIL $name: exit $code, expected $want"; ok=0; }
  for item in "$@"; do
    grep -q"$flags" -- "$item" <<<"$out" || { echo "FAIL $name: $wrong: $item"; ok=0; }
  done
  if [ $ok = 1 ]; then pass; else fails=$((fails+1)); echo "---- output:"; echo "$out"; echo "----"; fi
}

# run_browser_test LABEL SCRIPT ARTEFACTS: the real-browser test
# tests/browser/SCRIPT (headless Debian chromium, playwright-core) with the
# binary, the repository and a folder for screenshots; a clear failure when
# node, Chromium or playwright-core is missing (.ci/setup --tests installs them).
run_browser_test() {
  local label=$1 script=$2 artefacts=$3 missing=""
  command -v node >/dev/null || missing="node (apt-get install nodejs)"
  [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing="$missing chromium (apt-get install chromium)"
  [ -d "$root/tests/browser/node_modules/playwright-core" ] || missing="$missing playwright-core (npm ci --prefix tests/browser)"
  if [ -n "$missing" ]; then
    echo "$label cannot run; missing: $missing"
    echo "0 passed, 1 failed"
    return 1
  fi
  rm -rf "$artefacts"
  (cd "$root/tests/browser" && node "$script" "$bin" "$root" "$artefacts")
}

# expect_match NAME WANTED_CODE REGEX -- COMMAND...: COMMAND (under a
# timeout, so a hang fails instead of stalling CI) exits WANTED_CODE and
# its stdout+stderr match the extended REGEX.
expect_match() {
  local name=$1 want=$2 pattern=$3; shift 4
  local output rc
  output=$(timeout "${expect_timeout:-60}" "$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ] || ! grep -Eq -- "$pattern" <<<"$output"; then
    echo "FAIL $name: exit $rc (want $want), output:"; echo "$output" | head -8 | cut -c1-300; fails=$((fails+1))
  else
    pass
  fi
}

# json_check FILE PYTHON-EXPRESSION: the expression, over the parsed file
# as d, is true.
json_check() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); sys.exit(0 if ('"$2"') else 1)' "$1"
}

# copy_data DIR [samples]: a private data dir (schemas/ and rules/ of the
# repository, and samples/ when asked) that a test may break.
copy_data() {
  rm -rf "$1"; mkdir -p "$1"
  cp -r "$root/schemas" "$root/rules" "$1/"
  if [ "${2:-}" = samples ]; then cp -r "$root/samples" "$1/"; fi
}

# finish LABEL: the summary line; the script's exit status.
finish() {
  echo "${1:+$1: }$passes passed, $fails failed"
  [ "$fails" = 0 ]
}

# junit_valid FILE: valid against the JUnit XSD (../shared/external-schemas),
# xmllint's complaint shown when not.
junit_xsd=$root/../shared/external-schemas/junit.xsd
junit_valid() {
  xmllint --noout --schema "$junit_xsd" "$1" 2>"$tmp/xmllint.err" || { head -20 "$tmp/xmllint.err"; return 1; }
}
