#!/usr/bin/env bash
# Configuration a controller can trust (issue 11 items 4 and 5): two policy
# packs for one KF decision, a pack whose id is not its folder's name, and an
# impossible --today are configuration errors (exit 2) with file:line:column,
# in every sub-command that loads the packs.
set -u
bin=$1; root=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0

# check NAME WANT-EXIT REGEX -- COMMAND...
check() {
  local name=$1 want=$2 pattern=$3; shift 4
  local out rc
  out=$(timeout 20 "$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ] || ! grep -Eq -- "$pattern" <<<"$out"; then
    echo "FAIL $name: exit $rc (want $want), output:"; echo "$out" | head -8; fails=$((fails+1))
  else
    passes=$((passes+1))
  fi
}

copy_data() {  # a private data dir: schemas/ and rules/ of the repository
  mkdir -p "$1" && cp -r "$root/schemas" "$root/rules" "$1/"
}

# A draft copy of linkoping-2024 in its own folder with its own id: same
# municipality and KF date, so a submission could match either.
copy_data "$tmp/two"
cp -r "$tmp/two/rules/policies/linkoping-2024" "$tmp/two/rules/policies/utkast"
sed -i 's/"id": "linkoping-2024"/"id": "utkast"/' "$tmp/two/rules/policies/utkast/policy.json"
conflict='rules/policies/utkast/policy.json:8:15: fel: två policypaket gäller samma beslut \(kommunen .linkoping., KF-beslutet 2023-06-13\): rules/policies/linkoping-2024/policy.json:8:15 och rules/policies/utkast/policy.json:8:15; .* \[policy.conflict\]'
check conflict-validate 2 "$conflict" -- "$bin" --data-dir "$tmp/two" validate "$root/samples/vss-2024.json"
check conflict-check-rules 2 "$conflict" -- "$bin" --data-dir "$tmp/two" check-rules
check conflict-test 2 "$conflict" -- "$bin" --data-dir "$tmp/two" test
check conflict-serve 2 "$conflict" -- "$bin" --data-dir "$tmp/two" serve --port 0
check conflict-en 2 'two policy packs encode the same decision .*rules/policies/linkoping-2024/policy.json:8:15 and rules/policies/utkast/policy.json:8:15' -- "$bin" --data-dir "$tmp/two" --lang en validate "$root/samples/vss-2024.json"
# An explicit --policy still cannot hide the conflict among installed packs.
check conflict-explicit 2 "\[policy.conflict\]" -- "$bin" --data-dir "$tmp/two" validate --policy linkoping-2024 "$root/samples/vss-2024.json"

# A pack whose id differs from its folder: located at the id.
copy_data "$tmp/id"
sed -i 's/"id": "linkoping-2023"/"id": "linkoping-2023-b"/' "$tmp/id/rules/policies/linkoping-2023/policy.json"
line=$(grep -n '"id": "linkoping-2023-b"' "$tmp/id/rules/policies/linkoping-2023/policy.json" | cut -d: -f1)
check id-folder 2 "rules/policies/linkoping-2023/policy.json:$line:11: fel: paketets id 'linkoping-2023-b' skiljer sig från mappens namn 'linkoping-2023'.*\[policy.id-folder\]" -- "$bin" --data-dir "$tmp/id" validate "$root/samples/vss-2024.json"
check id-folder-rules 2 "\[policy.id-folder\]" -- "$bin" --data-dir "$tmp/id" rules

# The packs as shipped load; naming an installed pack by path loads it once.
check shipped 0 "" -- "$bin" validate --policy "$root/rules/policies/linkoping-2024/policy.json" "$root/samples/vss-2024.json"

# Impossible dates: --today, a pack's KF decision date.
check today-feb-30 2 "--today 2024-02-30: inget datum som finns" -- "$bin" validate --today 2024-02-30 "$root/samples/vss-2024.json"
check today-month-13 2 "--today 2024-13-01: not a real date" -- "$bin" --lang en validate --today 2024-13-01 "$root/samples/vss-2024.json"
check today-leap-day 0 "" -- "$bin" validate --today 2024-02-29 "$root/samples/vss-2024.json"
copy_data "$tmp/date"
sed -i 's/"date": "2023-06-13"/"date": "2023-06-31"/' "$tmp/date/rules/policies/linkoping-2024/policy.json"
check pack-date 2 'rules/policies/linkoping-2024/policy.json:8:15: fel: .*\[policy.format\]' -- "$bin" --data-dir "$tmp/date" validate "$root/samples/vss-2024.json"

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
