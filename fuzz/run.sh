#!/usr/bin/env bash
# Bounded fuzzing: builds the libFuzzer targets in the `asan` preset's tree
# (build-asan/: clang, ASan + UBSan, the same tree the sanitizer test suite
# runs in), writes seed corpora from samples/, rules/policies/, schemas/ and
# the draft-07 suite, and runs every target for SECONDS each, two at a time.
# Exits non-zero if any target found a crash, leak, timeout or sanitizer
# report; the reproducer is in build-asan/fuzz-artifacts/TARGET/.
#
#   fuzz/run.sh 30                 # CI: about 30 s per target
#   fuzz/run.sh 300 fuzz_schema    # one target, five minutes
# Long runs: docs/hardening.md.
set -uo pipefail
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}; shift
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-asan
suite=${JSON_SCHEMA_TEST_SUITE:-$root/../shared/json-schema-test-suite}
targets=("$@"); ((${#targets[@]})) || targets=(fuzz_json fuzz_schema fuzz_policy fuzz_validate fuzz_rule)

command -v clang++ >/dev/null || { echo "fuzz/run.sh: clang++ is missing (Debian: apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
(cd "$root" && cmake --preset asan >/dev/null && cmake --build --preset asan -j"$(nproc)" --target "${targets[@]}" fuzz_seeds >/dev/null) || exit 2

seeds=$build/seeds
rm -rf "$seeds"
"$build/fuzz/fuzz_seeds" "$root" "$suite" "$seeds" || exit 2

# ASan: longjmp from Lua errors is handled by ASan itself; leaks are checked.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

corpus_of() { case $1 in fuzz_json) echo json;; fuzz_schema) echo schema;; fuzz_policy) echo policy;; fuzz_validate) echo validate;; fuzz_rule) echo rule;; esac; }
# Small inputs mutate faster; whole submissions and policy packs need room.
max_len_of() { case $1 in fuzz_json|fuzz_schema) echo 8192;; *) echo 65536;; esac; }

run_one() {
  local t=$1 dir
  dir=$build/fuzz-corpus/$t; mkdir -p "$dir" "$build/fuzz-artifacts/$t"
  "$build/fuzz/$t" "$dir" "$seeds/$(corpus_of "$t")" -dict="$root/fuzz/json.dict" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len="$(max_len_of "$t")" -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$t/" >"$build/$t.log" 2>&1
  local rc=$?
  local execs
  execs=$(grep -m1 '^stat::number_of_executed_units' "$build/$t.log" | awk '{print $2}')
  if [ $rc = 0 ]; then
    echo "PASS $t: ${seconds}s, ${execs:-?} executions, corpus $(ls "$dir" | wc -l) files"
  else
    echo "FAIL $t (exit $rc): see $build/$t.log and $build/fuzz-artifacts/$t/"; grep -m3 -E 'ERROR|SUMMARY|Abort' "$build/$t.log"
  fi
  return $rc
}

passes=0; fails=0
pids=(); names=()
for t in "${targets[@]}"; do
  run_one "$t" > "$build/$t.result" & pids+=($!); names+=("$t")
  if ((${#pids[@]} == 2)); then
    for i in 0 1; do if wait "${pids[$i]}"; then passes=$((passes+1)); else fails=$((fails+1)); fi; cat "$build/${names[$i]}.result"; done
    pids=(); names=()
  fi
done
for i in "${!pids[@]}"; do if wait "${pids[$i]}"; then passes=$((passes+1)); else fails=$((fails+1)); fi; cat "$build/${names[$i]}.result"; done
echo "fuzz: $passes passed, $fails failed"
[ $fails = 0 ]
