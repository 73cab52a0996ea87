#include "rules/limits.hpp"

#include <limits>

#include "text/utf8.hpp"

namespace budgetcheck::rules {

std::string finding_text(std::string_view text) {
    // Only what can be kept is checked and copied: replacing a bad byte
    // never makes the text shorter, and a sequence cut at the end lies in
    // the last 3 bytes, which the cut below drops anyway.
    const bool longer = text.size() > kMaxFindingTextBytes;
    if (longer) text = text.substr(0, kMaxFindingTextBytes);
    std::string out = utf8::valid_or_replaced(text);
    if (!longer && out.size() <= kMaxFindingTextBytes) return out;
    out.resize(utf8::truncate_bytes(out, kMaxFindingTextBytes - kEllipsis.size()).size());
    out += kEllipsis;
    return out;
}

namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

}  // namespace

std::uint64_t RuleLimits::instruction_budget(std::uint64_t values) const {
    if (instructions_per_value != 0 && values > (kMax - instructions) / instructions_per_value) return kMax;
    return instructions + instructions_per_value * values;
}

std::uint64_t RuleLimits::cpu_ms_for(std::uint64_t values) const {
    const std::uint64_t budget = instruction_budget(values);
    if (cpu_ms == 0 || instructions == 0 || budget == instructions) return cpu_ms;
    // A deadline, not money: long double keeps 64 bits of precision.
    const long double scaled = static_cast<long double>(cpu_ms) * static_cast<long double>(budget) /
                               static_cast<long double>(instructions);
    return scaled >= static_cast<long double>(kMax) ? kMax : static_cast<std::uint64_t>(scaled);
}

}  // namespace budgetcheck::rules
