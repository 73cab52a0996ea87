// Every file runs every rule from the same state (issue 12 item 3), without
// building the libraries again for every rule run (item 11).
//
// A rule run executes the rule's compiled chunk again in a fresh _ENV over
// the shared read-only builtins and calls the `check` that run returned: the
// rule's globals and file-level locals begin anew for each file and rule.
//
// The libraries run once per host, when it loads; then each is sealed: every
// table reachable from it (its returned table, its global environment, and,
// through the upvalues of every function reachable from those, its
// file-level locals) is made read-only, except tables that are empty when
// loading ends, and every upvalue is recorded with the value loading left.
// After every rule run the recorded upvalues get those values back, and the
// empty tables are replaced by new empty ones. So what a library keeps
// during one rule run (a cache, a counter, a whole submission) is garbage
// when the run ends, exactly as if the library had been built anew: results
// do not depend on --jobs, on earlier files or on the requests `serve`
// answered before, and no rule is charged for memory another kept.
#pragma once

#include <lua.hpp>

namespace budgetcheck::lua {

// (chunk ref, submission, policy, report, rule index): runs the rule whose
// compiled chunk is registry reference `chunk ref` in a fresh _ENV, then calls
// its check(submission, policy, report, params) (parameters.hpp). Runs inside
// the rule's protected call, so the instantiation counts against the rule's
// limits.
int l_run_rule(lua_State* L);

// (library table, message in Swedish, in English) -> its read-only proxy,
// after sealing the library as described above. Raises for state that
// cannot be put back: a full userdata other than null (a string.gmatch
// iterator made while loading).
int l_seal_library(lua_State* L);

// After a rule run (or a rule file's load): unbinds the rule chunk's _ENV,
// which would otherwise keep that run's globals alive, and puts every
// library's upvalues back as loading left them. Never raises (limits off).
void release_instances(lua_State* L, int rule_chunk_ref);

}  // namespace budgetcheck::lua
