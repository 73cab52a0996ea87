#!/usr/bin/env bash
# Configuration a controller can trust (issue 11 items 4 and 5): two policy
# packs for one KF decision, a pack whose id is not its folder's name, and an
# impossible --today are configuration errors (exit 2) with file:line:column,
# in every sub-command that loads the packs.
. "$(dirname "$0")/lib.bash" "$@"

# A draft copy of linkoping-2024 in its own folder with its own id: same
# municipality and KF date, so a submission could match either.
copy_data "$tmp/two"
cp -r "$tmp/two/rules/policies/linkoping-2024" "$tmp/two/rules/policies/utkast"
sed -i 's/"id": "linkoping-2024"/"id": "utkast"/' "$tmp/two/rules/policies/utkast/policy.json"
conflict='rules/policies/utkast/policy.json:8:15: fel: två policypaket gäller samma beslut \(kommunen .linkoping., KF-beslutet 2023-06-13\): rules/policies/linkoping-2024/policy.json:8:15 och rules/policies/utkast/policy.json:8:15; .* \[policy.conflict\]'
expect_match conflict-validate 2 "$conflict" -- "$bin" --data-dir "$tmp/two" validate "$root/samples/vss-2024.json"
expect_match conflict-check-rules 2 "$conflict" -- "$bin" --data-dir "$tmp/two" check-rules
expect_match conflict-test 2 "$conflict" -- "$bin" --data-dir "$tmp/two" test
expect_match conflict-serve 2 "$conflict" -- "$bin" --data-dir "$tmp/two" serve --port 0
expect_match conflict-en 2 'two policy packs encode the same decision .*rules/policies/linkoping-2024/policy.json:8:15 and rules/policies/utkast/policy.json:8:15' -- "$bin" --data-dir "$tmp/two" --lang en validate "$root/samples/vss-2024.json"
# An explicit --policy still cannot hide the conflict among installed packs.
expect_match conflict-explicit 2 "\[policy.conflict\]" -- "$bin" --data-dir "$tmp/two" validate --policy linkoping-2024 "$root/samples/vss-2024.json"

# A pack whose id differs from its folder: located at the id.
copy_data "$tmp/id"
sed -i 's/"id": "linkoping-2023"/"id": "linkoping-2023-b"/' "$tmp/id/rules/policies/linkoping-2023/policy.json"
line=$(grep -n '"id": "linkoping-2023-b"' "$tmp/id/rules/policies/linkoping-2023/policy.json" | cut -d: -f1)
expect_match id-folder 2 "rules/policies/linkoping-2023/policy.json:$line:11: fel: paketets id 'linkoping-2023-b' skiljer sig från mappens namn 'linkoping-2023'.*\[policy.id-folder\]" -- "$bin" --data-dir "$tmp/id" validate "$root/samples/vss-2024.json"
expect_match id-folder-rules 2 "\[policy.id-folder\]" -- "$bin" --data-dir "$tmp/id" rules

# The packs as shipped load; naming an installed pack by path loads it once.
expect_match shipped 0 "" -- "$bin" validate --policy "$root/rules/policies/linkoping-2024/policy.json" "$root/samples/vss-2024.json"

# Impossible dates: --today, a pack's KF decision date.
expect_match today-feb-30 2 "--today 2024-02-30: inget datum som finns" -- "$bin" validate --today 2024-02-30 "$root/samples/vss-2024.json"
expect_match today-month-13 2 "--today 2024-13-01: not a real date" -- "$bin" --lang en validate --today 2024-13-01 "$root/samples/vss-2024.json"
expect_match today-leap-day 0 "" -- "$bin" validate --today 2024-02-29 "$root/samples/vss-2024.json"
copy_data "$tmp/date"
sed -i 's/"date": "2023-06-13"/"date": "2023-06-31"/' "$tmp/date/rules/policies/linkoping-2024/policy.json"
expect_match pack-date 2 'rules/policies/linkoping-2024/policy.json:8:15: fel: .*\[policy.format\]' -- "$bin" --data-dir "$tmp/date" validate "$root/samples/vss-2024.json"

finish
