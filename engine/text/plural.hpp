// A number with its noun in the right form, for messages that quote a count
// or a limit: counted(1, "nivå", "nivåer") is "1 nivå", counted(3, "nivå",
// "nivåer") "3 nivåer"; counted(1, "byte", "bytes") "1 byte". Swedish and
// English alike: the caller gives both forms (Swedish "byte" is the same in
// both, English "0 bytes" takes the plural).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace budgetcheck::text {

inline std::string counted(std::uint64_t n, std::string_view one, std::string_view many) {
    std::string out = std::to_string(n);
    out += ' ';
    out += n == 1 ? one : many;
    return out;
}

}  // namespace budgetcheck::text
