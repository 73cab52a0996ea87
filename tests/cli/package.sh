#!/usr/bin/env bash
# The Debian package (`cpack`, cmake/packaging.cmake): built from this build
# tree into a temporary folder; its file list is the two programs in
# /usr/bin, rules/, schemas/ and samples/ in /usr/share/budgetcheck and the
# documentation in /usr/share/doc/budgetcheck, nothing else; Depends comes
# from the binaries (dpkg-shlibdeps); `dpkg-deb -x` and the extracted binary
# validates a sample with the data beside it. Registered only where dpkg-deb
# and dpkg-shlibdeps exist (tests/CMakeLists.txt).
# $1 = budgetcheck binary, $2 = repo root, $3 = build tree.
. "$(dirname "$0")/lib.bash" "$@"
build=$(realpath "$3")
version=$(sed -nE 's/^project\(budgetcheck VERSION ([0-9.]+) .*/\1/p' "$root/CMakeLists.txt")
arch=$(dpkg --print-architecture)

cpack --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1; rc=$?
deb=$tmp/out/budgetcheck_${version}_${arch}.deb
check "cpack exits 0 (got $rc; $(tail -3 "$tmp/cpack.log"))" test "$rc" -eq 0
check "cpack writes $(basename "$deb")" test -f "$deb"
if [ ! -f "$deb" ]; then echo "$passes passed, $((fails)) failed"; exit 1; fi

# ---------------------------------------------------------------- control
field() { dpkg-deb -f "$deb" "$1"; }
check "Package: budgetcheck" test "$(field Package)" = budgetcheck
check "Version: $version (got $(field Version))" test "$(field Version)" = "$version"
check "Architecture: $arch" test "$(field Architecture)" = "$arch"
depends=$(field Depends)
# Every library either program needs directly (ELF NEEDED) is in Depends: the
# Debian package that holds it, or a name it provides (Debian's spdlog is
# depended on as libspdlog1.10-fmt9, the fmt it was built with).
needed_packages() {
  local program=$1 lib path
  for lib in $(objdump -p "$program" | awk '$1 == "NEEDED" {print $2}'); do
    path=$(ldd "$program" | awk -v l="$lib" '$1 == l {print $3}')
    dpkg -S "$path" 2>/dev/null || dpkg -S "$(realpath "$path")" 2>/dev/null || dpkg -S "/usr$path" 2>/dev/null \
      || echo "unknown-package-of-$lib:"
  done | sed -E 's/:.*//' | sort -u
}
dpkg-deb -x "$deb" "$tmp/root"
needed=$( (needed_packages "$tmp/root/usr/bin/budgetcheck"; needed_packages "$tmp/root/usr/bin/budgetcheck-serve") | sort -u)
check "the programs need libraries of packages (got: $(tr '\n' ' ' <<<"$needed"))" grep -q liblua5.4 <<<"$needed"
has_dependency() {  # PACKAGE: an entry in Depends names it or what it provides
  local names
  names=" $1 $(dpkg-query -W -f='${Provides}' "$1" 2>/dev/null | sed -E 's/\([^)]*\)//g; s/,/ /g') "
  sed 's/, /\n/g' <<<"$depends" | awk -v names="$names" 'index(names, " " $1 " ") {found = 1} END {exit !found}'
}
for pkg in $needed; do
  check "Depends names $pkg (Depends: $depends)" has_dependency "$pkg"
done
check "Depends names cpp-httplib (budgetcheck-serve)" grep -q "libcpp-httplib" <<<"$depends"
# apt can install it from Debian's packages (a simulation: nothing changes).
if command -v apt-get >/dev/null; then
  apt-get -s install "$deb" >"$tmp/apt.log" 2>&1; rc=$?
  check "apt-get -s install resolves the package's Depends (exit $rc; $(tail -2 "$tmp/apt.log" | tr '\n' ' '))" \
    bash -c '[ "$1" -eq 0 ] && grep -Eq "^Inst budgetcheck |budgetcheck is already the newest version" "$2"' _ "$rc" "$tmp/apt.log"
fi

# ---------------------------------------------------------------- files
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./|/|' | LC_ALL=C sort >"$tmp/files"
{
  echo /usr/bin/budgetcheck
  echo /usr/bin/budgetcheck-serve
  (cd "$root" && find rules schemas samples -type f) | sed 's|^|/usr/share/budgetcheck/|'
  (cd "$root/docs" && find . -type f) | sed 's|^\./|/usr/share/doc/budgetcheck/|'
  echo /usr/share/doc/budgetcheck/README.md
} | LC_ALL=C sort >"$tmp/want"
check "the package holds exactly the programs, rules, schemas, samples and docs ($(diff "$tmp/want" "$tmp/files" | head -5 | tr '\n' ' '))" \
  cmp -s "$tmp/want" "$tmp/files"
check "no file outside /usr/bin, /usr/share/budgetcheck, /usr/share/doc/budgetcheck" \
  bash -c '! grep -Ev "^/usr/(bin|share/budgetcheck|share/doc/budgetcheck)/" "$1"' _ "$tmp/files"

# ---------------------------------------------------------------- extracted
extracted=$tmp/root/usr/bin/budgetcheck
check "the programs are executable" test -x "$extracted" -a -x "$tmp/root/usr/bin/budgetcheck-serve"
check "the programs are stripped" bash -c '! file "$1" | grep -q "not stripped"' _ "$extracted"
check "--version of the extracted binary" test "$("$extracted" --version)" = "budgetcheck $version"
# Its data folder is the one beside it (the source tree compiled in exists
# here too: -v shows which was read).
cp "$root/samples/vss-2024.json" "$root/samples/leanlink-2023.json" "$tmp/"
(unset BUDGETCHECK_DATA_DIR; cd "$tmp" && "$extracted" -v validate vss-2024.json >"$tmp/pass.out" 2>"$tmp/pass.err"); rc=$?
check "the extracted binary passes vss-2024.json (exit $rc, 0 expected)" test "$rc" -eq 0
check "… reading /usr/share/budgetcheck of the extracted tree" \
  grep -q "policy packs from $tmp/root/usr/share/budgetcheck\$" "$tmp/pass.err"
check "… with the verdict" grep -q "^vss-2024.json: GODKÄND" "$tmp/pass.out"
(unset BUDGETCHECK_DATA_DIR; cd "$tmp" && "$extracted" validate leanlink-2023.json >/dev/null 2>&1); rc=$?
check "the extracted binary fails leanlink-2023.json (exit $rc, 1 expected)" test "$rc" -eq 1
(unset BUDGETCHECK_DATA_DIR; "$extracted" --data-dir "$tmp/root/usr/share/budgetcheck" test >"$tmp/test.out" 2>&1); rc=$?
check "the rules' own test cases pass from the installed data (exit $rc; $(tail -1 "$tmp/test.out"))" test "$rc" -eq 0

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
