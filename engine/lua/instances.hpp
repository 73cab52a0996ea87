// Every file runs every rule from the same state (issue 12 item 3): a rule
// run executes the rule's compiled chunk again, and every library's, in
// fresh _ENVs over the shared read-only builtins, and calls the `check` that
// fresh run returned. Globals, file-level locals (upvalues), tables in them
// and a library's own state therefore begin anew for each file and each
// rule, so results do not depend on --jobs or on the requests `serve`
// answered before, and what one rule keeps is garbage once it returns:
// no other rule is charged for it.
#pragma once

#include <lua.hpp>

namespace budgetcheck::lua {

// (chunk ref, submission, policy, report, rule index): instantiates the
// libraries and the rule whose compiled chunk is registry reference `chunk
// ref`, then calls its check(submission, policy, report, params)
// (parameters.hpp). Runs inside the rule's
// protected call, so the instantiation counts against the rule's limits.
int l_run_rule(lua_State* L);

// After a rule run: unbinds the _ENV of the rule's and every library's
// compiled chunk, which would otherwise keep that run's globals (and all
// they reach) alive until the next run. Never raises.
void release_instances(lua_State* L, int rule_chunk_ref);

}  // namespace budgetcheck::lua
