#!/usr/bin/env bash
# The install steps of docs/examples/github-budgetcheck.yml and
# docs/examples/gitlab-ci.yml, run as written with curl, apt-get, git and
# bash (.ci/setup) replaced by stubs that record their arguments: with
# BUDGETCHECK_DEB_URL set the job downloads and installs the package (GitLab's
# job token only to its own API), without it the job builds from source and
# puts build/ on PATH. Every package file name and release tag the CI
# documents name is the one cpack writes for CMakeLists.txt's version.
# ($2 = repo root; tests/cli/ci_kit.sh runs the budgetcheck command lines.)
. "$(dirname "$0")/lib.bash" "$@"
version=$(sed -nE 's/^project\(budgetcheck VERSION ([0-9.]+) .*/\1/p' "$root/CMakeLists.txt")
gh=$root/docs/examples/github-budgetcheck.yml
gl=$root/docs/examples/gitlab-ci.yml

# Stubs: each records "name args…" (one line) in $tmp/log.
mkdir -p "$tmp/stubs"
for tool in curl apt-get git bash; do
  printf '#!/bin/sh\necho "%s $*" >>"%s/log"\n' "$tool" "$tmp" >"$tmp/stubs/$tool"
  chmod +x "$tmp/stubs/$tool"
done
logged() { grep -qxF -- "$1" "$tmp/log"; }
not_logged() { ! grep -q -- "^$1" "$tmp/log"; }

# The shell of a job's install steps, from the YAML: GitLab's before_script;
# GitHub's `run` steps before "Check the submissions" whose `if` holds for
# the URL given (a checkout step that would run is logged as "checkout PATH").
python3 - "$gh" "$gl" "$tmp" <<'PY' || fail "the examples are YAML of the expected shape"
import sys, yaml
gh, gl, tmp = sys.argv[1:]
job = yaml.safe_load(open(gl, encoding="utf-8"))["budgetcheck"]
open(f"{tmp}/gitlab.sh", "w").write("\n".join(job["before_script"]) + '\necho "PATH=$PATH" >>"$LOG"\n')
for k in ("BUDGETCHECK_DEB_URL", "BUDGETCHECK_REPOSITORY", "BUDGETCHECK_REF"):
    assert k in job["variables"], k
wf = yaml.safe_load(open(gh, encoding="utf-8"))
for url_set in (True, False):
    lines = []
    for step in wf["jobs"]["budgetcheck"]["steps"]:
        if step.get("name") == "Check the submissions":
            break
        cond = step.get("if", "")
        if cond == "env.BUDGETCHECK_DEB_URL != ''" and not url_set: continue
        if cond == "env.BUDGETCHECK_DEB_URL == ''" and url_set: continue
        assert cond in ("", "env.BUDGETCHECK_DEB_URL != ''", "env.BUDGETCHECK_DEB_URL == ''"), cond
        if "run" in step: lines.append(step["run"])
        elif step["uses"].startswith("actions/checkout@"):
            lines.append(f'echo "checkout {step.get("with", {}).get("path", ".")}" >>"$LOG"')
    open(f"{tmp}/github-{'deb' if url_set else 'source'}.sh", "w").write("\n".join(lines) + "\n")
for k in ("BUDGETCHECK_DEB_URL", "BUDGETCHECK_REPOSITORY", "BUDGETCHECK_REF"):
    assert k in wf["env"], k
PY

run_job() {  # SCRIPT URL
  : >"$tmp/log"; : >"$tmp/github_path"
  env -i HOME="$tmp" PATH="$tmp/stubs:/usr/bin:/bin" LOG="$tmp/log" \
    CI_API_V4_URL=https://gitlab.example.se/api/v4 CI_JOB_TOKEN=job-token \
    GITHUB_WORKSPACE=/ws GITHUB_PATH="$tmp/github_path" \
    BUDGETCHECK_DEB_URL="$2" BUDGETCHECK_REPOSITORY=https://gitlab.example.se/kommunen/budgetcheck.git BUDGETCHECK_REF=v$version \
    /bin/bash -e "$tmp/$1" >/dev/null 2>&1
}
deb=budgetcheck_${version}_amd64.deb

# ---------------------------------------------------------------- GitLab
api_url=https://gitlab.example.se/api/v4/projects/7/packages/generic/budgetcheck/$version/$deb
run_job gitlab.sh "$api_url"; rc=$?
check "gitlab, package from the registry: the install exits 0 (got $rc)" test "$rc" -eq 0
check "gitlab, package from the registry: downloaded with the job token" \
  logged "curl -fsSL --header JOB-TOKEN: job-token -o /tmp/budgetcheck.deb $api_url"
check "gitlab, package: installed with apt-get" logged "apt-get install -y -qq /tmp/budgetcheck.deb"
check "gitlab, package: nothing cloned or built" bash -c '! grep -Eq "^(git|bash) " "$1"' _ "$tmp/log"
other_url=https://downloads.example.se/budgetcheck/$deb
run_job gitlab.sh "$other_url"
check "gitlab, package from elsewhere: downloaded without the job token" \
  logged "curl -fsSL -o /tmp/budgetcheck.deb $other_url"
check "gitlab, package from elsewhere: installed" logged "apt-get install -y -qq /tmp/budgetcheck.deb"
run_job gitlab.sh ""; rc=$?
check "gitlab, from source: the install exits 0 (got $rc)" test "$rc" -eq 0
check "gitlab, from source: cloned at the ref" \
  logged "git clone --depth 1 --branch v$version https://gitlab.example.se/kommunen/budgetcheck.git /opt/budgetcheck"
check "gitlab, from source: built with .ci/setup" logged "bash /opt/budgetcheck/.ci/setup"
check "gitlab, from source: build/ on PATH for the script" grep -q "^PATH=/opt/budgetcheck/build:" "$tmp/log"
check "gitlab, from source: nothing downloaded" not_logged "curl -fsSL -o"

# ---------------------------------------------------------------- GitHub
gh_url=https://github.com/kommunen/budgetcheck/releases/download/v$version/$deb
run_job github-deb.sh "$gh_url"; rc=$?
check "github, package: the install steps exit 0 (got $rc)" test "$rc" -eq 0
check "github, package: downloaded" logged "curl -fsSL -o /tmp/budgetcheck.deb $gh_url"
check "github, package: installed with apt-get" logged "apt-get install -y -qq /tmp/budgetcheck.deb"
check "github, package: budgetcheck not checked out or built" \
  bash -c '! grep -Eq "^(checkout \.budgetcheck|bash )" "$1"' _ "$tmp/log"
run_job github-source.sh ""; rc=$?
check "github, from source: the install steps exit 0 (got $rc)" test "$rc" -eq 0
check "github, from source: budgetcheck checked out into .budgetcheck" logged "checkout .budgetcheck"
check "github, from source: built with .ci/setup" logged "bash .budgetcheck/.ci/setup"
check "github, from source: build/ on PATH for later steps" grep -qxF "/ws/.budgetcheck/build" "$tmp/github_path"
check "github, from source: nothing downloaded" not_logged "curl -fsSL -o"

# ---------------------------------------------------------------- names
# Package files and tags in the CI documents are this version's.
grep -ohE 'budgetcheck_[^ /"`]*\.deb' "$root/docs/ci.md" "$gh" "$gl" | sort -u >"$tmp/debs"
check "the CI documents name package files ($(wc -l <"$tmp/debs"))" test -s "$tmp/debs"
check "every package file named is $deb or the pattern budgetcheck_*.deb ($(tr '\n' ' ' <"$tmp/debs"))" \
  bash -c '! grep -qvxE "budgetcheck_('"${version//./\\.}"'_amd64|\*)\.deb" "$1"' _ "$tmp/debs"
grep -ohE '\bv[0-9]+\.[0-9]+\.[0-9]+\b' "$root/docs/ci.md" "$gh" "$gl" "$root/.pre-commit-hooks.yaml" | sort -u >"$tmp/tags"
check "every release tag named is v$version ($(tr '\n' ' ' <"$tmp/tags"))" bash -c '! grep -qvxF "v$2" "$1"' _ "$tmp/tags" "$version"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
