// libFuzzer target: the draft-07 schema layer (engine/schema), with both the
// schema and the document fuzzed. Input: SCHEMA NUL DOCUMENT (a JSON text
// cannot contain a raw NUL byte, so the split is unambiguous); without a NUL
// the input is validated against itself as a schema.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "json/document.hpp"
#include "schema/validator.hpp"

using namespace budgetcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = input.find('\0');
    const std::string_view schema_text = input.substr(0, nul);
    const std::string_view document_text = nul == std::string_view::npos ? input : input.substr(nul + 1);

    json::ParseLimits limits;
    limits.max_bytes = 1u << 20;
    auto schema_doc = json::parse(std::string(schema_text), limits);
    if (schema_doc.error) return 0;
    auto document = json::parse(std::string(document_text), limits);
    if (document.error) return 0;

    auto compiled = schema::CompiledSchema::compile(
        std::shared_ptr<const json::Document>(std::move(schema_doc.document)), "http://fuzz.invalid/schema.json");
    if (std::holds_alternative<std::string>(compiled)) {
        if (std::get<std::string>(compiled).empty()) std::abort();  // an error always says what
        return 0;
    }
    const auto& schema = std::get<schema::CompiledSchema>(compiled);
    const auto result = schema.validate(document.document->root());
    for (const auto& v : result.violations) {
        if (!v.instance.valid() || &v.instance.document() != document.document.get()) std::abort();
        if (v.keyword.empty() || v.message.sv.empty() || v.message.en.empty()) std::abort();
        (void)v.instance.pointer();
    }
    if (!std::is_sorted(result.money_values.begin(), result.money_values.end()) ||
        std::adjacent_find(result.money_values.begin(), result.money_values.end()) != result.money_values.end())
        std::abort();
    for (std::uint32_t id : result.money_values)
        if (id >= document.document->value_count()) std::abort();
    // Validation is a pure function of schema and document.
    if (schema.validate(document.document->root()).violations.size() != result.violations.size()) std::abort();
    return 0;
}
