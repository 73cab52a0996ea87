-- luacheck configuration for the rule files (run by tests/cli/luacheck.sh).
-- Rules run in a sandbox with Lua 5.4's base, table, string, math and utf8
-- libraries and a few host globals; anything else is a mistake.
std = "lua54"
max_line_length = false
read_globals = {
  "budget",   -- rules/lib/budget.lua, the shared helpers
  "null",     -- JSON null in the submission and policy
  "pointer",  -- pointer(node [, key]): JSON Pointer of a submission node
  "host",     -- host.normalise(text): functions the host gives in C
}
-- The sandbox removes these; flag any use early.
not_globals = { "io", "os", "require", "load", "loadfile", "dofile", "debug", "package", "coroutine",
                "collectgarbage", "setmetatable", "getmetatable", "rawset", "rawget", "rawequal", "rawlen" }
files["rules/lib/*.lua"] = { read_globals = { "null", "pointer", "host" } }
-- Every rule's check(submission, policy, report) has the same signature, used or not.
unused_args = false
