#include "engine.hpp"
#include "place.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "json/decimal.hpp"

#include "author_checks.hpp"
#include "policy_checks.hpp"
#include "unfinished.hpp"
#include "text/plural.hpp"
#include "text/suggest.hpp"
#include "text/utf8.hpp"

namespace budgetcheck {

namespace fs = std::filesystem;

namespace {

InputError input_error(std::string file, std::string code, Message message) {
    return InputError{std::move(file), 0, 0, std::move(code), std::move(message), {}};
}

// The file cannot be opened: in Swedish words for the errno, in English the
// C library's (strerror).
Message cannot_open(int err) {
    return {err == ENOENT ? std::string("filen finns inte") : "filen kan inte öppnas: " + system_reason_sv(err),
            fmt::format("cannot open the file: {}", std::strerror(err))};
}

InputError parse_error_of(const std::string& file, const json::ParseError& e) {
    return InputError{file, e.position.line, e.position.column, e.code, e.message, e.snippet};
}

struct LoadedJson {
    std::shared_ptr<const json::Document> document;
    std::optional<InputError> error;
};

LoadedJson load_json_file(const std::string& path, const json::ParseLimits& limits) {
    auto read = read_file(path, limits.max_bytes);
    if (read.error) return {nullptr, read.error};
    auto parsed = json::parse(std::move(read.text), limits);
    if (parsed.error) return {nullptr, parse_error_of(path, *parsed.error)};
    return {std::shared_ptr<const json::Document>(std::move(parsed.document)), std::nullopt};
}

std::string text_of(json::Value v) { return v.valid() && v.is_string() ? std::string(v.as_string()) : std::string(); }

InputError error_at(const PolicyPack& pack, json::Value at, std::string code, Message message) {
    const json::Position pos = at.position();
    return InputError{pack.file, pos.line, pos.column, std::move(code), std::move(message),
                      json::error_snippet(pack.document->line_text(pos.line))};
}

// The packs under rules/policies are what a submission is matched against
// (municipality + KF decision date): two packs for one decision (a draft
// copy beside the real one) would make the choice silent, and a folder that
// is not the pack's id makes --policy ID and the listing disagree.
std::vector<InputError> check_pack_set(const std::vector<PolicyPack>& packs, const std::vector<std::size_t>& installed) {
    std::vector<InputError> errors;
    for (std::size_t k = 0; k < installed.size(); ++k) {
        const PolicyPack& pack = packs[installed[k]];
        const json::Value meta = pack.document->root()["pack"];
        const std::string folder = fs::path(pack.file).parent_path().filename().string();
        if (folder != pack.id)
            errors.push_back(error_at(
                pack, meta["id"], "policy.id-folder",
                {fmt::format("paketets id '{}' skiljer sig från mappens namn '{}'; ett paket ligger i "
                             "rules/policies/<id>/policy.json",
                             pack.id, folder),
                 fmt::format("the pack id '{}' differs from its folder name '{}'; a pack lives in "
                             "rules/policies/<id>/policy.json",
                             pack.id, folder)}));
        for (std::size_t j = 0; j < k; ++j) {
            const PolicyPack& earlier = packs[installed[j]];
            if (earlier.municipality != pack.municipality || earlier.kf_date != pack.kf_date) continue;
            const json::Position first = earlier.document->root()["pack"]["kf_decision"]["date"].position();
            const json::Value date = meta["kf_decision"]["date"];
            const json::Position second = date.position();
            errors.push_back(error_at(
                pack, date, "policy.conflict",
                {fmt::format("två policypaket gäller samma beslut (kommunen '{}', KF-beslutet {}): {}:{}:{} och "
                             "{}:{}:{}; det går inte att veta vilket som ska användas, så ta bort eller flytta det "
                             "ena (till exempel ett utkast)",
                             pack.municipality, pack.kf_date, earlier.file, first.line, first.column, pack.file,
                             second.line, second.column),
                 fmt::format("two policy packs encode the same decision (municipality '{}', KF decision {}): "
                             "{}:{}:{} and {}:{}:{}; which one applies cannot be known, so remove or move one of "
                             "them (a draft, for example)",
                             pack.municipality, pack.kf_date, earlier.file, first.line, first.column, pack.file,
                             second.line, second.column)}));
        }
    }
    return errors;
}

// Policy data is edited by hand: what to do about a schema violation in it,
// decided from the violation's fields (keyword, expected types, the value),
// as " — …" to follow its message; empty when there is nothing to add.
Message policy_fix(const schema::Violation& v) {
    if (v.keyword == "additionalProperties")
        return {" — kontrollera stavningen av fältnamnet mot docs/policy-data.md, eller ta bort fältet",
                " — check the spelling of the field name against docs/policy-data.md, or remove the field"};
    if (v.keyword == "type" && v.instance.valid() && v.instance.is_string()) {
        // A number in quotes: only when the text is a number of a wanted type.
        const std::string_view text = v.instance.as_string();
        const auto wants = [&](std::string_view type) {
            for (std::size_t start = 0; start <= v.expected.size();) {
                const std::size_t bar = std::min(v.expected.find('|', start), v.expected.size());
                if (std::string_view(v.expected).substr(start, bar - start) == type) return true;
                start = bar + 1;
            }
            return false;
        };
        using Failure = json::ExactInteger::Failure;
        const Failure failure =
            json::decimal_to_integer(text, 0, std::numeric_limits<std::uint64_t>::max()).failure;
        if ((wants("number") && failure != Failure::Malformed) || (wants("integer") && failure != Failure::Malformed &&
                                                                    failure != Failure::NotInteger))
            return {fmt::format(" — skriv talet utan citattecken: {}", text),
                    fmt::format(" — write the number without quotes: {}", text)};
    }
    if (v.keyword == "type" || v.keyword == "required" || v.keyword == "enum")
        return {" — docs/policy-data.md beskriver alla fält i ett policypaket",
                " — docs/policy-data.md describes every field of a policy pack"};
    return {};
}

// Exact kronor for every value the schema marked x-money.
rules::MoneyValues convert_money(const json::Document& doc, const std::vector<std::uint32_t>& money_ids, Unit unit,
                               std::vector<Finding>* findings) {
    rules::MoneyValues out;
    out.reserve(money_ids.size());
    for (std::uint32_t id : money_ids) {
        const json::Value v = doc.value(id);
        if (!v.is_number()) continue;
        const auto c = to_kronor(v.number_text(), unit);
        if (c.kronor) {
            out.emplace_back(id, *c.kronor);
        } else if (findings) {
            const auto pos = v.position();
            findings->push_back(Finding{
                "money.exact",
                Severity::Error,
                Location{v.pointer(), pos.line, pos.column},
                Message{fmt::format("Beloppet {} {} kan inte anges exakt i hela kronor", v.number_text(),
                                    unit_name(unit)),
                        c.error.rfind("the ", 0) == 0 ? "The " + c.error.substr(4) : c.error},
                std::nullopt,
                std::string("a whole number of kronor within ±2^53"),
                std::string(v.number_text()),
                std::nullopt});
        }
    }
    return out;
}

// The engine's guard against sums that wrap or lose exactness: the absolute
// values of all money in one file (a submission or a policy pack) may add up
// to at most 2^53 kr (docs/limits.md), so every sum or difference a rule
// forms of distinct amounts stays exact in a 64-bit integer and in a double.
// Points at the value where the running total crossed the limit.
std::optional<InputError> money_total_error(const json::Document& doc, const rules::MoneyValues& money,
                                            const std::string& file) {
    std::uint64_t total = 0;
    for (const auto& [id, kronor] : money) {
        const std::uint64_t magnitude =
            kronor < 0 ? 0ull - static_cast<std::uint64_t>(kronor) : static_cast<std::uint64_t>(kronor);
        total += magnitude;  // each term ≤ 2^53 and total ≤ 2^53 before it: no wrap
        if (total <= kExactMoneyLimit) continue;
        const json::Value v = doc.value(id);
        const auto pos = v.position();
        return InputError{
            file, pos.line, pos.column, "limit.money-total",
            {fmt::format("beloppen i filen summerar i absoluta tal till mer än 9 007 199 254 740 992 kr (2^53) "
                         "vid beloppet {}; då kan en summa i reglerna inte längre räknas exakt. Ett belopp är "
                         "troligen fel (fel enhet?)",
                         v.number_text()),
             fmt::format("the amounts in the file add up, in absolute value, to more than 9 007 199 254 740 992 kr "
                         "(2^53) at the amount {}, beyond which a sum the rules form cannot be guaranteed exact. An "
                         "amount is probably wrong (wrong unit?)",
                         v.number_text())},
            json::error_snippet(doc.line_text(pos.line))};
    }
    return std::nullopt;
}

Finding finding_of(const schema::Violation& v) {
    const auto pos = v.position();
    Finding f;
    f.rule_id = "schema." + v.keyword;
    f.severity = Severity::Error;
    f.location = Location{v.instance.pointer(), pos.line, pos.column};
    f.message = v.message;
    if (!v.expected.empty()) f.expected = v.expected;
    if (!v.actual.empty()) f.actual = v.actual;
    return f;
}

std::vector<rules::SourceText> read_lua_tree(const fs::path& dir, const fs::path& base, bool libraries,
                                          std::vector<InputError>& errors) {
    std::vector<rules::SourceText> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        const auto rel = fs::relative(it->path(), dir).generic_string();
        const bool in_lib = rel.rfind("lib/", 0) == 0;
        if (it->is_regular_file() && it->path().extension() == ".lua" && in_lib == libraries &&
            rel.rfind("policies/", 0) != 0 && it->path().filename().string().find(".test.") == std::string::npos)
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());  // rule order never depends on the file system
    for (const auto& file : files) {
        const std::string shown = fs::relative(file, base).generic_string();
        auto read = read_file(file.string(), 1u << 20);
        if (read.error) {
            read.error->file = shown;
            errors.push_back(*read.error);
            continue;
        }
        // NFC like every JSON string, so a name a rule spells out compares
        // equal to the data however either was typed (lines do not move).
        out.push_back(rules::SourceText{shown, utf8::to_nfc(read.text)});
    }
    return out;
}

}  // namespace

std::vector<InputError> schema_errors(const schema::ValidationResult& result, const json::Document& document,
                                      const std::string& file, std::string_view code_prefix) {
    std::vector<InputError> out;
    for (const auto& v : result.violations) {
        const auto pos = v.position();
        out.push_back(InputError{file, pos.line, pos.column, std::string(code_prefix) + "." + v.keyword, v.message,
                                 json::error_snippet(document.line_text(pos.line))});
    }
    return out;
}

std::string system_reason_sv(int err) {
    switch (err) {
        case ENOENT: return "den finns inte";
        case EACCES:
        case EPERM: return "behörighet saknas";
        case ENOTDIR: return "en del av sökvägen är inte en mapp";
        case ENAMETOOLONG: return "sökvägen är för lång";
        case ELOOP: return "för många symboliska länkar i sökvägen";
        case EMFILE:
        case ENFILE: return "för många öppna filer";
        case EIO: return "in- eller utmatningsfel på disken";
        case ENOSPC: return "disken är full";
        case EDQUOT: return "diskkvoten är slut";
        case EROFS: return "filsystemet är skrivskyddat";
        case ENXIO: return "ingen läser från den namngivna röret (FIFO)";
        case EISDIR: return "det är en mapp";
        default: return std::strerror(err);  // the C library's words (English)
    }
}

FileRead read_file(const std::string& path, std::uint64_t max_bytes) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        return {{}, input_error(path, err == ENOENT ? "io.not-found" : "io.unreadable", cannot_open(err))};
    }
    if (S_ISDIR(st.st_mode))
        return {{}, input_error(path, "io.directory",
                                {"det här är en mapp, inte en fil; ange JSON-filerna i den",
                                 "this is a directory, not a file; give the JSON files in it"})};
    if (!S_ISREG(st.st_mode))
        return {{}, input_error(path, "io.not-regular", {"det här är inte en vanlig fil", "this is not a regular file"})};
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
        return {{}, input_error(path, "limit.file-size",
                                {fmt::format("filen är {} byte, mer än gränsen på {} byte (--max-file-size)",
                                             st.st_size, max_bytes),
                                 fmt::format("the file is {}, more than the limit of {} (--max-file-size)",
                                             text::counted(static_cast<std::uint64_t>(st.st_size), "byte", "bytes"),
                                             text::counted(max_bytes, "byte", "bytes"))})};
    std::ifstream in(path, std::ios::binary);
    if (!in) return {{}, input_error(path, "io.unreadable", cannot_open(errno))};
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.gcount() != static_cast<std::streamsize>(text.size()))
        return {{}, input_error(path, "io.unreadable",
                                {"filen kunde inte läsas till slutet", "the file could not be read to its end"})};
    return {std::move(text), std::nullopt};
}

std::optional<PolicyPack> load_policy_pack(const std::string& path, const std::string& name,
                                           const schema::CompiledSchema& schema, std::vector<InputError>& errors) {
    auto loaded = load_json_file(path, json::ParseLimits{});
    if (loaded.error) {
        loaded.error->file = name;
        errors.push_back(*loaded.error);
        return std::nullopt;
    }
    const auto result = schema.validate(loaded.document->root());
    // Policy data is edited by hand: each violation with what to do about it.
    auto found = schema_errors(result, *loaded.document, name, "policy");
    for (std::size_t k = 0; k < found.size(); ++k) found[k].hint = policy_fix(result.violations[k]);
    for (auto& e : found) errors.push_back(std::move(e));
    if (!result.violations.empty()) return std::nullopt;
    const json::Value root = loaded.document->root();
    PolicyPack pack;
    pack.file = name;
    pack.path = path;
    pack.id = text_of(root["pack"]["id"]);
    pack.municipality = text_of(root["pack"]["municipality"]);
    pack.kf_date = text_of(root["pack"]["kf_decision"]["date"]);
    const auto unit = parse_unit(text_of(root["unit"])).value_or(Unit::Kr);
    pack.money = convert_money(*loaded.document, result.money_values, unit, nullptr);
    if (pack.money.size() != result.money_values.size())
        errors.push_back(input_error(
            name, "policy.money",
            {"ett belopp i policypaketet är inte ett helt antal kronor",
             "an amount in the policy pack is not a whole number of kronor"}));
    if (auto e = money_total_error(*loaded.document, pack.money, name))
        errors.push_back(std::move(*e));  // the pack's own checks would add up unchecked sums
    else
        for (auto& problem : check_policy_pack(*loaded.document, pack.money, name))
            errors.push_back(std::move(problem));
    const json::Value overrides = root["severity_overrides"];
    for (std::size_t i = 0; i < overrides.size(); ++i) {
        const json::Value entry = overrides.at(i);
        const json::Value sev = entry.is_object() ? entry["severity"] : entry;
        if (auto s = parse_severity(text_of(sev))) pack.severity_overrides[std::string(overrides.key_at(i))] = *s;
    }
    const json::Value disabled = root["disabled_rules"];
    for (std::size_t i = 0; i < disabled.size(); ++i)
        pack.disabled_rules[std::string(disabled.key_at(i))] =
            disabled.at(i).is_object() ? text_of(disabled.at(i)["reason"]) : text_of(disabled.at(i));
    pack.document = std::move(loaded.document);
    return pack;
}

std::variant<std::unique_ptr<Engine>, std::vector<InputError>> Engine::create(const EngineConfig& config) {
    std::unique_ptr<Engine> engine(new Engine());
    engine->config_ = config;
    // The documents' Lua values are the host's, bounded in proportion to the input-size limit.
    if (config.rule_limits.document_memory_bytes == 0)
        engine->config_.rule_limits.document_memory_bytes =
            static_cast<std::size_t>(std::min<std::uint64_t>(
                config.parse_limits.max_bytes, std::numeric_limits<std::size_t>::max() / rules::kDocumentMemoryPerInputByte)) *
            rules::kDocumentMemoryPerInputByte;
    std::vector<InputError> errors;
    const fs::path data(config.data_dir);

    // Schemas first: a broken schema is a configuration error.
    auto compile = [&](const std::string& path) -> std::unique_ptr<schema::CompiledSchema> {
        // The limits on submissions (--max-depth …) are not the limits of our
        // own schemas and policy packs: those load with the defaults.
        auto loaded = load_json_file(path, json::ParseLimits{});
        if (loaded.error) {
            errors.push_back(*loaded.error);
            return nullptr;
        }
        auto compiled = schema::CompiledSchema::compile(loaded.document, "file://" + path);
        if (auto* message = std::get_if<std::string>(&compiled)) {
            errors.push_back(input_error(path, "schema.invalid", Message::english_only(*message)));
            return nullptr;
        }
        return std::make_unique<schema::CompiledSchema>(std::move(std::get<schema::CompiledSchema>(compiled)));
    };
    engine->submission_schema_ =
        compile(config.schema_path ? *config.schema_path : (data / "schemas/submission.schema.json").string());
    engine->rule_cases_schema_ = compile((data / "schemas/rule-cases.schema.json").string());
    engine->waivers_schema_ = compile((data / "schemas/waivers.schema.json").string());

    if (config.run_rules) {
        engine->policy_schema_ = compile((data / "schemas/policy.schema.json").string());
        // Policy packs: every rules/policies/*/policy.json, checked against its schema.
        std::vector<fs::path> pack_files;
        std::error_code ec;
        for (auto it = fs::directory_iterator(data / "rules/policies", ec); !ec && it != fs::directory_iterator();
             it.increment(ec))
            if (fs::is_regular_file(it->path() / "policy.json")) pack_files.push_back(it->path() / "policy.json");
        std::sort(pack_files.begin(), pack_files.end());
        const std::size_t installed = pack_files.size();
        // --policy FILE outside rules/policies: loaded too (once, even when it
        // names an installed pack by path).
        if (config.policy && fs::is_regular_file(*config.policy) &&
            std::none_of(pack_files.begin(), pack_files.end(),
                         [&](const fs::path& f) { return fs::equivalent(f, *config.policy, ec); }))
            pack_files.push_back(*config.policy);
        std::vector<std::size_t> installed_packs;  // indices into packs_ of rules/policies/<id>/policy.json
        for (std::size_t f = 0; f < pack_files.size(); ++f) {
            const fs::path& file = pack_files[f];
            const std::string shown = fs::relative(file, data, ec).generic_string();
            const std::string name = shown.empty() || shown.rfind("..", 0) == 0 ? file.string() : shown;
            if (!engine->policy_schema_) continue;
            auto loaded = load_policy_pack(file.string(), name, *engine->policy_schema_, errors);
            if (!loaded) continue;
            PolicyPack pack = std::move(*loaded);
            if (f < installed) installed_packs.push_back(engine->packs_.size());
            engine->packs_.push_back(std::move(pack));
        }
        for (auto& problem : check_pack_set(engine->packs_, installed_packs)) errors.push_back(std::move(problem));
        std::set<std::string> ids;
        for (const auto& pack : engine->packs_)
            if (!ids.insert(pack.id).second)
                errors.push_back(input_error(
                    pack.file, "policy.duplicate-id",
                    {fmt::format("två policypaket har samma id '{}'; ge varje paket ett eget id", pack.id),
                     fmt::format("two policy packs have the id '{}'", pack.id)}));

        // Rules: libraries under rules/lib, every other .lua a rule.
        engine->rule_libraries_ = read_lua_tree(data / "rules", data, true, errors);
        engine->rule_sources_ = read_lua_tree(data / "rules", data, false, errors);
        // --skip-rule: a skipped rule is not even loaded, so a broken one
        // cannot stop the others (its id is read from the file's text).
        std::set<std::string> declared;
        for (const auto& source : engine->rule_sources_) declared.insert(rules::declared_rule_id(source.text));
        for (const auto& id : config.skip_rules)
            if (!declared.count(id)) engine->unknown_skip_rules_.push_back(id);
        std::erase_if(engine->rule_sources_, [&](const rules::SourceText& source) {
            const std::string id = rules::declared_rule_id(source.text);
            return !id.empty() && std::find(config.skip_rules.begin(), config.skip_rules.end(), id) !=
                                      config.skip_rules.end();
        });
        // A rule's id is its path: rules/<group>/<name>.lua declares
        // "group.name". A file that says otherwise is not loaded (a copied
        // file would otherwise report its original as the duplicate).
        std::erase_if(engine->rule_sources_, [&](const rules::SourceText& source) {
            auto problem = id_path_problem(source);
            if (problem) errors.push_back(std::move(*problem));
            return problem.has_value();
        });
        if (config.check_field_names) watch_field_names(engine->config_.rule_limits, config);
        auto host = lua::RuleHost::load(engine->rule_libraries_, engine->rule_sources_, engine->config_.rule_limits);
        if (auto* problems = std::get_if<std::vector<InputError>>(&host)) {
            errors.insert(errors.end(), problems->begin(), problems->end());
        } else {
            auto first = std::make_unique<lua::RuleHost>(std::move(std::get<lua::RuleHost>(host)));
            engine->rule_infos_ = first->rules();
            for (auto& pack : engine->packs_)
                for (auto& e : check_pack_rules(pack, engine->rule_infos_, config.skip_rules)) errors.push_back(std::move(e));
            for (const auto& rule : engine->rule_infos_)
                if (!placeholders(rule).empty()) engine->unfinished_rules_.push_back(rule);
            engine->has_rules_ = true;
            engine->idle_hosts_.push_back(std::move(first));
        }
    }
    if (!errors.empty()) return errors;
    return engine;
}

const std::vector<rules::RuleInfo>& Engine::rules() const { return rule_infos_; }

std::unique_ptr<lua::RuleHost> Engine::lease_host(std::vector<InputError>& errors) const {
    {
        std::lock_guard lock(host_mutex_);
        if (!idle_hosts_.empty()) {
            auto host = std::move(idle_hosts_.back());
            idle_hosts_.pop_back();
            return host;
        }
    }
    // Every host is busy: compile one more (outside the lock) from the
    // sources create() already checked.
    auto host = lua::RuleHost::load(rule_libraries_, rule_sources_, config_.rule_limits);
    if (auto* problems = std::get_if<std::vector<InputError>>(&host)) {
        errors.insert(errors.end(), problems->begin(), problems->end());
        return nullptr;
    }
    return std::make_unique<lua::RuleHost>(std::move(std::get<lua::RuleHost>(host)));
}

void Engine::return_host(std::unique_ptr<lua::RuleHost> host) const {
    if (!host) return;
    std::lock_guard lock(host_mutex_);
    idle_hosts_.push_back(std::move(host));
}

std::string_view FileReport::line_text(std::uint32_t line) const {
    if (document) return document->line_text(line);
    const auto it = source_lines.find(line);
    return it == source_lines.end() ? std::string_view() : std::string_view(it->second);
}

bool FileReport::has_line(std::uint32_t line) const {
    return line != 0 && (document || source_lines.count(line) != 0);
}

void FileReport::release_document() {
    if (!document) return;
    const auto stable = finding_stable_pointers();
    for (std::size_t i = 0; i < findings.size(); ++i) stable_pointers.emplace(findings[i].location.pointer, stable[i]);
    for (const auto& f : findings)
        if (f.location.line != 0 && f.location.file.empty() && !source_lines.count(f.location.line))
            source_lines.emplace(f.location.line, std::string(document->line_text(f.location.line)));
    document.reset();
}

const PolicyPack* Engine::select_pack(const json::Document& submission, std::vector<InputError>& errors,
                                      const std::string& name, const std::string* policy) const {
    if (!policy && config_.policy) policy = &*config_.policy;
    if (policy) {
        for (const auto& pack : packs_)
            if (std::error_code ec; pack.id == *policy || pack.file == *policy ||
                                    fs::path(pack.file) == fs::path(*policy) || fs::equivalent(pack.path, *policy, ec))
                return &pack;
        std::vector<std::string_view> ids;
        for (const auto& pack : packs_) ids.push_back(pack.id);
        const std::string close = text::closest_name(*policy, ids);
        errors.push_back(input_error(
            name, "policy.unknown",
            {fmt::format("det finns inget policypaket '{}'{}", *policy, close.empty() ? "" : "; menade du '" + close + "'?"),
             fmt::format("no policy pack '{}'{}", *policy, close.empty() ? "" : "; did you mean '" + close + "'?")}));
        return nullptr;
    }
    const json::Value root = submission.root();
    const std::string municipality = text_of(root["municipality"]);
    const std::string date = text_of(root["kf_decision"]["date"]);
    for (const auto& pack : packs_)
        if (pack.municipality == municipality && pack.kf_date == date) return &pack;
    std::string known;
    for (const auto& pack : packs_) known += fmt::format("{}{} ({} {})", known.empty() ? "" : ", ", pack.id,
                                                         pack.municipality, pack.kf_date);
    // Points at the KF decision date (the value that picks among a
    // municipality's packs); without one (a --schema that does not require
    // it), at the municipality, else at the document.
    json::Value at = root["kf_decision"]["date"];
    if (!at.valid()) at = root["municipality"];
    if (!at.valid()) at = root;
    const json::Position pos = at.position();
    errors.push_back(InputError{
        name, pos.line, pos.column, "policy.not-found",
        {fmt::format("det finns inget policypaket för kommunen '{}' och KF-beslutet {}; kända paket: {}; välj ett "
                     "med --policy",
                     municipality, date, known),
         fmt::format("no policy pack for municipality '{}' and KF decision {}; known packs: {}; choose one with --policy",
                     municipality, date, known)},
        json::error_snippet(submission.line_text(pos.line))});
    return nullptr;
}

Message Engine::place_name(const json::Document& document, std::string_view pointer) const {
    return budgetcheck::place_name(*submission_schema_, document, pointer);
}

namespace {
std::atomic<WorkbookValidator> workbook_validator{nullptr};
}  // namespace

void set_workbook_validator(WorkbookValidator validator) { workbook_validator = validator; }

bool is_workbook_path(std::string_view path) {
    return path.size() >= 5 && std::equal(path.end() - 5, path.end(), ".xlsx", [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

FileReport Engine::validate_file(const std::string& path) const {
    // A workbook is imported to JSON first (docs/excel.md).
    if (is_workbook_path(path)) {
        if (const WorkbookValidator validator = workbook_validator) return validator(*this, path);
        FileReport report;
        report.file = path;
        report.errors.push_back(InputError{path, 0, 0, "xlsx.unsupported",
                                           {"Excel-arbetsböcker läses av budgetcheck-serve; det här programmet kan inte läsa dem",
                                            "Excel workbooks are read by budgetcheck-serve; this program cannot read them"},
                                           {}});
        return report;
    }
    const auto start = std::chrono::steady_clock::now();
    auto read = read_file(path, config_.parse_limits.max_bytes);
    const auto read_time = std::chrono::steady_clock::now() - start;
    if (read.error) {
        FileReport report;
        report.file = path;
        report.errors.push_back(*read.error);
        report.times.read = report.times.total = read_time;
        return report;
    }
    FileReport report = validate_text(std::move(read.text), path);
    report.times.read = read_time;
    report.times.total += read_time;
    return report;
}

FileReport Engine::validate_text(std::string text, std::string name, const std::string* policy) const {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    FileReport report;
    report.file = name;
    auto parsed = json::parse(std::move(text), config_.parse_limits);
    const auto parsed_at = clock::now();
    report.times.parse = parsed_at - start;
    if (parsed.error) {
        report.errors.push_back(parse_error_of(name, *parsed.error));
        report.times.total = report.times.parse;
        return report;
    }
    report.document = std::shared_ptr<const json::Document>(std::move(parsed.document));
    const json::Document& doc = *report.document;

    const std::size_t cap = config_.schema_findings_per_keyword;
    const auto checked = submission_schema_->validate(doc.root(), cap);
    for (const auto& v : checked.violations) report.findings.push_back(finding_of(v));
    for (const auto& left_out : checked.omitted)
        report.findings.push_back(rules::findings_capped("schema." + left_out.keyword, cap + left_out.count, cap));
    const auto schema_at = clock::now();
    report.times.schema = schema_at - parsed_at;

    // Rules run only on a submission the schema accepts: they rely on its shape.
    const auto none_ran = [&] {
        for (const auto& rule : rule_infos_) report.rules_not_run.push_back({rule.id, NotRunReason::Rejected});
    };
    if (!checked.valid() && config_.run_rules && has_rules_) none_ran();
    if (checked.valid() && config_.run_rules && has_rules_) {
        const auto unit = parse_unit(text_of(doc.root()["unit"])).value_or(Unit::Kr);
        const std::size_t before = report.findings.size();
        const auto money = convert_money(doc, checked.money_values, unit, &report.findings);
        const auto too_much = report.findings.size() == before ? money_total_error(doc, money, name) : std::nullopt;
        if (too_much) report.errors.push_back(*too_much);
        const PolicyPack* pack =
            report.findings.size() == before && !too_much ? select_pack(doc, report.errors, name, policy) : nullptr;
        if (report.findings.size() != before) none_ran();  // money.exact: amounts the rules cannot trust
        report.organisation = text_of(doc.root()["organisation"]["name"]);  // the overview's row name
        if (const auto year = doc.root()["budget_year"].as_integer()) report.budget_year = static_cast<int>(*year);
        if (pack) {
            report.policy_pack = pack->id;
            rules::RunOptions options;
            options.funding = text_of(doc.root()["organisation"]["funding"]);
            options.skip_rules = config_.skip_rules;
            if (!config_.run_unfinished_rules)
                for (const auto& rule : unfinished_rules_) options.skip_rules.push_back(rule.id);
            for (const auto& [id, reason] : pack->disabled_rules) options.skip_rules.push_back(id);
            for (const auto& rule : rule_infos_) {
                const auto unfinished = [&] {
                    return std::any_of(unfinished_rules_.begin(), unfinished_rules_.end(),
                                       [&](const rules::RuleInfo& u) { return u.id == rule.id; });
                };
                if (pack->disabled_rules.count(rule.id))
                    report.rules_not_run.push_back({rule.id, NotRunReason::Disabled});
                else if (!config_.run_unfinished_rules && unfinished())
                    report.rules_not_run.push_back({rule.id, NotRunReason::Unfinished});
                else if (!rules::applies_to_funding(rule, options.funding))
                    report.rules_not_run.push_back({rule.id, NotRunReason::NotApplicable});
            }
            rules::RunResult result;
            if (auto host = lease_host(report.errors)) {
                result = host->run(rules::DocumentInput{&doc, &money},
                                   rules::DocumentInput{pack->document.get(), &pack->money, pack->document}, options);
                return_host(std::move(host));
            }
            report.rule_failures = std::move(result.failures);
            report.figures = std::move(result.figures);
            sort_figures(report.figures);
            for (InputError& e : result.errors) {
                e.file = name;
                report.errors.push_back(std::move(e));
            }
            for (auto& f : result.findings) {
                if (auto it = pack->severity_overrides.find(f.rule_id); it != pack->severity_overrides.end())
                    f.severity = it->second;
                report.findings.push_back(std::move(f));
            }
        }
    }
    for (Finding& f : report.findings)
        if (f.location.file.empty()) f.place = place_name(doc, f.location.pointer);
    sort_findings(report.findings);
    const auto end = clock::now();
    report.times.rules = end - schema_at;
    report.times.total = end - start;
    return report;
}

rules::MoneyValues Engine::money_of(const json::Document& doc) const {
    const auto checked = submission_schema_->validate(doc.root(), config_.schema_findings_per_keyword);
    const auto unit = parse_unit(text_of(doc.root()["unit"])).value_or(Unit::Kr);
    return convert_money(doc, checked.money_values, unit, nullptr);
}

}  // namespace budgetcheck
