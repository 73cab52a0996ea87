#!/usr/bin/env bash
# Real-browser tests of the HTML report and the web app: headless Debian
# chromium driven by playwright-core (tests/browser/browser.test.mjs).
# Screenshots and PDFs are kept in <build dir>/browser-artifacts/.
# $1 = budgetcheck binary, $2 = repo root. Needs: chromium, node, and
# `npm ci --prefix tests/browser` (done by .ci/setup).
set -u
bin=$(realpath "$1")
root=$(realpath "$2")
artefacts="$(dirname "$bin")/browser-artifacts"
missing=""
command -v node >/dev/null || missing="node (apt-get install nodejs)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing="$missing chromium (apt-get install chromium)"
[ -d "$root/tests/browser/node_modules/playwright-core" ] || missing="$missing playwright-core (npm ci --prefix tests/browser)"
if [ -n "$missing" ]; then
    echo "browser tests cannot run; missing: $missing"
    echo "0 passed, 1 failed"
    exit 1
fi
rm -rf "$artefacts"
cd "$root/tests/browser" && exec node browser.test.mjs "$bin" "$root" "$artefacts"
