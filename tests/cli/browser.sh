#!/usr/bin/env bash
# Real-browser tests of the HTML report and the web app: headless Debian
# chromium driven by playwright-core (tests/browser/browser.test.mjs).
# Screenshots and PDFs are kept in <build dir>/browser-artifacts/.
# $1 = budgetcheck binary, $2 = repo root. Needs: chromium, node, and
# `npm ci --prefix tests/browser` (done by .ci/setup).
. "$(dirname "$0")/lib.bash" "$@"
run_browser_test "browser tests" browser.test.mjs "$(dirname "$bin")/browser-artifacts"
