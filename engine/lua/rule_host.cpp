// The rule host: load (compile every library and rule once) and run (every
// applicable rule against one submission). The jobs it is made of live
// beside it in engine/lua/: state.cpp (allocator, limits, hooks, protected
// calls), sandbox.cpp, readonly.cpp, guarded_functions.cpp, documents.cpp,
// report_api.cpp, chunk.cpp, messages.cpp, loader.cpp and rule_table.cpp;
// the Lua-free metadata, failures and diagnostics in engine/rules/.
#include "lua/rule_host.hpp"

#include <algorithm>
#include <string_view>

#include "lua/documents.hpp"
#include "lua/instances.hpp"
#include "lua/loader.hpp"
#include "lua/state.hpp"
#include "rules/diagnostics.hpp"
#include "rules/failure.hpp"

namespace budgetcheck::lua {

using namespace budgetcheck::rules;

RuleHost::RuleHost(std::unique_ptr<HostState> state) : state_(std::move(state)) {}
RuleHost::RuleHost(RuleHost&&) noexcept = default;
RuleHost& RuleHost::operator=(RuleHost&&) noexcept = default;
RuleHost::~RuleHost() = default;

const std::vector<RuleInfo>& RuleHost::rules() const { return state_->infos; }
const RuleLimits& RuleHost::limits() const { return state_->limits; }
std::size_t RuleHost::memory_in_use() const { return state_->used; }

// ---- loading -------------------------------------------------------------------

std::variant<RuleHost, std::vector<InputError>> RuleHost::load(std::vector<SourceText> libraries,
                                                               std::vector<SourceText> rules, RuleLimits limits) {
    auto state = std::make_unique<HostState>();
    HostState& h = *state;
    h.limits = limits;
    if (h.limits.document_memory_bytes == 0) h.limits.document_memory_bytes = kDocumentMemoryPerInputByte * (64u << 20);
    if (h.limits.coverage) h.hook_mask = LUA_MASKCOUNT | LUA_MASKLINE;
    std::vector<InputError> errors;
    if (!h.create_state(errors)) return errors;

    Loader loader(h, errors);
    for (const SourceText& file : libraries) loader.load_library(file);
    for (const SourceText& file : rules) loader.load_rule(file);
    h.flush_coverage();
    if (!errors.empty()) return errors;

    // The libraries stay as loaded and sealed; what the rules' top levels
    // did to their upvalues is put back (instances.hpp).
    for (const RuleRecord& rule : h.rules) release_instances(h.L, rule.chunk_ref);

    // What loading left behind is the baseline every run's memory cap adds to.
    lua_gc(h.L, LUA_GCCOLLECT);
    h.baseline = h.used;
    h.loaded = true;
    return RuleHost(std::move(state));
}

// ---- running -------------------------------------------------------------------

namespace {

Finding host_error(std::string sv, std::string en) {
    Finding f;
    f.rule_id = kRuleErrorId;
    f.severity = Severity::Error;
    f.message = Message{std::move(sv), std::move(en)};
    return f;
}

bool applies(const RuleInfo& info, const RunOptions& options) {
    if (std::find(options.skip_rules.begin(), options.skip_rules.end(), info.id) != options.skip_rules.end())
        return false;
    return applies_to_funding(info, options.funding);
}

// Converts both documents' roots (refs[kSubmission], refs[kPolicy]; LUA_REFNIL
// for an absent policy). On failure: the finding that says so, and false.
bool convert_documents(HostState& h, const DocumentInput (&inputs)[2], int (&refs)[2], std::vector<Finding>& out) {
    lua_State* L = h.L;
    for (std::uint32_t d = 0; d < 2; ++d) {
        if (!inputs[d].document) continue;
        if (h.kept_root_ref[d] != LUA_NOREF) {  // converted in an earlier run, still valid
            refs[d] = h.kept_root_ref[d];
            continue;
        }
        lua_pushcfunction(L, l_convert);
        lua_pushinteger(L, d);
        const HostState::CallResult r = h.call(1, 1);
        if (r.status != LUA_OK && h.document_refused) return false;
        if (r.status != LUA_OK) {
            const char* which_sv = d == kSubmission ? "inlämningen" : "policyn";
            const char* which_en = d == kSubmission ? "submission" : "policy";
            const bool memory = r.status == LUA_ERRMEM;
            out.push_back(host_error(
                std::string("Reglerna kördes inte: ") + which_sv + " kunde inte göras om till Lua-värden (" +
                    (memory ? "minnesgränsen " + mib(h.limits.memory_bytes, true) + " nåddes" : r.message_sv) + ")",
                std::string("The rules did not run: the ") + which_en + " could not be converted to Lua values (" +
                    (memory ? "the memory limit of " + mib(h.limits.memory_bytes, false) + " was reached" : r.message) +
                    ")"));
            return false;
        }
        refs[d] = luaL_ref(L, LUA_REGISTRYINDEX);
        if (h.kept[d]) h.kept_root_ref[d] = refs[d];
    }
    return true;
}

// The host error for documents over limits.document_memory_bytes.
InputError documents_too_large(const HostState& h) {
    return InputError{"", 0, 0, "limit.document-memory",
                      {"reglerna kördes inte färdigt: inlämningen och policyn behöver som Lua-värden mer än " +
                           mib(h.limits.document_memory_bytes, true) +
                           " (värdens minnesgräns för dokument, som växer med --max-file-size); ingen regel fick skulden",
                       "the rules did not run to the end: the submission and the policy need more than " +
                           mib(h.limits.document_memory_bytes, false) +
                           " as Lua values (the host's memory limit for documents, which grows with --max-file-size); "
                           "no rule is blamed"},
                      {}};
}

// Runs one rule from a fresh instance of its chunk (instances.hpp) under the limits;
// what it reported is in h.pending.
HostState::CallResult call_check(HostState& h, const RuleRecord& rule, const int (&refs)[2]) {
    lua_State* L = h.L;
    h.pending.clear();
    h.pending_figures.clear();
    h.reported = 0;
    h.pending_bytes = 0;
    h.in_rule = true;
    lua_pushcfunction(L, l_run_rule);
    lua_pushinteger(L, rule.chunk_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, refs[kSubmission]);
    lua_rawgeti(L, LUA_REGISTRYINDEX, refs[kPolicy]);
    lua_rawgeti(L, LUA_REGISTRYINDEX, h.report_ref);
    lua_pushinteger(L, static_cast<lua_Integer>(&rule - h.rules.data()));
    const HostState::CallResult r = h.call(5, 0);
    release_instances(L, rule.chunk_ref);
    h.in_rule = false;
    lua_settop(L, 0);
    return r;
}

RuleFailure failure_of(const HostState& h, const RuleInfo& info, const HostState::CallResult& r) {
    const FailureKind kind = r.cpu                                                ? FailureKind::CpuTime
                             : r.instructions                                       ? FailureKind::Instructions
                             : r.status == LUA_ERRMEM && r.string_bytes > 0          ? FailureKind::StringSize
                             : r.status == LUA_ERRMEM && r.allocation && !r.memory ? FailureKind::Allocation
                             : r.status == LUA_ERRMEM                              ? FailureKind::Memory
                             : r.message.find("stack overflow") != std::string::npos ? FailureKind::StackOverflow
                                                                                   : FailureKind::Error;
    return make_failure(info.id, r.file.empty() ? info.file : r.file, static_cast<std::uint32_t>(r.line), kind,
                        h.limits, Message{r.message_sv, r.message},
                        FailureDetail{kind == FailureKind::Instructions && r.charged_by ? r.charged_by : "",
                                      kind == FailureKind::StringSize ? r.string_bytes : r.charged_cost,
                                      h.run_values});
}

// A finding report{} accepted, with the pointer as given plus the line and
// column of the value it resolves to (or of its nearest existing ancestor).
Finding resolved(const json::Document& doc, const RuleInfo& info, PendingFinding& p) {
    Finding f;
    f.rule_id = info.id;
    f.severity = p.severity.value_or(info.severity);
    json::Value v;
    if (p.node >= 0) {
        v = doc.value(static_cast<std::uint32_t>(p.node));
        f.location.pointer = v.pointer();
    } else {
        f.location.pointer = std::move(p.pointer);
        if (p.located >= 0) v = doc.value(static_cast<std::uint32_t>(p.located));  // resolved by report{}
    }
    if (v.valid()) {
        const json::Position pos = v.position();
        f.location.line = pos.line;
        f.location.column = pos.column;
    }
    f.message = std::move(p.message);
    f.year = p.year;
    f.expected = std::move(p.expected);
    f.actual = std::move(p.actual);
    f.difference = p.difference;
    return f;
}

// Drops the Lua values of a kept document d (another takes its place).
void forget_kept(HostState& h, std::uint32_t d) {
    if (h.kept_root_ref[d] != LUA_NOREF) luaL_unref(h.L, LUA_REGISTRYINDEX, h.kept_root_ref[d]);
    h.kept_root_ref[d] = LUA_NOREF;
    h.kept[d] = nullptr;
    h.document_bytes[d] = 0;
}

// Starts a run's documents: a kept document that is the same as last run's
// keeps its values; any other gets a new generation, so values converted in
// an earlier run are recognised and refused.
void begin_run(HostState& h, const DocumentInput (&inputs)[2]) {
    for (std::uint32_t d = 0; d < 2; ++d) {
        const DocumentInput& in = inputs[d];
        const bool keep = in.document && in.keep.get() == in.document;
        if (keep && h.kept[d] == in.keep && h.money[d] == in.money && h.kept_root_ref[d] != LUA_NOREF) {
            h.documents[d] = in.document;
            continue;
        }
        forget_kept(h, d);
        h.generation[d] = (h.generation[d] + 1) & ((1u << 30) - 1);
        if (h.generation[d] == 0) h.generation[d] = 1;
        h.documents[d] = in.document;
        h.money[d] = in.money;
        if (keep) h.kept[d] = in.keep;
    }
}

// Drops the run's documents but kept ones: later reads of values a rule kept raise.
void end_run(HostState& h, const int (&refs)[2]) {
    for (std::uint32_t d = 0; d < 2; ++d) {
        if (refs[d] != h.kept_root_ref[d]) luaL_unref(h.L, LUA_REGISTRYINDEX, refs[d]);
        if (h.document_refused) forget_kept(h, d);  // may be half converted
        if (!h.kept[d]) {
            h.documents[d] = nullptr;
            h.document_bytes[d] = 0;
        }
    }
    lua_settop(h.L, 0);
    h.run_values = 0;
}

}  // namespace

RunResult RuleHost::run(DocumentInput submission, DocumentInput policy, const RunOptions& options) {
    HostState& h = *state_;
    RunResult result;
    std::vector<Finding>& out = result.findings;
    lua_settop(h.L, 0);
    if (!submission.document) {
        out.push_back(host_error("Inget dokument att kontrollera", "No document to check"));
        return result;
    }

    const DocumentInput inputs[2] = {submission, policy};
    h.document_refused = false;
    h.run_values = submission.document->value_count();
    h.figures.clear();
    begin_run(h, inputs);

    int refs[2] = {LUA_REFNIL, LUA_REFNIL};
    if (!convert_documents(h, inputs, refs, out)) {
        if (h.document_refused) result.errors.push_back(documents_too_large(h));
        end_run(h, refs);
        lua_gc(h.L, LUA_GCCOLLECT);
        return result;
    }

    for (const RuleRecord& rule : h.rules) {
        const RuleInfo& info = rule.info;
        if (!applies(info, options)) continue;
        const HostState::CallResult r = call_check(h, rule, refs);
        if (h.document_refused) {
            // The host's failure, whether or not the rule caught the error:
            // no rule runs on without the document, none is blamed.
            result.errors.push_back(documents_too_large(h));
            h.pending.clear();
            break;
        }
        if (r.status != LUA_OK) {
            result.failures.push_back(failure_of(h, info, r));
            h.pending.clear();
            continue;
        }
        for (PendingFinding& p : h.pending) out.push_back(resolved(*submission.document, info, p));
        if (h.reported > h.pending.size()) out.push_back(findings_capped(info.id, h.reported, h.pending.size()));
        h.pending.clear();
        // A failed rule's figures go with its findings: only complete runs publish.
        for (KeyFigure& f : h.pending_figures) {
            f.rule_id = info.id;
            h.figures.push_back(std::move(f));
        }
        h.pending_figures.clear();
    }
    result.figures = std::move(h.figures);
    h.figures.clear();

    // A large document is garbage now: free it before the next run, whose
    // rules would otherwise meet it at their memory cap.
    const bool large = h.document_bytes[kSubmission] > h.limits.memory_bytes / 4;
    end_run(h, refs);
    if (large) lua_gc(h.L, LUA_GCCOLLECT);
    h.flush_coverage();
    return result;
}

}  // namespace budgetcheck::lua
