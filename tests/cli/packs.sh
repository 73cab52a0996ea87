#!/usr/bin/env bash
# A new KF decision from the command line (issue 13, item 8): new-pack's exit
# codes and refusals, check-rules' warnings for what is left to review (exit
# 0) and errors for a broken review list (exit 2), diff-packs' output equal
# to its golden files through the CLI, and its bad input (exit 2).
. "$(dirname "$0")/lib.bash" "$@"
copy_data "$tmp/data" samples
export BUDGETCHECK_DATA_DIR="$tmp/data"
pack="$tmp/data/rules/policies/linkoping-2025/policy.json"


# 1. Refusals: nothing is written, exit 2, the reason in the chosen language.
run "$bin" new-pack --from linkoping-2024 --id linkoping-2025 --date 2023-06-13 --years 2025-2030 --lang en
check_lines "second pack for one decision" 2 \
  "budgetcheck new-pack: error: rules/policies/linkoping-2024/policy.json is already the pack for linkoping and the KF decision of 2023-06-13; two packs for one decision cannot be chosen between [new-pack.conflict]"
run "$bin" new-pack --from linkoping-2024 --id linkoping-2025 --date 2024-06-11 --years 2030-2025
check_lines "years backwards" 2 \
  "budgetcheck new-pack: fel: --years 2030-2025 ska vara budgetår och sista planår, t.ex. 2025-2030 [new-pack.years]"
run "$bin" new-pack --from linkoping-2024 --id linkoping-2025 --date 2024-06-11
check_lines "missing --years" 2
[ -e "$pack" ] && { echo "FAIL: a refused new-pack wrote $pack"; fails=$((fails+1)); } || passes=$((passes+1))

# 2. Written, then never overwritten.
run "$bin" new-pack --from linkoping-2024 --id linkoping-2025 --date 2024-06-11 --years 2025-2030
check_lines "new-pack" 0 \
  "skrev rules/policies/linkoping-2025/policy.json: 37 poster överförda från linkoping-2024 att granska; \`budgetcheck check-rules\` listar dem"
before=$(md5sum < "$pack")
run "$bin" new-pack --from linkoping-2024 --id linkoping-2025 --date 2024-06-11 --years 2025-2030
check_lines "no overwrite" 2 \
  "budgetcheck new-pack: fel: rules/policies/linkoping-2025/policy.json finns redan; new-pack skriver aldrig över ett paket. Välj ett annat --id eller --output [new-pack.exists]"
[ "$(md5sum < "$pack")" = "$before" ] && passes=$((passes+1)) || { echo "FAIL: the pack changed"; fails=$((fails+1)); }

# 3. check-rules: each carried-over item a warning at its line:column, exit 0.
run "$bin" check-rules --lang en
check_lines "check-rules warns" 0 \
  "rules/policies/linkoping-2025/policy.json:213:27: warning: the investment frame of 'vss' is carried over from linkoping-2024 and awaits a decision: check it against the new KF decision, change it if needed, then delete the entry /organisations/vss/investment_frame from review [policy.carried-over]" \
  "37 items in the policy packs still to review against the new KF decision"
n=$(grep -c ': warning: .*\[policy.carried-over\]$' <<<"$out")
[ "$n" = 37 ] && passes=$((passes+1)) || { echo "FAIL: $n carried-over warnings, expected 37"; fails=$((fails+1)); }
# validate uses the pack as it is (the review list is for people).
run "$bin" validate samples/vss-2024.json --no-progress
[ "$code" = 0 ] && passes=$((passes+1)) || { echo "FAIL: validate with an unreviewed pack installed: exit $code"; echo "$out"; fails=$((fails+1)); }
check "validate: no review warning for a pack the file does not use" bash -c '! grep -q "policypaketet" <<<"$1"' _ "$out"
# ... but a file checked against the unreviewed pack says what its verdict rests on.
run "$bin" validate samples/vss-2024.json --policy linkoping-2025 --lang en --no-progress
check_lines "validate warns about the pack's review items" 1 \
  "warning: the policy pack linkoping-2025 (rules/policies/linkoping-2025/policy.json) still has 37 carried-over items to review against the KF decision; findings against it rest on them. \`budgetcheck check-rules\` lists them"

# 4. A review entry for a deleted item is an error in every command.
sed -i 's|{"pointer": "/equity"}|{"pointer": "/equty"}|' "$pack"
run "$bin" check-rules
check_lines "review pointer" 2 \
  "rules/policies/linkoping-2025/policy.json:345:19: fel: review-posten '/equty' pekar inte på något i paketet; ta bort posten om värdet är borttaget, annars rätta pekaren [policy.review-pointer]"
run "$bin" validate samples/vss-2024.json
[ "$code" = 2 ] && passes=$((passes+1)) || { echo "FAIL: validate with a broken review list: exit $code"; fails=$((fails+1)); }
rm -r "$tmp/data/rules/policies/linkoping-2025"

# 5. diff-packs through the CLI equals the golden files, exactly.
for form in "sv.txt:--lang sv" "en.txt:--lang en" "json:--format json"; do
  name=${form%%:*}; opts=${form#*:}
  # shellcheck disable=SC2086
  "$bin" diff-packs linkoping-2023 linkoping-2024 $opts > "$tmp/diff.$name" 2>&1; code=$?
  if [ $code = 0 ] && cmp -s "$tmp/diff.$name" "$root/tests/golden/diff-packs/linkoping-2023-2024.$name"; then passes=$((passes+1))
  else echo "FAIL: diff-packs $opts (exit $code) differs from its golden file"; diff "$root/tests/golden/diff-packs/linkoping-2023-2024.$name" "$tmp/diff.$name" | head; fails=$((fails+1)); fi
done
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(isinstance(f["to_kronor"], (int, type(None))) for f in d["frames"])' "$tmp/diff.json" \
  && passes=$((passes+1)) || { echo "FAIL: diff-packs --format json is not JSON with integer kronor"; fails=$((fails+1)); }
# A folder or a file names a pack too.
run "$bin" diff-packs "$tmp/data/rules/policies/linkoping-2023" "$tmp/data/rules/policies/linkoping-2024/policy.json"
cmp -s <(printf '%s\n' "$out") "$root/tests/golden/diff-packs/linkoping-2023-2024.sv.txt" && passes=$((passes+1)) \
  || { echo "FAIL: diff-packs by folder and file"; fails=$((fails+1)); }

# 6. diff-packs' bad input: exit 2 with the reason.
run "$bin" diff-packs linkoping-2023 linkoping-2042 --lang en
check_lines "unknown pack" 2 \
  "linkoping-2042: error: no such policy pack: give a pack id (linkoping-2019, linkoping-2023, linkoping-2024, norrkoping-2023), a folder holding policy.json, or the file [pack.not-found]"
printf '{"pack": {' > "$tmp/broken.json"
run "$bin" diff-packs linkoping-2023 "$tmp/broken.json"
[ "$code" = 2 ] && grep -q "broken.json:1:11: fel" <<<"$out" && passes=$((passes+1)) || { echo "FAIL: broken pack (exit $code)"; echo "$out"; fails=$((fails+1)); }
run "$bin" diff-packs linkoping-2023 linkoping-2024 --format yaml
[ "$code" = 2 ] && passes=$((passes+1)) || { echo "FAIL: --format yaml exit $code"; fails=$((fails+1)); }

finish "packs"
