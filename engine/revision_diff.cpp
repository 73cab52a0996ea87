#include "revision_diff.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "json/stable_pointer.hpp"
#include "output/reporter.hpp"

namespace budgetcheck::revision {

namespace {

// Each exact amount of one revision by its stable pointer, in document order.
struct Amount {
    std::string pointer;
    std::int64_t kronor = 0;
    std::uint32_t line = 0;  // 0 for a workbook: its JSON's lines mean nothing to the author
    std::uint64_t offset = 0;
    std::string cell;  // a workbook's cell
};

std::vector<std::pair<std::string, Amount>> amounts_of(const json::Document& document, const rules::MoneyValues& money,
                                                       const SourceMap* cells) {
    json::StablePointers stable(document);
    std::vector<std::pair<std::string, Amount>> out;
    out.reserve(money.size());
    for (const auto& [id, kronor] : money) {
        const json::Value v = document.value(id);
        const json::Position at = v.position();
        std::string pointer = v.pointer();
        std::string key = stable(pointer);
        std::string cell = cells ? cells->cell_for(pointer) : std::string();
        out.emplace_back(std::move(key), Amount{std::move(pointer), kronor, cells ? 0 : at.line, at.offset, std::move(cell)});
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second.offset < b.second.offset; });
    return out;
}

Revision revision_of(const FileReport& file, std::size_t amounts) {
    Revision r;
    r.file = file.file;
    r.policy_pack = file.policy_pack;
    r.amounts = amounts;
    const json::Value root = file.document->root();
    if (const json::Value unit = root["unit"]; unit.valid() && unit.is_string())
        r.unit = parse_unit(unit.as_string()).value_or(Unit::Kr);
    if (const json::Value decimals = root["decimals"]; decimals.valid() && decimals.is_number())
        r.decimals = static_cast<int>(std::clamp<std::int64_t>(decimals.as_integer().value_or(0), 0, 6));
    return r;
}

// Fingerprints without the file name: OLD.json and NEW.json are two names
// for one submission.
std::vector<std::string> fingerprints(const FileReport& file) {
    FileReport unnamed;
    unnamed.findings = file.findings;
    unnamed.document = file.document;
    unnamed.stable_pointers = file.stable_pointers;
    return output::finding_fingerprints(unnamed);
}

}  // namespace

std::string_view status_name(FindingStatus status) {
    switch (status) {
        case FindingStatus::New: return "new";
        case FindingStatus::Fixed: return "fixed";
        case FindingStatus::Unchanged: return "unchanged";
    }
    return "";
}

std::size_t RevisionDiff::count(FindingStatus status) const {
    return static_cast<std::size_t>(
        std::count_if(findings.begin(), findings.end(), [&](const FindingChange& f) { return f.status == status; }));
}

bool RevisionDiff::has_new_at_least(Severity threshold) const {
    return std::any_of(findings.begin(), findings.end(), [&](const FindingChange& f) {
        return f.status == FindingStatus::New && f.finding.severity >= threshold && !f.finding.waiver;
    });
}

// The place names every format uses (place.hpp, from the submission schema's titles).
Message place_name(const Engine& engine, const json::Document& document, std::string_view pointer) {
    return engine.place_name(document, pointer);
}

std::optional<InputError> not_revisions(const FileReport& old_file, const FileReport& new_file) {
    struct Field {
        const char* pointer;
        const char* sv;
        const char* en;
    };
    static constexpr Field kIdentity[] = {{"/municipality", "kommun", "municipality"},
                                          {"/organisation/id", "organisation", "organisation"},
                                          {"/budget_year", "budgetår", "budget year"}};
    const auto text_at = [](const FileReport& f, const char* pointer) {
        const json::Value v = f.document ? f.document->resolve(pointer) : json::Value();
        if (v.valid() && v.is_string()) return std::string(v.as_string());
        if (v.valid() && v.is_number()) return std::string(v.number_text());
        return std::string("–");
    };
    std::string sv, en;
    for (const Field& field : kIdentity) {
        const std::string a = text_at(old_file, field.pointer), b = text_at(new_file, field.pointer);
        if (a == b) continue;
        sv += fmt::format("{}{} {} → {}", sv.empty() ? "" : ", ", field.sv, a, b);
        en += fmt::format("{}{} {} → {}", en.empty() ? "" : ", ", field.en, a, b);
    }
    if (sv.empty()) return std::nullopt;
    return InputError{new_file.file, 0, 0, "diff.not-revisions",
                      Message{fmt::format("{} och {} är inte två versioner av samma inlämning ({}); jämför två versioner av "
                                          "en nämnds budget för samma år",
                                          old_file.file, new_file.file, sv),
                              fmt::format("{} and {} are not two revisions of one submission ({}); compare two revisions of "
                                          "one board's budget for the same year",
                                          old_file.file, new_file.file, en)},
                      {}};
}

RevisionDiff diff(const Engine& engine, const FileReport& old_file, const FileReport& new_file) {
    RevisionDiff out;
    const auto old_amounts = amounts_of(*old_file.document, engine.money_of(*old_file.document), old_file.cells.get());
    const auto new_amounts = amounts_of(*new_file.document, engine.money_of(*new_file.document), new_file.cells.get());
    out.old_revision = revision_of(old_file, old_amounts.size());
    out.new_revision = revision_of(new_file, new_amounts.size());

    std::unordered_map<std::string_view, const Amount*> old_by_key;
    for (const auto& [key, amount] : old_amounts) old_by_key.emplace(key, &amount);
    std::unordered_map<std::string_view, bool> in_new;
    for (const auto& [key, amount] : new_amounts) {
        in_new.emplace(key, true);
        const auto it = old_by_key.find(key);
        if (it != old_by_key.end() && it->second->kronor == amount.kronor) {
            ++out.unchanged_amounts;
            continue;
        }
        AmountChange change;
        change.key = key;
        change.pointer = amount.pointer;
        change.place = place_name(engine, *new_file.document, amount.pointer);
        change.new_kronor = amount.kronor;
        change.new_line = amount.line;
        change.new_cell = amount.cell;
        if (it != old_by_key.end()) {
            change.old_kronor = it->second->kronor;
            change.old_line = it->second->line;
            change.old_cell = it->second->cell;
        }
        out.amounts.push_back(std::move(change));
    }
    for (const auto& [key, amount] : old_amounts) {
        if (in_new.count(key)) continue;
        AmountChange change;
        change.key = key;
        change.pointer = amount.pointer;
        change.place = place_name(engine, *old_file.document, amount.pointer);
        change.old_kronor = amount.kronor;
        change.old_line = amount.line;
        change.old_cell = amount.cell;
        out.amounts.push_back(std::move(change));
    }

    // Findings: a fingerprint in both is unchanged (whatever its line or
    // amount now), only in the new revision new, only in the old one fixed.
    const auto old_prints = fingerprints(old_file);
    const auto new_prints = fingerprints(new_file);
    std::unordered_map<std::string_view, bool> old_set, new_set;
    for (const auto& p : old_prints) old_set.emplace(p, true);
    for (const auto& p : new_prints) new_set.emplace(p, true);
    const auto add = [&](FindingStatus status, const FileReport& file, const std::vector<std::string>& prints,
                         const std::unordered_map<std::string_view, bool>& other, bool in_other) {
        for (std::size_t i = 0; i < file.findings.size(); ++i) {
            if (static_cast<bool>(other.count(prints[i])) != in_other) continue;
            const Finding& f = file.findings[i];
            out.findings.push_back({status, f, prints[i], place_name(engine, *file.document, f.location.pointer)});
        }
    };
    add(FindingStatus::New, new_file, new_prints, old_set, false);
    add(FindingStatus::Fixed, old_file, old_prints, new_set, false);
    add(FindingStatus::Unchanged, new_file, new_prints, old_set, true);
    return out;
}

int exact_decimals(const std::vector<std::int64_t>& kronor, Unit unit, int at_least) {
    int decimals = std::max(at_least, 0);
    std::int64_t step = kronor_per_unit(unit);
    for (int i = 0; i < decimals && step > 1; ++i) step /= 10;
    for (const std::int64_t k : kronor)
        while (step > 1 && k % step != 0) {
            step /= 10;
            ++decimals;
        }
    return decimals;
}

}  // namespace budgetcheck::revision
