// Helpers the engine's own files share (engine.cpp, read_file.cpp,
// policy_loading.cpp, money_values.cpp); not part of the engine's interface.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"
#include "json/document.hpp"
#include "money.hpp"

namespace budgetcheck::engine_parts {

// An error about a whole file (no line).
InputError input_error(std::string file, std::string code, Message message);
InputError parse_error_of(const std::string& file, const json::ParseError& e);

struct LoadedJson {
    std::shared_ptr<const json::Document> document;
    std::optional<InputError> error;
};
// Reads and parses one of our own JSON files (schema, policy pack).
LoadedJson load_json_file(const std::string& path, const json::ParseLimits& limits);

// A string value's text, "" for anything else.
std::string text_of(json::Value v);

// Exact kronor for every value the schema marked x-money; a value that is
// not a whole number of kronor becomes a money.exact finding (when
// `findings` is given) and is left out.
rules::MoneyValues convert_money(const json::Document& doc, const std::vector<std::uint32_t>& money_ids, Unit unit,
                                 std::vector<Finding>* findings);
// limit.money-total: the file's amounts add up beyond 2^53 kr (money_values.cpp).
std::optional<InputError> money_total_error(const json::Document& doc, const rules::MoneyValues& money,
                                            const std::string& file);

// The installed packs (indices into `packs`) as a set: ids match their
// folders, no two encode one decision (policy_loading.cpp).
std::vector<InputError> check_pack_set(const std::vector<PolicyPack>& packs, const std::vector<std::size_t>& installed);

}  // namespace budgetcheck::engine_parts
