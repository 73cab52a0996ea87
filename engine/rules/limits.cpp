#include "rules/limits.hpp"

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

}  // namespace budgetcheck::rules
