// Finding and loading one policy pack for the pack commands (new-pack,
// diff-packs), without loading rules: a pack is named by its id (an
// installed rules/policies/<id>/), a folder holding policy.json, or the file.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"

namespace budgetcheck::packs {

// A file as messages show it: relative to the data dir when inside it.
std::string shown_name(const std::string& data_dir, const std::string& file);

// The compiled schemas/policy.schema.json of `data_dir`; null with errors.
std::unique_ptr<schema::CompiledSchema> policy_schema(const std::string& data_dir, std::vector<InputError>& errors);

// The policy.json a reference names, or nullopt with an error that lists the
// installed pack ids.
std::optional<std::string> resolve_pack(const std::string& data_dir, const std::string& reference,
                                        std::vector<InputError>& errors);

// Resolve and load (schema, money, load-time checks: load_policy_pack).
std::optional<PolicyPack> load_pack(const std::string& data_dir, const std::string& reference,
                                    const schema::CompiledSchema& schema, std::vector<InputError>& errors);

// id, municipality and KF decision date of each installed pack that parses.
struct InstalledPack {
    std::string id, municipality, kf_date, file;
};
std::vector<InstalledPack> installed_packs(const std::string& data_dir);

}  // namespace budgetcheck::packs
