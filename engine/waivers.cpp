#include "waivers.hpp"

#include <fmt/format.h>

#include "text/utc_time.hpp"

namespace budgetcheck::waivers {

namespace {

// A real calendar day: "2024-13-45" would otherwise sort as a date late in
// 2024 and keep the waiver alive until then.
bool is_date(std::string_view s) { return text::parse_date(s).has_value(); }

bool under(std::string_view pointer, std::string_view prefix) {
    return prefix.empty() || pointer == prefix ||
           (pointer.size() > prefix.size() && pointer.substr(0, prefix.size()) == prefix && pointer[prefix.size()] == '/');
}

bool expired(const Entry& e, const std::string& today) { return !e.waiver.expires.empty() && e.waiver.expires < today; }

}  // namespace

std::variant<WaiverFile, std::vector<InputError>> load(std::string text, std::string name) {
    std::vector<InputError> errors;
    const auto parsed = json::parse(std::move(text));
    if (parsed.error)
        return std::vector<InputError>{InputError{name, parsed.error->position.line, parsed.error->position.column,
                                                  parsed.error->code, parsed.error->message, parsed.error->snippet}};
    const json::Document& doc = *parsed.document;
    auto problem_at = [&](json::Position pos, std::string code, Message message) {
        errors.push_back(InputError{name, pos.line, pos.column, std::move(code), std::move(message),
                                    json::error_snippet(doc.line_text(pos.line))});
    };
    auto problem = [&](json::Value at, std::string code, Message message) {
        problem_at(at.valid() ? at.position() : doc.root().position(), std::move(code), std::move(message));
    };
    WaiverFile out;
    out.file = name;
    const json::Value list = doc.root()["waivers"];
    if (!doc.root().is_object() || !list.is_array()) {
        problem(doc.root(), "waiver.format",
                {"en undantagsfil är ett objekt med listan \"waivers\"",
                 "a waiver file is an object with a \"waivers\" list"});
        return errors;
    }
    static const std::vector<std::string_view> known = {"rule", "organisation", "year", "pointer", "reason",
                                                        "decided_by", "decision_date", "expires"};
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json::Value w = list.at(i);
        if (!w.is_object()) {
            problem(w, "waiver.format",
                    {fmt::format("undantag {} är inte ett objekt", i + 1), fmt::format("waiver {} is not an object", i + 1)});
            continue;
        }
        for (std::size_t k = 0; k < w.size(); ++k)
            if (std::find(known.begin(), known.end(), w.key_at(k)) == known.end())
                problem_at(w.key_position(k), "waiver.unknown-field",  // at the misspelt name
                        {fmt::format("okänt fält \"{}\" (fälten är rule, organisation, year, pointer, reason, "
                                     "decided_by, decision_date och expires)", w.key_at(k)),
                         fmt::format("unknown field \"{}\" (known: rule, organisation, year, pointer, reason, "
                                     "decided_by, decision_date, expires)", w.key_at(k))});
        Entry e;
        e.line = w.position().line;
        e.rule = std::string(w["rule"].as_string());
        e.organisation = std::string(w["organisation"].as_string());
        e.pointer = std::string(w["pointer"].as_string());
        e.waiver = Waiver{std::string(w["reason"].as_string()), std::string(w["decided_by"].as_string()),
                          std::string(w["decision_date"].as_string()), std::string(w["expires"].as_string())};
        if (w["year"].valid()) {
            const auto year = w["year"].as_integer();
            if (!year || *year < 1900 || *year > 2200)
                problem(w["year"], "waiver.year",
                        {"\"year\" ska vara ett årtal, t.ex. 2025", "\"year\" must be a year, e.g. 2025"});
            else e.year = static_cast<int>(*year);
        }
        if (e.rule.empty())
            problem(w, "waiver.missing-field",
                    {"undantaget behöver \"rule\": id för regeln som det gäller",
                     "the waiver needs \"rule\": the rule id it covers"});
        if (e.waiver.reason.empty())
            problem(w, "waiver.missing-field",
                    {"undantaget behöver \"reason\": varför undantaget har godtagits",
                     "the waiver needs \"reason\": why the exception was accepted"});
        if (e.waiver.decided_by.empty())
            problem(w, "waiver.missing-field",
                    {"undantaget behöver \"decided_by\": vem som beslutade det",
                     "the waiver needs \"decided_by\": who decided it"});
        if (e.waiver.decision_date.empty())
            problem(w, "waiver.missing-field",
                    {"undantaget behöver \"decision_date\" som ÅÅÅÅ-MM-DD",
                     "the waiver needs \"decision_date\" as YYYY-MM-DD"});
        else if (!is_date(e.waiver.decision_date))
            problem(w["decision_date"], "waiver.date",
                    {fmt::format("\"decision_date\" ska vara ett datum som finns, ÅÅÅÅ-MM-DD (står \"{}\")",
                                 e.waiver.decision_date),
                     fmt::format("\"decision_date\" must be a real date YYYY-MM-DD (it is \"{}\")",
                                 e.waiver.decision_date)});
        if (w["expires"].valid() && !is_date(e.waiver.expires))
            problem(w["expires"], "waiver.date",
                    {fmt::format("\"expires\" ska vara ett datum som finns, ÅÅÅÅ-MM-DD (står \"{}\")",
                                 e.waiver.expires),
                     fmt::format("\"expires\" must be a real date YYYY-MM-DD (it is \"{}\")", e.waiver.expires)});
        if (!e.pointer.empty() && e.pointer[0] != '/')
            problem(w["pointer"], "waiver.pointer",
                    {"\"pointer\" ska vara en JSON Pointer som börjar med '/'",
                     "\"pointer\" must be a JSON Pointer starting with '/'"});
        if (!e.year && e.pointer.empty())
            problem(w, "waiver.too-broad",
                    {"ett undantag ska ange \"year\" eller \"pointer\", så att det inte kan dölja alla fynd från en "
                     "regel",
                     "a waiver names a \"year\" or a \"pointer\", so it cannot hide every finding of a rule"});
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
                "waiver.expired", Severity::Warning, Location{},
                Message{fmt::format("Undantaget för {} ({}:{}) gick ut {} och gäller inte längre", e.rule, waivers.file,
                                    e.line, e.waiver.expires),
                        fmt::format("The waiver for {} ({}:{}) expired on {} and no longer applies", e.rule, waivers.file,
                                    e.line, e.waiver.expires)},
                std::nullopt, std::nullopt, std::nullopt, std::nullopt});
    }
    report.findings.insert(report.findings.end(), notes.begin(), notes.end());
    sort_findings(report.findings);
}

std::vector<std::string> unused(const WaiverFile& waivers, const Usage& usage, const std::string& today) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < waivers.entries.size(); ++i) {
        const Entry& e = waivers.entries[i];
        const bool used = i < usage.matches.size() && usage.matches[i] > 0;
        if (!used)
            out.push_back(fmt::format("{}:{}: waiver for {} matched no finding{}", waivers.file, e.line, e.rule,
                                      expired(e, today) ? " (and it has expired)" : "; remove it if it is no longer needed"));
    }
    return out;
}

}  // namespace budgetcheck::waivers
