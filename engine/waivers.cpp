#include "waivers.hpp"

#include <fmt/format.h>

namespace budgetcheck::waivers {

namespace {

bool under(std::string_view pointer, std::string_view prefix) {
    return prefix.empty() || pointer == prefix ||
           (pointer.size() > prefix.size() && pointer.substr(0, prefix.size()) == prefix && pointer[prefix.size()] == '/');
}

bool expired(const Entry& e, const std::string& today) { return !e.waiver.expires.empty() && e.waiver.expires < today; }

}  // namespace

std::variant<WaiverFile, std::vector<InputError>> load(std::string text, std::string name,
                                                       const schema::CompiledSchema& schema) {
    const auto parsed = json::parse(std::move(text));
    if (parsed.error)
        return std::vector<InputError>{InputError{name, parsed.error->position.line, parsed.error->position.column,
                                                  parsed.error->code, parsed.error->message, parsed.error->snippet}};
    const json::Document& doc = *parsed.document;
    // The shape (fields, types, dates, pointers) is the schema's alone.
    std::vector<InputError> errors = schema_errors(schema.validate(doc.root()), doc, name, "waiver");
    if (!errors.empty()) return errors;
    WaiverFile out;
    out.file = name;
    const json::Value list = doc.root()["waivers"];
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json::Value w = list.at(i);
        Entry e;
        e.line = w.position().line;
        e.rule = std::string(w["rule"].as_string());
        e.organisation = std::string(w["organisation"].as_string());
        e.pointer = std::string(w["pointer"].as_string());
        e.waiver = Waiver{std::string(w["reason"].as_string()), std::string(w["decided_by"].as_string()),
                          std::string(w["decision_date"].as_string()), std::string(w["expires"].as_string())};
        if (w["year"].valid()) e.year = static_cast<int>(*w["year"].as_integer());
        // Not a shape but a policy: a waiver of every finding of a rule would
        // switch the rule off, which is the policy pack's disabled_rules.
        if (!e.year && e.pointer.empty()) {
            const auto pos = w.position();
            errors.push_back(InputError{
                name, pos.line, pos.column, "waiver.too-broad",
                {"ett undantag ska ange \"year\" eller \"pointer\", så att det inte kan dölja alla fynd från en "
                 "regel",
                 "a waiver names a \"year\" or a \"pointer\", so it cannot hide every finding of a rule"},
                json::error_snippet(doc.line_text(pos.line))});
        }
        out.entries.push_back(std::move(e));
    }
    if (!errors.empty()) return errors;
    return out;
}

void apply(const WaiverFile& waivers, FileReport& report, const std::string& today, Usage& usage) {
    usage.matches.resize(waivers.entries.size(), 0);
    if (!report.document) return;
    const std::string organisation(report.document->root()["organisation"]["id"].as_string());
    std::vector<Finding> notes;
    for (std::size_t i = 0; i < waivers.entries.size(); ++i) {
        const Entry& e = waivers.entries[i];
        if (!e.organisation.empty() && e.organisation != organisation) continue;
        bool matched = false;
        for (auto& f : report.findings) {
            if (f.rule_id != e.rule || f.waiver) continue;
            if (e.year && f.year != e.year) continue;
            if (!under(f.location.pointer, e.pointer)) continue;
            matched = true;
            ++usage.matches[i];
            if (!expired(e, today)) f.waiver = e.waiver;
        }
        if (matched && expired(e, today))
            notes.push_back(Finding{
                // At its entry in the waiver file: that is what needs editing.
                "waiver.expired", Severity::Warning, Location{"", e.line, 0, waivers.file},
                Message{fmt::format("Undantaget för {} ({}:{}) gick ut {} och gäller inte längre", e.rule, waivers.file,
                                    e.line, e.waiver.expires),
                        fmt::format("The waiver for {} ({}:{}) expired on {} and no longer applies", e.rule, waivers.file,
                                    e.line, e.waiver.expires)},
                std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
    }
    report.findings.insert(report.findings.end(), notes.begin(), notes.end());
    sort_findings(report.findings);
}

std::vector<Message> unused(const WaiverFile& waivers, const Usage& usage, const std::string& today) {
    std::vector<Message> out;
    for (std::size_t i = 0; i < waivers.entries.size(); ++i) {
        const Entry& e = waivers.entries[i];
        const bool used = i < usage.matches.size() && usage.matches[i] > 0;
        if (!used)
            out.push_back(
                {fmt::format("{}:{}: undantaget för {} matchade inget fynd{}", waivers.file, e.line, e.rule,
                             expired(e, today) ? " (och det har gått ut)" : "; ta bort det om det inte längre behövs"),
                 fmt::format("{}:{}: waiver for {} matched no finding{}", waivers.file, e.line, e.rule,
                             expired(e, today) ? " (and it has expired)" : "; remove it if it is no longer needed")});
    }
    return out;
}

}  // namespace budgetcheck::waivers
