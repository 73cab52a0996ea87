#!/usr/bin/env bash
# The round's overview in headless Debian chromium (tests/browser/overview.test.mjs):
# every sample plus a broken file, against the CLI's JSON report. A screenshot
# and an A4 PDF are kept in <build dir>/browser-artifacts-overview/.
# $1 = budgetcheck binary, $2 = repo root. Needs what tests/cli/browser.sh needs.
set -u
bin=$(realpath "$1")
root=$(realpath "$2")
artefacts="$(dirname "$bin")/browser-artifacts-overview"
missing=""
command -v node >/dev/null || missing="node (apt-get install nodejs)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing="$missing chromium (apt-get install chromium)"
[ -d "$root/tests/browser/node_modules/playwright-core" ] || missing="$missing playwright-core (npm ci --prefix tests/browser)"
if [ -n "$missing" ]; then
    echo "overview browser tests cannot run; missing: $missing"
    echo "0 passed, 1 failed"
    exit 1
fi
rm -rf "$artefacts"
cd "$root/tests/browser" && exec node overview.test.mjs "$bin" "$root" "$artefacts"
