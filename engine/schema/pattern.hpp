// JSON Schema `pattern`, `patternProperties` and `format: regex`, on PCRE2.
//
// Why not std::regex: its matcher recurses once per subject character (a
// long string overflows the stack), it matches bytes rather than code
// points, it accepts non-ECMAScript syntax such as `a**` and it has no step
// limit, so one nested quantifier hangs it (found by fuzz_schema). PCRE2
// matches on the heap under a step and a memory limit; a match that hits
// them is reported as unchecked, never as a pass.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace budgetcheck::schema {

// Steps (PCRE2 "match limit") and backtracking memory one match may use.
inline constexpr unsigned kPatternMatchSteps = 10'000'000;
inline constexpr unsigned kPatternMatchHeapKiB = 64 * 1024;

class Pattern {
public:
    enum class Match : unsigned char { Yes, No, Unchecked };

    // The compiled pattern, or why it is not one (PCRE2's message and the
    // 1-based code-point offset in the pattern).
    static std::variant<Pattern, std::string> compile(std::string_view source);

    // Searches anywhere in `subject` (valid UTF-8), as ECMAScript `test`
    // does. Unchecked: the step or memory limit was reached.
    [[nodiscard]] Match search(std::string_view subject) const;

    [[nodiscard]] const std::string& source() const { return source_; }

private:
    struct Code;
    Pattern(std::string source, std::shared_ptr<const Code> code);
    std::string source_;
    std::shared_ptr<const Code> code_;  // immutable once compiled; shared by copies
};

}  // namespace budgetcheck::schema
