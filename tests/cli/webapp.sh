#!/usr/bin/env bash
# Real-browser tests of the web app's round (several files, paste, download,
# an input error's line with a caret) and of comparing two revisions, plus
# the limits of POST /api/round and /api/diff (tests/browser/webapp.test.mjs).
# Screenshots go to <build dir>/browser-artifacts/webapp/.
# $1 = budgetcheck binary, $2 = repo root. Needs chromium, node, playwright-core.
set -u
bin=$(realpath "$1")
root=$(realpath "$2")
artefacts="$(dirname "$bin")/browser-artifacts/webapp"
missing=""
command -v node >/dev/null || missing="node (apt-get install nodejs)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing="$missing chromium (apt-get install chromium)"
[ -d "$root/tests/browser/node_modules/playwright-core" ] || missing="$missing playwright-core (npm ci --prefix tests/browser)"
if [ -n "$missing" ]; then
    echo "web app tests cannot run; missing: $missing"
    echo "0 passed, 1 failed"
    exit 1
fi
rm -rf "$artefacts"
cd "$root/tests/browser" && exec node webapp.test.mjs "$bin" "$root" "$artefacts"
