// libFuzzer target: the JSON loader (engine/json/parser.cpp, document.cpp).
// Any input: parse never crashes, never recurses, and every value of a
// parsed document is reachable through its own JSON Pointer.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "json/decimal.hpp"
#include "json/document.hpp"
#include "money.hpp"

using namespace budgetcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    json::ParseLimits limits;
    limits.max_bytes = 1u << 20;
    auto parsed = json::parse(std::string(reinterpret_cast<const char*>(data), size), limits);
    if (parsed.error) {
        const auto& e = *parsed.error;
        // An error always has a position inside (or just past) the input.
        if (e.position.line == 0 || e.position.column == 0 || e.position.offset > size || e.code.empty() ||
            e.message.sv.empty() || e.message.en.empty() || e.snippet.size() > 400)
            std::abort();
        return 0;
    }
    const json::Document& doc = *parsed.document;
    for (std::uint32_t id = 0; id < doc.value_count(); ++id) {
        const json::Value v = doc.value(id);
        const std::string pointer = v.pointer();
        if (!(doc.resolve(pointer) == v)) std::abort();
        const json::Position p = v.position();
        if (p.offset >= size || p.line == 0 || p.column == 0) std::abort();
        const json::Position q = doc.position_of(p.offset);
        if (q.line != p.line || q.column != p.column) std::abort();
        (void)doc.line_text(p.line);
        if (v.is_number()) {
            (void)v.as_double();
            // Exactness: the same number in kr, tkr and mnkr scales by exactly
            // 1 000, and is refused only when the result leaves ±2^53.
            constexpr std::int64_t kMax = std::int64_t{1} << 53;
            const auto kr = to_kronor(v.number_text(), Unit::Kr).kronor;
            const auto tkr = to_kronor(v.number_text(), Unit::Tkr).kronor;
            const auto mnkr = to_kronor(v.number_text(), Unit::Mnkr).kronor;
            if (kr && (*kr > kMax || *kr < -kMax)) std::abort();
            if (kr && tkr && *tkr != *kr * 1000) std::abort();
            if (tkr && mnkr && *mnkr != *tkr * 1000) std::abort();
            if (kr && *kr <= kMax / 1000 && *kr >= -kMax / 1000 && !tkr) std::abort();
            if (tkr && (*tkr % 1000) == 0 && *tkr / 1000 != kr.value_or(*tkr / 1000 + 1)) std::abort();
            const auto integer = v.as_integer();
            if (kr && (!integer || *integer != *kr)) std::abort();
        }
        if (v.is_object())
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (!(v.find(v.key_at(i)) == v.at(i))) std::abort();  // no duplicate keys survive
                (void)v.key_position(i);
            }
        if (!json::json_equal(v, v)) std::abort();
    }
    return 0;
}
