#!/usr/bin/env bash
# API tests of `budgetcheck serve` with a real HTTP client (node's fetch and
# raw sockets): every endpoint, malformed and oversized requests, timeouts,
# 50 concurrent requests (tests/browser/api.test.mjs; no npm packages needed).
# $1 = budgetcheck binary, $2 = repo root.
set -u
bin=$(realpath "$1")
root=$(realpath "$2")
if ! command -v node >/dev/null; then
    echo "API tests cannot run: node is missing (apt-get install nodejs)"
    echo "0 passed, 1 failed"
    exit 1
fi
cd "$root/tests/browser" && exec node api.test.mjs "$bin" "$root"
