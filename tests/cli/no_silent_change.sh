#!/usr/bin/env bash
# DOMAIN.md rule 6, "never silent": every amount of the samples moved by one
# unit of the file's last decimal changes the findings (no_silent_change.py).
. "$(dirname "$0")/lib.bash" "$@"
mkdir -p "$tmp/files"
check "one-unit changes" python3 "$root/tests/cli/no_silent_change.py" "$bin" "$root" "$tmp/files"
finish no_silent_change
