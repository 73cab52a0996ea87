#include "rules/limits.hpp"

#include "text/utf8.hpp"

namespace budgetcheck::rules {

std::string finding_text(std::string_view text) {
    std::string out = utf8::valid_or_replaced(text);
    if (out.size() <= kMaxFindingTextBytes) return out;
    out.resize(utf8::truncate_bytes(out, kMaxFindingTextBytes - kEllipsis.size()).size());
    out += kEllipsis;
    return out;
}

}  // namespace budgetcheck::rules
