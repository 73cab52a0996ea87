#!/usr/bin/env bash
# `budgetcheck serve` under hostile clients on loopback (tests/browser/api_hostile.test.mjs):
# Host checks, framing, slow clients, memory after large requests, SIGTERM under attack.
# $1 = budgetcheck binary, $2 = repo root.
set -u
bin=$(realpath "$1")
root=$(realpath "$2")
if ! command -v node >/dev/null; then
    echo "API tests cannot run: node is missing (apt-get install nodejs)"
    echo "0 passed, 1 failed"
    exit 1
fi
# A sanitizer's allocator keeps freed memory in quarantine and ignores
# malloc_trim: the RSS check means nothing there.
if grep -q __asan_init "$bin"; then export BUDGETCHECK_SANITIZED=1; fi
cd "$root/tests/browser" && exec node api_hostile.test.mjs "$bin" "$root"
