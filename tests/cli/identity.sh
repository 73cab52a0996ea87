#!/usr/bin/env bash
# Which organisation a submission is checked as (organisation.known): with a
# pack that knows two boards, the id of one and the name of the other is an
# error (the id's frames, another board's, would be used), not a silent pass.
. "$(dirname "$0")/lib.bash" "$@"
copy_data "$tmp/data" samples
export BUDGETCHECK_DATA_DIR="$tmp/data"
# linkoping-2024 with a second board, Leanlink (its 2023 entry, one year on).
python3 - "$tmp/data/rules/policies" <<'PY'
import json, sys
d = sys.argv[1]
p24 = json.load(open(f"{d}/linkoping-2024/policy.json", encoding="utf-8"))
p23 = json.load(open(f"{d}/linkoping-2023/policy.json", encoding="utf-8"))
def shift(o):  # its 2023–2028 amounts as 2024–2029, the pack's period
    if isinstance(o, dict):
        return {(str(int(k) + 1) if k.isdigit() else k): shift(v) for k, v in o.items()}
    return [shift(x) for x in o] if isinstance(o, list) else o
p24["organisations"]["leanlink"] = shift(p23["organisations"]["leanlink"])
json.dump(p24, open(f"{d}/linkoping-2024/policy.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
sed 's/"name": "Verksamhetsstöd och service (VSS)"/"name": "LEANLINK."/' "$tmp/data/samples/vss-2024.json" > "$tmp/vss-named-leanlink.json"
run "$bin" validate "$tmp/vss-named-leanlink.json" --no-progress --lang en
check_matches "id of one board, name of another" 1 \
  ':[0-9]+:[0-9]+: error: .*The organisation id "vss" is Verksamhetsstöd och service in the policy pack linkoping-2024, but the name "LEANLINK\." is another organisation of the pack \(id "leanlink"\).*\[organisation\.known\]'
# The id with the pack's own name for it: no organisation.known finding.
run "$bin" validate "$tmp/data/samples/vss-2024.json" --no-progress --lang en
check "the sample's own name: silent" bash -c '! grep -q "organisation.known" <<<"$1"' _ "$out"
[ "$code" = 0 ] && pass || fail "vss-2024 with a two-board pack: exit $code"
finish "identity"
