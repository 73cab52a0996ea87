#!/usr/bin/env bash
# luacheck over every rule and library (configuration: .luacheckrc), and a
# proof that the configuration catches what the sandbox forbids.
set -u
root=$2
cd "$root" || exit 2
passes=0; fails=0
if luacheck --no-color --formatter plain rules; then passes=$((passes+1)); else fails=$((fails+1)); fi

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/rules/demo"
printf 'return { check = function() local f = io.open("x") ; undefined_name() end }\n' > "$tmp/rules/demo/bad.lua"
out=$(luacheck --no-color --formatter plain --config "$root/.luacheckrc" "$tmp/rules" 2>&1)
if grep -q "accessing undefined variable 'io'" <<<"$out" && grep -q "undefined_name" <<<"$out"; then
  passes=$((passes+1)); else echo "FAIL: .luacheckrc did not flag io / an undefined global:"; echo "$out"; fails=$((fails+1)); fi
echo "luacheck: $passes passed, $fails failed"
[ $fails = 0 ]
