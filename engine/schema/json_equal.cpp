// json::json_equal (declared in json/document.hpp) and a hash consistent
// with it, for `enum`, `const` and `uniqueItems`.
#include <functional>

#include "schema/json_hash.hpp"
#include "schema/number.hpp"

namespace budgetcheck::json {

bool json_equal(Value a, Value b) {
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case Kind::Null: return true;
        case Kind::Bool: return a.as_bool() == b.as_bool();
        case Kind::String: return a.as_string() == b.as_string();
        case Kind::Number: {
            if (a.number_text() == b.number_text()) return true;
            const auto x = schema::parse_decimal(a.number_text());
            const auto y = schema::parse_decimal(b.number_text());
            return x && y && schema::compare(*x, *y) == 0;
        }
        case Kind::Array:
            if (a.size() != b.size()) return false;
            for (std::size_t i = 0; i < a.size(); ++i)
                if (!json_equal(a.at(i), b.at(i))) return false;
            return true;
        case Kind::Object:
            if (a.size() != b.size()) return false;
            // Keys are unique (the parser rejects duplicates), so each member
            // of `a` matching one in `b` with equal size means equal sets.
            for (std::size_t i = 0; i < a.size(); ++i) {
                const Value other = b.find(a.key_at(i));
                if (!other.valid() || !json_equal(a.at(i), other)) return false;
            }
            return true;
    }
    return false;
}

}  // namespace budgetcheck::json

namespace budgetcheck::schema {
namespace {

std::size_t mix(std::size_t seed, std::size_t value) {
    return seed ^ (value + 0x9e3779b97f4a7c15ull + (seed << 6) + (seed >> 2));
}

}  // namespace

std::size_t json_hash(json::Value value) {
    const std::hash<std::string_view> hash_text;
    std::size_t seed = static_cast<std::size_t>(value.kind());
    switch (value.kind()) {
        case json::Kind::Null: return seed;
        case json::Kind::Bool: return mix(seed, value.as_bool());
        case json::Kind::String: return mix(seed, hash_text(value.as_string()));
        case json::Kind::Number: {
            // Hash the normalised form so 1, 1.0 and 1e0 collide.
            const auto d = parse_decimal(value.number_text());
            if (!d) return mix(seed, hash_text(value.number_text()));
            return mix(mix(mix(seed, d->negative), hash_text(d->digits)), static_cast<std::size_t>(d->exponent));
        }
        case json::Kind::Array:
            for (std::size_t i = 0; i < value.size(); ++i) seed = mix(seed, json_hash(value.at(i)));
            return seed;
        case json::Kind::Object: {
            // Order-independent: members are summed.
            std::size_t members = 0;
            for (std::size_t i = 0; i < value.size(); ++i)
                members += mix(hash_text(value.key_at(i)), json_hash(value.at(i)));
            return mix(seed, members);
        }
    }
    return seed;
}

}  // namespace budgetcheck::schema
