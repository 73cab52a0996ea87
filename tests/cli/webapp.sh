#!/usr/bin/env bash
# Real-browser tests of the web app's round (several files, paste, download,
# an input error's line with a caret) and of comparing two revisions, plus
# the limits of POST /api/round and /api/diff (tests/browser/webapp.test.mjs).
# Screenshots go to <build dir>/browser-artifacts-webapp/.
# $1 = budgetcheck binary, $2 = repo root. Needs chromium, node, playwright-core.
. "$(dirname "$0")/lib.bash" "$@"
run_browser_test "web app tests" webapp.test.mjs "$(dirname "$bin")/browser-artifacts-webapp"
