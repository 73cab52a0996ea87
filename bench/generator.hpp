// Synthetic submissions for the benchmark and the batch tests, built from the
// structure of the repository's samples: a sample is parsed, edited
// (json::Editable) and printed again, so every generated document has the
// samples' shape and stays valid against schemas/submission.schema.json.
//
// Kinds:
//   small    samples/norrkoping-kultur-fritid-2024.json (≈9 KB), varied
//   typical  samples/vss-2024.json (≈34 KB), varied per seed: a few amounts
//            bumped (some files then fail the sum rules, as real ones do),
//            some indicators dropped, the organisation renamed
//   large    vss-2024 with 10 000 business-area and investment rows and
//            1 000 indicators (≈5 MB)
//   huge     vss-2024 grown to about 10 MB
//
// Header-only: bench/ and tests/batch_test.cpp both include it.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine.hpp"
#include "json/document.hpp"
#include "json/editable.hpp"

namespace budgetcheck::bench {

enum class Kind { Small, Typical, Large, Huge };

inline std::optional<Kind> parse_kind(std::string_view name) {
    if (name == "small") return Kind::Small;
    if (name == "typical") return Kind::Typical;
    if (name == "large") return Kind::Large;
    if (name == "huge") return Kind::Huge;
    return std::nullopt;
}

inline const char* kind_name(Kind kind) {
    switch (kind) {
        case Kind::Small: return "small";
        case Kind::Typical: return "typical";
        case Kind::Large: return "large";
        case Kind::Huge: return "huge";
    }
    return "";
}

namespace detail {

using json::Editable;

inline std::string slurp(const std::string& path) {
    FileRead read = read_file(path, std::uint64_t{1} << 30);
    if (read.error) throw std::runtime_error(path + ": " + read.error->message.en);
    return std::move(read.text);
}

inline Editable load(const std::string& path) {
    auto parsed = json::parse(slurp(path));
    if (parsed.error) throw std::runtime_error(path + ": " + parsed.error->message.en);
    return json::to_editable(parsed.document->root());
}

inline Editable* member(Editable& object, std::string_view key) {
    auto* members = std::get_if<Editable::Object>(&object.data);
    if (!members) return nullptr;
    for (auto& [k, v] : *members)
        if (k == key) return &v;
    return nullptr;
}

inline Editable* path(Editable& root, std::initializer_list<std::string_view> keys) {
    Editable* at = &root;
    for (auto key : keys) {
        if (!at) return nullptr;
        at = member(*at, key);
    }
    return at;
}

inline Editable::Array* array(Editable* value) { return value ? std::get_if<Editable::Array>(&value->data) : nullptr; }

inline void set_string(Editable* value, std::string text) {
    if (value) value->data = std::move(text);
}

// Changes a number's last digit (up, or down from 9): still a valid number
// with the same number of decimals, now a different amount.
inline void bump(Editable* value) {
    if (!value) return;
    auto* number = std::get_if<Editable::Number>(&value->data);
    if (!number || number->text.empty()) return;
    char& last = number->text.back();
    if (last >= '0' && last < '9') ++last;
    else if (last == '9') --last;
}

// Small deterministic generator (SplitMix64): the same seed gives the same file on
// every machine and standard library.
struct Random {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
};

// Appends copies of the elements of `rows` until it has `count`, giving each
// copy a fresh "id" (when the rows have one) and a numbered "name".
inline void grow(Editable::Array& rows, std::size_t count, std::string_view prefix) {
    const std::size_t originals = rows.size();
    if (originals == 0) return;
    rows.reserve(count);
    for (std::size_t i = originals; i < count; ++i) {
        Editable copy = rows[i % originals];
        if (Editable* id = member(copy, "id")) set_string(id, std::string(prefix) + "-" + std::to_string(i));
        if (Editable* name = member(copy, "name")) {
            if (auto* text = std::get_if<std::string>(&name->data)) *text += " " + std::to_string(i);
        }
        rows.push_back(std::move(copy));
    }
}

}  // namespace detail

// One generated submission as JSON text. `samples_dir` holds the samples.
inline std::string generate(Kind kind, std::uint64_t seed, const std::string& samples_dir) {
    using namespace detail;
    Random random{seed * 7919 + static_cast<std::uint64_t>(kind)};
    Editable doc = load(samples_dir + (kind == Kind::Small ? "/norrkoping-kultur-fritid-2024.json" : "/vss-2024.json"));

    if (Editable* name = path(doc, {"organisation", "name"}))
        if (auto* text = std::get_if<std::string>(&name->data)) *text += " (syntetisk " + std::to_string(seed) + ")";

    auto* areas = array(path(doc, {"business_areas", "areas"}));
    auto* investments = array(path(doc, {"investments", "rows"}));
    auto* indicators = array(member(doc, "indicators"));

    if (kind == Kind::Small || kind == Kind::Typical) {
        // Every other file gets a few amounts changed: its sums no longer add up.
        if (areas && !areas->empty() && random.below(2) == 0) {
            const std::size_t changes = 1 + random.below(3);
            for (std::size_t i = 0; i < changes; ++i) {
                Editable& area = (*areas)[random.below(areas->size())];
                static constexpr const char* kYears[] = {"2024", "2025", "2026"};
                bump(path(area, {"cost", kYears[random.below(3)]}));
            }
        }
        // Some files lack their last indicators (a goal may then point at nothing).
        if (indicators && indicators->size() > 4 && kind == Kind::Typical) {
            const std::size_t drop = random.below(3);
            indicators->resize(indicators->size() - drop);
        }
        return json::to_json_text(doc);
    }

    const std::size_t rows = kind == Kind::Large ? 10'000 : 18'000;
    const std::size_t indicator_count = kind == Kind::Large ? 1'000 : 1'800;
    if (areas) grow(*areas, rows / 2, "omrade");
    if (investments) grow(*investments, rows / 2, "investering");
    if (indicators) grow(*indicators, indicator_count, "indikator");
    return json::to_json_text(doc);
}

}  // namespace budgetcheck::bench
