#include "packs/new_pack.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "json/splice.hpp"
#include "packs/pack_files.hpp"
#include "packs/review.hpp"
#include "text/utc_time.hpp"

namespace budgetcheck::packs {

namespace fs = std::filesystem;

namespace {

InputError usage(std::string code, Message message) {
    return InputError{"budgetcheck new-pack", 0, 0, std::move(code), std::move(message), {}};
}

// Every amount series of the pack: frames and the steps of their derivation.
std::vector<json::Value> amount_series(const json::Document& doc) {
    std::vector<json::Value> out;
    const json::Value orgs = doc.root()["organisations"];
    for (std::size_t i = 0; i < orgs.size(); ++i)
        for (const char* frame : {"operating_frame", "investment_frame"}) {
            const json::Value f = orgs.at(i)[frame];
            if (f["amounts"].is_object()) out.push_back(f["amounts"]);
            const json::Value steps = f["derivation"];
            for (std::size_t s = 0; s < steps.size(); ++s)
                if (steps.at(s)["amounts"].is_object()) out.push_back(steps.at(s)["amounts"]);
        }
    return out;
}

// The review section as a new last member of the root, indented like the
// root's members (or on one line when the root is on one line).
std::string review_section(const json::Document& doc, const std::string& from, const std::vector<ReviewItem>& items) {
    const json::Value root = doc.root();
    const std::string_view s = doc.source();
    const auto first_key = root.key_position(0).offset;
    const std::string open(s.substr(root.position().offset + 1, first_key - root.position().offset - 1));
    const auto newline = open.rfind('\n');
    const bool lines = newline != std::string::npos;
    const std::string indent = lines ? open.substr(newline + 1) : "";
    const std::string nl = lines ? "\n" : "", in1 = lines ? indent + indent : "", in2 = lines ? in1 + indent : "";
    std::string out = "," + (lines ? "\n" + indent : std::string(" ")) + "\"review\": {" + nl + in1 +
                      "\"carried_over_from\": " + json::quote(from) + "," + (lines ? nl + in1 : " ") + "\"items\": [" + nl;
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += in2 + "{\"pointer\": " + json::quote(items[i].pointer);
        if (!items[i].id.empty()) out += ", \"id\": " + json::quote(items[i].id);
        out += std::string("}") + (i + 1 < items.size() ? "," : "") + (lines ? nl : " ");
    }
    return out + in1 + "]" + nl + indent + "}";
}

}  // namespace

std::optional<std::pair<std::int64_t, std::int64_t>> parse_years(std::string_view text) {
    std::size_t dash = text.find('-'), width = 1;
    if (dash == std::string_view::npos) dash = text.find("\u2013"), width = 3;  // en dash
    if (dash != 4 || text.size() != 4 + width + 4) return std::nullopt;
    auto year = [](std::string_view t) -> std::optional<std::int64_t> {
        std::int64_t y = 0;
        for (char c : t) {
            if (c < '0' || c > '9') return std::nullopt;
            y = y * 10 + (c - '0');
        }
        return y;
    };
    const auto first = year(text.substr(0, 4)), last = year(text.substr(4 + width));
    if (!first || !last || *first >= *last) return std::nullopt;
    return std::pair{*first, *last};
}

std::string carried_amount(json::Value amounts, std::int64_t year) {
    std::size_t best = 0;
    std::int64_t best_distance = -1;
    for (std::size_t i = 0; i < amounts.size(); ++i) {
        std::int64_t y = 0;
        for (char c : amounts.key_at(i)) y = y * 10 + (c - '0');
        const std::int64_t distance = y > year ? y - year : year - y;
        // Ties cannot happen within one series of consecutive years except
        // around a gap; the later year wins then (the newer decision).
        if (best_distance < 0 || distance <= best_distance) best = i, best_distance = distance;
    }
    return std::string(amounts.at(best).number_text());
}

std::string roll_forward(const PolicyPack& from, const std::string& id, const std::string& date,
                         std::int64_t first_year, std::int64_t last_year) {
    const json::Document& doc = *from.document;
    const json::Value pack = doc.root()["pack"];
    std::vector<json::Splice> edits;
    edits.push_back(json::replace_value(pack["id"], json::quote(id)));
    edits.push_back(json::replace_value(pack["kf_decision"]["date"], json::quote(date)));
    // The paragraph is in the new minutes, which the old pack cannot know.
    edits.push_back(json::replace_value(pack["kf_decision"]["paragraph"], "null"));
    edits.push_back(json::replace_value(
        pack["kf_decision"]["title"],
        json::quote(fmt::format("Budget {} med plan för {}\u2013{}", first_year, first_year + 1, last_year))));
    edits.push_back(json::replace_value(pack["budget_year"], std::to_string(first_year)));
    std::vector<std::string> plan;
    for (std::int64_t y = first_year + 1; y <= last_year; ++y) plan.push_back(std::to_string(y));
    edits.push_back(json::replace_value(pack["plan_years"], json::rewrite_array(pack["plan_years"], plan)));
    for (const json::Value amounts : amount_series(doc)) {
        std::vector<std::pair<std::string, std::string>> members;
        for (std::int64_t y = first_year; y <= last_year; ++y)
            members.emplace_back(std::to_string(y), carried_amount(amounts, y));
        edits.push_back(json::replace_value(amounts, json::rewrite_object(amounts, members)));
    }
    const auto items = carried_over_items(doc);
    const json::Value old_review = doc.root()["review"];
    if (old_review.valid()) {
        // Rolled from a pack still under review: one list, for the new source.
        std::string section = review_section(doc, from.id, items);
        const std::string value = section.substr(section.find('{'));
        edits.push_back(json::replace_value(old_review, value));
    } else {
        const json::Value root = doc.root();
        edits.push_back(json::Splice{json::end_offset(root.at(root.size() - 1)), 0, review_section(doc, from.id, items)});
    }
    return json::apply_splices(doc.source(), std::move(edits));
}

NewPackResult new_pack(const NewPackRequest& request) {
    NewPackResult result;
    auto& errors = result.errors;
    const auto years = parse_years(request.years);
    if (!years)
        errors.push_back(usage("new-pack.years",
                               {fmt::format("--years {} ska vara budgetår och sista planår, t.ex. 2025-2030", request.years),
                                fmt::format("--years {} must be the budget year and the last plan year, e.g. 2025-2030",
                                            request.years)}));
    if (!text::parse_date(request.date))
        errors.push_back(usage("new-pack.date",
                               {fmt::format("--date {} är inget datum (ÅÅÅÅ-MM-DD, en verklig dag)", request.date),
                                fmt::format("--date {} is not a date (YYYY-MM-DD, a real day)", request.date)}));
    static const std::string slug_chars = "abcdefghijklmnopqrstuvwxyz0123456789-";
    if (request.id.empty() || request.id.find_first_not_of(slug_chars) != std::string::npos ||
        request.id.front() == '-' || request.id.back() == '-' || request.id.find("--") != std::string::npos)
        errors.push_back(usage("new-pack.id",
                               {fmt::format("--id {} ska vara små bokstäver a–z, siffror och bindestreck, t.ex. "
                                            "linkoping-2025",
                                            request.id),
                                fmt::format("--id {} must be lower-case letters a-z, digits and hyphens, e.g. "
                                            "linkoping-2025",
                                            request.id)}));
    const auto schema = policy_schema(request.data_dir, errors);
    if (!errors.empty()) return result;
    const auto from = load_pack(request.data_dir, request.from, *schema, errors);
    if (!from) return result;

    const fs::path policies = fs::path(request.data_dir) / "rules/policies";
    const fs::path folder = request.output.empty() ? policies / request.id : fs::path(request.output);
    const fs::path file = folder / "policy.json";
    std::error_code ec;
    const std::string shown = shown_name(request.data_dir, file.string());
    if (fs::exists(file, ec)) {
        errors.push_back(usage("new-pack.exists",
                               {fmt::format("{} finns redan; new-pack skriver aldrig över ett paket. Välj ett annat "
                                            "--id eller --output",
                                            shown),
                                fmt::format("{} exists already; new-pack never overwrites a pack. Choose another --id "
                                            "or --output",
                                            shown)}));
        return result;
    }
    // Installed under rules/policies, the folder must be the id (policy.id-folder).
    if (fs::weakly_canonical(folder.parent_path(), ec) == fs::weakly_canonical(policies, ec) &&
        folder.filename() != request.id)
        errors.push_back(usage("new-pack.folder",
                               {fmt::format("paketet {} i rules/policies måste ligga i mappen {}, inte {}", request.id,
                                            request.id, folder.filename().string()),
                                fmt::format("the pack {} in rules/policies must be in the folder {}, not {}",
                                            request.id, request.id, folder.filename().string())}));
    for (const auto& installed : installed_packs(request.data_dir)) {
        if (installed.id == request.id)
            errors.push_back(usage("new-pack.duplicate-id",
                                   {fmt::format("det finns redan ett paket med id {} ({})", request.id, installed.file),
                                    fmt::format("a pack with the id {} exists already ({})", request.id,
                                                installed.file)}));
        if (installed.municipality == from->municipality && installed.kf_date == request.date)
            errors.push_back(usage(
                "new-pack.conflict",
                {fmt::format("{} gäller redan {} och KF-beslutet {}; två paket för samma beslut går inte att välja "
                             "mellan",
                             installed.file, installed.municipality, request.date),
                 fmt::format("{} is already the pack for {} and the KF decision of {}; two packs for one decision "
                             "cannot be chosen between",
                             installed.file, installed.municipality, request.date)}));
    }
    if (!errors.empty()) return result;

    const std::string text = roll_forward(*from, request.id, request.date, years->first, years->second);
    const bool made_folder = !fs::exists(folder, ec);
    fs::create_directories(folder, ec);
    std::ofstream out(file, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
        errors.push_back(usage("io.write", {fmt::format("kunde inte skriva {}", file.string()),
                                            fmt::format("could not write {}", file.string())}));
        return result;
    }
    // The result passes the same checks as any pack, or is not left behind.
    const auto written = load_policy_pack(file.string(), shown, *schema, errors);
    if (!errors.empty() || !written) {
        fs::remove(file, ec);
        if (made_folder) fs::remove(folder, ec);
        return result;
    }
    result.file = shown;
    result.review_items = packs::review_warnings(*written->document, result.file).size();
    return result;
}

}  // namespace budgetcheck::packs
