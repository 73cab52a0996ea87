// The only file that includes PCRE2.
#include "schema/pattern.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>

#include <fmt/format.h>

#include "text/utf8.hpp"

namespace budgetcheck::schema {

namespace {

// ECMAScript semantics as far as PCRE2 offers them: code points, not bytes
// (UTF); `$` only at the very end (DOLLAR_ENDONLY); \uHHHH escapes
// (ALT_BSUX); a backreference to an unset group matches the empty string.
// \d, \w and \s stay ASCII as in ECMAScript without the u flag (no UCP).
constexpr std::uint32_t kCompileOptions =
    PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX | PCRE2_MATCH_UNSET_BACKREF | PCRE2_NEVER_BACKSLASH_C;

struct MatchContext {
    pcre2_match_context* context = pcre2_match_context_create(nullptr);
    MatchContext() {
        pcre2_set_match_limit(context, kPatternMatchSteps);
        pcre2_set_heap_limit(context, kPatternMatchHeapKiB);
    }
    ~MatchContext() { pcre2_match_context_free(context); }
    MatchContext(const MatchContext&) = delete;
    MatchContext& operator=(const MatchContext&) = delete;
};

const MatchContext& limits() {
    static const MatchContext context;  // read-only after construction: safe to share between threads
    return context;
}

// One ovector pair is enough: a search only asks whether there is a match.
// One buffer per thread, reused by every match on that thread.
struct MatchData {
    pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
    MatchData() {
        if (!data) throw std::bad_alloc();
    }
    ~MatchData() { pcre2_match_data_free(data); }
    MatchData(const MatchData&) = delete;
    MatchData& operator=(const MatchData&) = delete;
};

}  // namespace

struct Pattern::Code {
    pcre2_code* code;
    explicit Code(pcre2_code* c) : code(c) {}
    ~Code() { pcre2_code_free(code); }
    Code(const Code&) = delete;
    Code& operator=(const Code&) = delete;
};

Pattern::Pattern(std::string source, std::shared_ptr<const Code> code)
    : source_(std::move(source)), code_(std::move(code)) {}

std::variant<Pattern, std::string> Pattern::compile(std::string_view source) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(source.data()), source.size(), kCompileOptions,
                                     &error, &offset, nullptr);
    if (!code) {
        PCRE2_UCHAR text[256];
        pcre2_get_error_message(error, text, sizeof text);
        const std::size_t column = 1 + utf8::count_code_points(source.substr(0, std::min<std::size_t>(offset, source.size())));
        return fmt::format("{} at character {}", reinterpret_cast<const char*>(text), column);
    }
    // Machine code for the matcher where PCRE2 can make it (several times
    // faster; the step limit applies to it too). Without it, the interpreter.
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    return Pattern(std::string(source), std::make_shared<const Code>(code));
}

Pattern::Match Pattern::search(std::string_view subject) const {
    thread_local const MatchData match_data;
    const auto match = [&](std::uint32_t options) {
        return pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, options,
                           match_data.data, limits().context);
    };
    int rc = match(0);
    // The JIT matcher backtracks on a small machine stack; a subject that
    // needs more (a long string against a repeated group) goes to the
    // interpreter, which backtracks on the heap under kPatternMatchHeapKiB.
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT) rc = match(PCRE2_NO_JIT);
    if (rc >= 0) return Match::Yes;  // 0: matched, the ovector was too small for the groups
    if (rc == PCRE2_ERROR_NOMATCH) return Match::No;
    // Match, heap, depth or JIT stack limit, or an invalid subject (cannot happen: the
    // parser only produces valid UTF-8): not known, so not a pass.
    return Match::Unchecked;
}

}  // namespace budgetcheck::schema
