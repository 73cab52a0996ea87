#include "packs/pack_files.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "schema/validator.hpp"

namespace budgetcheck::packs {

namespace fs = std::filesystem;

namespace {

InputError general_error(std::string file, std::string code, Message message) {
    return InputError{std::move(file), 0, 0, std::move(code), std::move(message), {}};
}

}  // namespace

std::string shown_name(const std::string& data_dir, const std::string& file) {
    std::error_code ec;
    const std::string shown = fs::relative(file, data_dir, ec).generic_string();
    return ec || shown.empty() || shown.rfind("..", 0) == 0 ? file : shown;
}

std::unique_ptr<schema::CompiledSchema> policy_schema(const std::string& data_dir, std::vector<InputError>& errors) {
    const std::string path = (fs::path(data_dir) / "schemas/policy.schema.json").string();
    auto read = read_file(path, 16u << 20);
    if (read.error) {
        errors.push_back(*read.error);
        return nullptr;
    }
    auto parsed = json::parse(std::move(read.text));
    if (!parsed.document) {
        const auto& e = *parsed.error;
        errors.push_back(InputError{path, e.position.line, e.position.column, e.code, e.message, e.snippet});
        return nullptr;
    }
    auto compiled = schema::CompiledSchema::compile(std::shared_ptr<const json::Document>(std::move(parsed.document)),
                                                    "file://" + path);
    if (auto* message = std::get_if<std::string>(&compiled)) {
        errors.push_back(general_error(path, "schema.invalid", Message::english_only(*message)));
        return nullptr;
    }
    return std::make_unique<schema::CompiledSchema>(std::move(std::get<schema::CompiledSchema>(compiled)));
}

std::vector<InstalledPack> installed_packs(const std::string& data_dir) {
    std::vector<InstalledPack> out;
    std::error_code ec;
    for (auto it = fs::directory_iterator(fs::path(data_dir) / "rules/policies", ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const fs::path file = it->path() / "policy.json";
        if (!fs::is_regular_file(file)) continue;
        auto read = read_file(file.string(), 64u << 20);
        if (read.error) continue;
        const auto parsed = json::parse(std::move(read.text));
        if (!parsed.document) continue;
        const json::Value pack = parsed.document->root()["pack"];
        auto text = [](json::Value v) { return v.is_string() ? std::string(v.as_string()) : std::string(); };
        out.push_back({text(pack["id"]), text(pack["municipality"]), text(pack["kf_decision"]["date"]),
                       shown_name(data_dir, file.string())});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
    return out;
}

std::optional<std::string> resolve_pack(const std::string& data_dir, const std::string& reference,
                                        std::vector<InputError>& errors) {
    std::error_code ec;
    const fs::path given(reference);
    if (fs::is_directory(given, ec) && fs::is_regular_file(given / "policy.json", ec))
        return (given / "policy.json").string();
    if (fs::is_regular_file(given, ec)) return given.string();
    const fs::path installed = fs::path(data_dir) / "rules/policies" / reference / "policy.json";
    if (reference.find('/') == std::string::npos && fs::is_regular_file(installed, ec)) return installed.string();
    std::string ids;
    for (const auto& pack : installed_packs(data_dir)) ids += (ids.empty() ? "" : ", ") + pack.id;
    errors.push_back(general_error(
        reference, "pack.not-found",
        {fmt::format("inget policypaket heter så: ange ett paket-id ({}), en mapp med policy.json eller filen", ids),
         fmt::format("no such policy pack: give a pack id ({}), a folder holding policy.json, or the file", ids)}));
    return std::nullopt;
}

std::optional<PolicyPack> load_pack(const std::string& data_dir, const std::string& reference,
                                    const schema::CompiledSchema& schema, std::vector<InputError>& errors) {
    const auto file = resolve_pack(data_dir, reference, errors);
    if (!file) return std::nullopt;
    const std::size_t before = errors.size();
    auto pack = load_policy_pack(*file, shown_name(data_dir, *file), schema, errors);
    if (errors.size() != before) return std::nullopt;  // a broken pack is not compared or copied
    return pack;
}

}  // namespace budgetcheck::packs
