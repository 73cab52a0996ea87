#!/usr/bin/env bash
# What a pipeline installs (issue 14, item 15): one version everywhere, from
# CMakeLists.txt's project(VERSION); `budgetcheck` does not load the HTTP and
# TLS libraries that only `serve` needs (budgetcheck-serve, exec'd by
# `budgetcheck serve`); the installed layout finds its rules and schemas
# beside the binary. $1 = budgetcheck binary, $2 = repo root.
. "$(dirname "$0")/lib.bash" "$@"
server=
at_exit '[ -z "$server" ] || kill "$server" 2>/dev/null'
sample=$root/samples/vss-2024.json

# ---------------------------------------------------------------- version
version=$(sed -nE 's/^project\(budgetcheck VERSION ([0-9.]+) .*/\1/p' "$root/CMakeLists.txt")
check "CMakeLists.txt names a version ($version)" grep -Eqx '[0-9]+\.[0-9]+\.[0-9]+' <<<"$version"
out=$("$bin" --version); rc=$?
check "--version exits 0 (got $rc)" test "$rc" -eq 0
check "--version prints 'budgetcheck $version' (got '$out')" test "$out" = "budgetcheck $version"
"$bin" validate "$sample" --format json --output "$tmp/r.json" --format sarif --output "$tmp/r.sarif" \
  --format junit --output "$tmp/r.xml" >/dev/null 2>&1
check "the JSON report's tool version is $version" json_check "$tmp/r.json" "d['tool']['version'] == '$version'"
check "the SARIF driver's version is $version" json_check "$tmp/r.sarif" \
  "d['runs'][0]['tool']['driver']['version'] == '$version' and d['runs'][0]['tool']['driver']['semanticVersion'] == '$version'"
check "the JUnit report's budgetcheck.version is $version" \
  grep -q "<property name=\"budgetcheck.version\" value=\"$version\"/>" "$tmp/r.xml"

# ---------------------------------------------------------------- libraries
# cpp-httplib (Debian's is built with OpenSSL, zlib and brotli) is linked
# only into budgetcheck-serve; the loader maps nothing of it for validate.
libs=$(ldd "$bin")
for lib in libcpp-httplib libssl libcrypto libz.so libbrotli; do
  check "budgetcheck does not link $lib" bash -c '! grep -q "$1" <<<"$2"' _ "$lib" "$libs"
done
check "budgetcheck-serve is built beside budgetcheck" test -x "$(dirname "$bin")/budgetcheck-serve"
check "budgetcheck-serve links cpp-httplib" bash -c 'ldd "$1" | grep -q libcpp-httplib' _ "$(dirname "$bin")/budgetcheck-serve"
LD_DEBUG=libs "$bin" validate "$sample" >/dev/null 2>"$tmp/ld.log"
check "validate loads no HTTP, TLS or compression library" bash -c '! grep -Eq "calling init: .*(httplib|libssl|libcrypto|libz\.so|brotli)" "$1"' _ "$tmp/ld.log"

# ---------------------------------------------------------------- serve
# `budgetcheck serve` becomes budgetcheck-serve in the same process: its
# options and help are budgetcheck's, signals reach the server.
"$bin" serve --help >"$tmp/help" 2>&1; rc=$?
check "serve --help exits 0 (got $rc)" test "$rc" -eq 0
check "serve --help lists --max-connections" grep -q -- '--max-connections' "$tmp/help"
"$bin" serve --port 0 --lang en >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
url=
for _ in $(seq 1 300); do
  url=$(sed -nE 's/.*listening on (http:\/\/[^ ]+).*/\1/p' "$tmp/serve.out")
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
check "budgetcheck serve listens (stdout: $(head -c 200 "$tmp/serve.out"), stderr: $(head -c 200 "$tmp/serve.err"))" test -n "$url"
if [ -n "$url" ]; then
  port=${url##*:}; port=${port%%/*}
  check "the serving process is budgetcheck-serve, same process id" \
    bash -c '[ "$(readlink "/proc/$1/exe")" = "$2" ]' _ "$server" "$(dirname "$bin")/budgetcheck-serve"
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$port" >&3
  answer=$(timeout 10 cat <&3); exec 3<&-
  check "GET /healthz answers 200 with version $version" \
    bash -c 'grep -q "^HTTP/1.1 200" <<<"$1" && grep -q "\"version\": \"$2\"" <<<"$1"' _ "$answer" "$version"
  kill -TERM "$server"
  for _ in $(seq 1 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
  wait "$server"; rc=$?; server=
  check "SIGTERM to budgetcheck serve's process id stops it cleanly (exit $rc)" test "$rc" -eq 0
fi
# Without budgetcheck-serve beside it: exit 2, saying which file is missing;
# never one from the current folder or PATH instead.
mkdir -p "$tmp/alone" "$tmp/cwd"; cp "$bin" "$tmp/alone/budgetcheck"
printf '#!/bin/sh\ntouch "%s/planted-ran"\n' "$tmp" >"$tmp/cwd/budgetcheck-serve"; chmod +x "$tmp/cwd/budgetcheck-serve"
(cd "$tmp/cwd" && PATH="$tmp/cwd:$PATH" "$tmp/alone/budgetcheck" serve --port 0 >/dev/null 2>"$tmp/alone.err"); rc=$?
check "serve without budgetcheck-serve exits 2 (got $rc)" test "$rc" -eq 2
check "serve never runs a budgetcheck-serve from the current folder or PATH" test ! -e "$tmp/planted-ran"
check "serve without budgetcheck-serve names it, in Swedish" \
  grep -q "^budgetcheck serve: kan inte starta $tmp/alone/budgetcheck-serve: " "$tmp/alone.err"
"$tmp/alone/budgetcheck" --lang en serve --port 0 >/dev/null 2>"$tmp/alone.err"
check "… and in English with --lang en" \
  grep -q "^budgetcheck serve: cannot start $tmp/alone/budgetcheck-serve: " "$tmp/alone.err"

# ---------------------------------------------------------------- data folder
# The installed layout (bin/ and share/budgetcheck/ side by side) wins over
# the source tree compiled in; BUDGETCHECK_DATA_DIR and --data-dir over both.
mkdir -p "$tmp/prefix/bin" "$tmp/prefix/share/budgetcheck"
cp "$bin" "$tmp/prefix/bin/budgetcheck"
cp -r "$root/rules" "$root/schemas" "$tmp/prefix/share/budgetcheck/"
unset BUDGETCHECK_DATA_DIR
"$tmp/prefix/bin/budgetcheck" -v validate "$sample" >/dev/null 2>"$tmp/installed.err"; rc=$?
check "the installed layout validates the sample (exit $rc, 0 expected)" test "$rc" -eq 0
check "… with the rules beside the binary" grep -q "policy packs from $tmp/prefix/share/budgetcheck\$" "$tmp/installed.err"
"$tmp/prefix/bin/budgetcheck" --help >"$tmp/installed.help"
check "--help shows that folder as --data-dir's default" grep -q -- "--data-dir TEXT=$tmp/prefix/share/budgetcheck$" "$tmp/installed.help"
BUDGETCHECK_DATA_DIR=$root "$tmp/prefix/bin/budgetcheck" -v validate "$sample" >/dev/null 2>"$tmp/env.err"
check "BUDGETCHECK_DATA_DIR wins over the installed layout" grep -q "policy packs from $root\$" "$tmp/env.err"
"$tmp/prefix/bin/budgetcheck" -v --data-dir "$root" validate "$sample" >/dev/null 2>"$tmp/opt.err"
check "--data-dir wins over the installed layout" grep -q "policy packs from $root\$" "$tmp/opt.err"
"$bin" -v validate "$sample" >/dev/null 2>"$tmp/tree.err"
check "the build tree's binary reads the source tree" grep -q "policy packs from $root\$" "$tmp/tree.err"
# A half-installed folder (no schemas/) is not taken for the data folder.
rm -r "$tmp/prefix/share/budgetcheck/schemas"
"$tmp/prefix/bin/budgetcheck" -v validate "$sample" >/dev/null 2>"$tmp/half.err"
check "a share/budgetcheck without schemas/ is passed over for the source tree" grep -q "policy packs from $root\$" "$tmp/half.err"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
