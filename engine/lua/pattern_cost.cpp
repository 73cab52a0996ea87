#include "lua/pattern_cost.hpp"

#include <cctype>
#include <limits>

namespace budgetcheck::lua::detail {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
constexpr std::size_t kMalformed = std::string_view::npos;

std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
    if (a == 0 || b == 0) return 0;
    if (a > kMax / b) return kMax;
    return a * b;
}

std::uint64_t add(std::uint64_t a, std::uint64_t b) { return a > kMax - b ? kMax : a + b; }

bool named_class(unsigned char c, unsigned char cl) {
    bool res;
    switch (std::tolower(cl)) {
        case 'a': res = std::isalpha(c); break;
        case 'c': res = std::iscntrl(c); break;
        case 'd': res = std::isdigit(c); break;
        case 'g': res = std::isgraph(c); break;
        case 'l': res = std::islower(c); break;
        case 'p': res = std::ispunct(c); break;
        case 's': res = std::isspace(c); break;
        case 'u': res = std::isupper(c); break;
        case 'w': res = std::isalnum(c); break;
        case 'x': res = std::isxdigit(c); break;
        default: return cl == c;  // "%." etc.: the character itself
    }
    return std::isupper(cl) ? !res : res;
}

// Index just past the single-character class starting at `i`, or kMalformed.
std::size_t class_end(std::string_view p, std::size_t i) {
    if (i >= p.size()) return kMalformed;
    const char c = p[i++];
    if (c == '%') return i < p.size() ? i + 1 : kMalformed;
    if (c != '[') return i;
    if (i < p.size() && p[i] == '^') ++i;
    // The first character after '[' (or '[^') is part of the set even if it is ']'.
    do {
        if (i >= p.size()) return kMalformed;
        const char d = p[i++];
        if (d == '%') {
            if (i >= p.size()) return kMalformed;
            ++i;
        }
    } while (i >= p.size() || p[i] != ']');
    return i + 1;
}

}  // namespace

bool class_matches(std::string_view p, std::size_t begin, std::size_t end, unsigned char c) {
    const char first = p[begin];
    if (first == '.') return true;
    if (first == '%') return named_class(c, static_cast<unsigned char>(p[begin + 1]));
    if (first != '[') return static_cast<unsigned char>(first) == c;
    // A set: p[begin] == '[' and p[end - 1] == ']'.
    std::size_t i = begin + 1;
    const std::size_t close = end - 1;
    bool positive = true;
    if (p[i] == '^') {
        positive = false;
        ++i;
    }
    while (i < close) {
        const unsigned char d = static_cast<unsigned char>(p[i]);
        if (d == '%' && i + 1 < end) {
            if (named_class(c, static_cast<unsigned char>(p[i + 1]))) return positive;
            i += 2;
        } else if (i + 2 < close && p[i + 1] == '-') {
            if (d <= c && c <= static_cast<unsigned char>(p[i + 2])) return positive;
            i += 3;
        } else {
            if (d == c) return positive;
            ++i;
        }
    }
    return !positive;
}

std::uint64_t pattern_cost(std::string_view s, std::string_view p, bool anchorable) {
    const std::uint64_t n = s.size();
    std::uint64_t starts = n + 1;
    std::size_t i = 0;
    if (anchorable && !p.empty() && p[0] == '^') {
        starts = 1;
        i = 1;
    }
    std::uint64_t branching = 1;  // product of the ways each item can be tried
    std::uint64_t items = 1;      // work per try (each item once, %b and %1 up to n)
    while (i < p.size()) {
        const char c = p[i];
        if (c == '(' || c == ')') {
            ++i;
            items = add(items, 1);
            continue;
        }
        if (c == '$' && i + 1 == p.size()) {
            ++i;
            items = add(items, 1);
            continue;
        }
        if (c == '%' && i + 1 < p.size()) {
            const char d = p[i + 1];
            if (d == 'b') {
                i += 4;  // %bxy
                items = add(items, n + 1);
                continue;
            }
            if (d == 'f') {
                const std::size_t e = class_end(p, i + 2);
                if (e == kMalformed) break;  // Lua reports the malformed pattern itself
                i = e;
                items = add(items, 1);
                continue;
            }
            if (d >= '0' && d <= '9') {
                i += 2;
                items = add(items, n + 1);
                continue;
            }
        }
        const std::size_t e = class_end(p, i);
        if (e == kMalformed) break;
        items = add(items, 1);
        const char q = e < p.size() ? p[e] : '\0';
        if (q == '*' || q == '+' || q == '-') {
            std::uint64_t longest = 0, run = 0;
            if (p[i] == '.') {
                longest = n;
            } else {
                for (const char ch : s) {
                    if (class_matches(p, i, e, static_cast<unsigned char>(ch))) {
                        if (++run > longest) longest = run;
                    } else {
                        run = 0;
                    }
                }
            }
            branching = mul(branching, longest + 1);
            // Counting the run costs up to `longest` steps on every try.
            items = add(items, longest);
            i = e + 1;
        } else if (q == '?') {
            branching = mul(branching, 2);
            i = e + 1;
        } else {
            i = e;
        }
    }
    return mul(mul(starts, branching), items);
}

}  // namespace budgetcheck::lua::detail
