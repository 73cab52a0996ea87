#!/usr/bin/env bash
# The round's overview in headless Debian chromium (tests/browser/overview.test.mjs):
# every sample plus a broken file, against the CLI's JSON report. A screenshot
# and an A4 PDF are kept in <build dir>/browser-artifacts-overview/.
# $1 = budgetcheck binary, $2 = repo root. Needs what tests/cli/browser.sh needs.
. "$(dirname "$0")/lib.bash" "$@"
run_browser_test "overview browser tests" overview.test.mjs "$(dirname "$bin")/browser-artifacts-overview"
