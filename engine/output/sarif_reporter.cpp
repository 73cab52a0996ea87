// --format sarif: SARIF 2.1.0 (OASIS), the format GitHub code scanning, Azure
// DevOps and most IDE viewers read.
//
// One run. tool.driver.rules holds one reportingDescriptor per loaded rule
// (title, explanation as help, default level) followed by the engine's own
// ids that occur (schema.*, money.*). Each finding is one result with its
// rule, level, message in the chosen language, location (URI relative to the
// current directory under %SRCROOT%, line, column in code points, snippet),
// a fingerprint that does not depend on line numbers, and a `suppressions`
// entry when a waiver covers it. Files that could not be checked are
// toolExecutionNotifications of the one invocation.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "output/reporter.hpp"
#include "output/summary.hpp"
#include "schema/validator.hpp"
#include "text/utf8.hpp"
#include "version.hpp"

namespace budgetcheck::output {

namespace {

// A JSON value under construction; members keep their insertion order.
struct Node;
using Array = std::vector<Node>;
using Object = std::vector<std::pair<std::string, Node>>;
struct Node {
    std::variant<std::nullptr_t, bool, std::int64_t, std::string, Array, Object> value;
    Node() : value(nullptr) {}
    Node(bool b) : value(b) {}
    Node(int i) : value(std::int64_t{i}) {}
    Node(unsigned i) : value(std::int64_t{i}) {}
    Node(std::size_t i) : value(static_cast<std::int64_t>(i)) {}
    Node(std::int64_t i) : value(i) {}
    Node(std::string s) : value(std::move(s)) {}
    Node(std::string_view s) : value(std::string(s)) {}
    Node(const char* s) : value(std::string(s)) {}
    Node(Array a) : value(std::move(a)) {}
    Node(Object o) : value(std::move(o)) {}
};

void dump(const Node& node, std::ostream& out, int indent) {
    const auto newline = [&](int level) { out << '\n' << std::string(static_cast<std::size_t>(level) * 2, ' '); };
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
                out << "null";
            } else if constexpr (std::is_same_v<T, bool>) {
                out << (v ? "true" : "false");
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                out << v;
            } else if constexpr (std::is_same_v<T, std::string>) {
                out << '"' << json_escape(v) << '"';
            } else if constexpr (std::is_same_v<T, Array>) {
                if (v.empty()) {
                    out << "[]";
                    return;
                }
                out << '[';
                for (std::size_t i = 0; i < v.size(); ++i) {
                    if (i) out << ',';
                    newline(indent + 1);
                    dump(v[i], out, indent + 1);
                }
                newline(indent);
                out << ']';
            } else {
                if (v.empty()) {
                    out << "{}";
                    return;
                }
                out << '{';
                for (std::size_t i = 0; i < v.size(); ++i) {
                    if (i) out << ',';
                    newline(indent + 1);
                    out << '"' << json_escape(v[i].first) << "\": ";
                    dump(v[i].second, out, indent + 1);
                }
                newline(indent);
                out << '}';
            }
        },
        node.value);
}

Node text(std::string_view s) { return Object{{"text", s}}; }

std::string_view level_of(Severity s) {
    switch (s) {
        case Severity::Error: return "error";
        case Severity::Warning: return "warning";
        case Severity::Notice: return "note";
    }
    return "error";
}

// RFC 3986: every byte but unreserved characters and '/' percent-encoded.
std::string uri_encode(std::string_view path) {
    std::string out;
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~' || c == '/')
            out += c;
        else
            out += fmt::format("%{:02X}", u);
    }
    return out;
}

// artifactLocation: relative to %SRCROOT% (the current directory) when the
// file is inside it, otherwise an absolute file: URI.
Object artifact_location(std::string_view file) {
    const std::string path = path_for_ci(file);
    if (!path.empty() && path.front() == '/') return Object{{"uri", "file://" + uri_encode(path)}};
    return Object{{"uri", uri_encode(path)}, {"uriBaseId", "%SRCROOT%"}};
}

// Lines longer than this get no snippet (a minified submission is one line).
constexpr std::size_t kMaxSnippetBytes = 1024;

// The text of `line_text` from code point `column` (1-based) to the end.
std::optional<std::string> from_column(std::string_view line_text, std::uint32_t column) {
    const auto at = utf8::byte_offset_of_column(line_text, column);
    if (!at) return std::nullopt;
    return std::string(line_text.substr(*at));
}

// physicalLocation with a region (line, column, the text from the column to
// the end of the line, which is what a region without endColumn covers) and
// a contextRegion holding the whole source line.
Object physical_location(std::string_view file, std::uint32_t line, std::uint32_t column,
                         std::string_view line_text) {
    Object location{{"artifactLocation", artifact_location(file)}};
    // GitHub needs a region in every result: the whole file is its line 1.
    if (line == 0) {
        location.emplace_back("region", Object{{"startLine", 1}});
        return location;
    }
    Object region{{"startLine", line}};
    if (column) region.emplace_back("startColumn", column);
    const bool snippet = !line_text.empty() && line_text.size() <= kMaxSnippetBytes;
    if (snippet && column)
        if (auto rest = from_column(line_text, column)) region.emplace_back("snippet", text(*rest));
    location.emplace_back("region", std::move(region));
    if (snippet) location.emplace_back("contextRegion", Object{{"startLine", line}, {"snippet", text(line_text)}});
    return location;
}

// "arithmetic.stated-totals" -> "ArithmeticStatedTotals"
std::string pascal_name(std::string_view id) {
    std::string out;
    bool upper = true;
    for (const char c : id) {
        if (c == '.' || c == '-' || c == '_') {
            upper = true;
            continue;
        }
        out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        upper = false;
    }
    return out;
}

// The first paragraph of an explanation, its hard line breaks joined.
std::string first_paragraph(std::string_view s) {
    std::string out;
    for (const char c : s.substr(0, s.find("\n\n"))) out += c == '\n' ? ' ' : c;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// The engine's results that are not findings: a file that could not be
// checked, and errors of the configuration that stopped the run.
constexpr const char* kInputErrorId = "engine.input-error";
constexpr const char* kConfigurationErrorId = "engine.configuration-error";

struct Descriptor {
    std::string id;
    Message title;
    Message full;
    Message help;
    Severity severity = Severity::Error;
    Object properties;
    std::string help_path;  // below OutputOptions::docs_url
};

Descriptor describe(const rules::RuleInfo& rule) {
    Descriptor d{rule.id, rule.title, rule.title, rule.title, rule.severity, {}, rule.file.empty() ? "docs/writing-rules.md" : rule.file};
    if (!rule.explain.sv.empty() || !rule.explain.en.empty()) {
        d.full = Message{first_paragraph(rule.explain.sv), first_paragraph(rule.explain.en)};
        d.help = rule.explain;
    }
    Array tags{std::string_view(rule.id).substr(0, rule.id.find('.'))};
    d.properties.emplace_back("tags", std::move(tags));
    if (!rule.file.empty()) d.properties.emplace_back("file", rule.file);
    if (!rule.source.decision.empty()) d.properties.emplace_back("decision", rule.source.decision);
    if (!rule.source.quote.empty()) d.properties.emplace_back("quote", rule.source.quote);
    if (!rule.applies_to.empty()) {
        Array kinds;
        for (const auto& k : rule.applies_to) kinds.emplace_back(k);
        d.properties.emplace_back("appliesTo", std::move(kinds));
    }
    return d;
}

// The engine's own checks, which are not Lua rules.
Descriptor describe_builtin(const std::string& id, Severity severity) {
    Descriptor d{id, {id, id}, {id, id}, {id, id}, severity, {}, "docs/report.md"};
    const auto set = [&](Message title, Message full, Message more, std::string_view tag, std::string path) {
        d.title = std::move(title);
        d.full = std::move(full);
        d.help = {d.full.sv + " " + more.sv, d.full.en + " " + more.en};
        d.properties.emplace_back("tags", Array{tag});
        d.help_path = std::move(path);
    };
    if (id.rfind("schema.", 0) == 0) {
        const std::string keyword = id.substr(7);
        d.title = {fmt::format("Inlämningen följer inlämningsschemat ({})", keyword),
                   fmt::format("The submission follows the submission schema ({})", keyword)};
        d.full = {fmt::format("Inlämningen bryter mot schemat schemas/submission.schema.json, nyckelordet \"{}\".",
                              keyword),
                  fmt::format("The submission violates schemas/submission.schema.json, keyword \"{}\".", keyword)};
        d.help = {d.full.sv + " Formatet beskrivs i docs/format.md; meddelandet anger fältet, vad som väntades och "
                              "vad som fanns.",
                  d.full.en + " docs/format.md describes the format; the message names the field, what was expected "
                              "and what was found."};
        d.properties.emplace_back("tags", Array{"schema"});
        d.help_path = "docs/format.md";
    } else if (id == "money.exact") {
        d.help_path = "docs/format.md";
        d.title = {"Belopp kan anges exakt i hela kronor", "Amounts convert exactly to whole kronor"};
        d.full = {"Ett belopp i dokumentets enhet (kr, tkr, mnkr) blir inte ett exakt antal hela kronor inom ±2^53.",
                  "An amount in the document's unit (kr, tkr, mnkr) is not an exact whole number of kronor "
                  "within ±2^53."};
        d.help = {d.full.sv + " Skriv beloppet som i dokumentet, med högst så många decimaler som enheten tillåter.",
                  d.full.en + " Write the amount as the document does, with no more decimals than the unit allows."};
        d.properties.emplace_back("tags", Array{"money"});
    } else if (id == rules::kRuleErrorId) {
        set({"En regel kunde köras klart", "A rule ran to completion"},
            {"En regel avbröts på filen (ett fel i regeln eller en gräns); de andra reglernas fynd är kompletta.",
             "A rule stopped on the file (an error in the rule or a limit); the other rules' findings are complete."},
            {"Det är ett fel i regeluppsättningen, inte i underlaget: meddelandet anger regelfilen och raden.",
             "This is a fault of the rule set, not of the submission: the message names the rule file and line."},
            "engine", "docs/limits.md");
    } else if (id == rules::kFindingsCappedId) {
        set({"En regels fynd begränsades", "A rule's findings were capped"},
            {"En regel rapporterade fler fynd än gränsen; de första visas.",
             "A rule reported more findings than the limit; the first are shown."},
            {"Rätta de visade fynden och kör igen, eller höj --max-findings-per-rule.",
             "Correct the findings shown and run again, or raise --max-findings-per-rule."},
            "engine", "docs/limits.md");
    } else if (id == kInputErrorId) {
        set({"Filen kunde kontrolleras", "The file could be checked"},
            {"Filen kunde inte kontrolleras (inte JSON, för stor, oläslig, inget policypaket).",
             "The file could not be checked (not JSON, too large, unreadable, no policy pack)."},
            {"Meddelandet anger raden och kolumnen; inga regler kördes på filen.",
             "The message names the line and column; no rule ran on the file."},
            "engine", "docs/format.md");
    } else if (id == kConfigurationErrorId) {
        set({"Konfigurationen kunde laddas", "The configuration could be loaded"},
            {"Ett policypaket, en regelfil, ett schema, en undantagsfil eller ett kommandoradsval är felaktigt, så "
             "ingen fil kontrollerades.",
             "A policy pack, rule file, schema, waiver file or command-line option is wrong, so no file was checked."},
            {"Meddelandet anger filen, raden och kolumnen att rätta.", "The message names the file, line and column to correct."},
            "engine", "docs/cli.md");
    } else if (id == "waiver.expired") {
        set({"Undantaget gäller fortfarande", "The waiver is still in force"},
            {"Ett undantag i undantagsfilen har gått ut och gäller inte längre; fyndet det täckte underkänner igen.",
             "A waiver in the waiver file has expired and no longer applies; the finding it covered fails again."},
            {"Förnya undantaget (nytt beslut och nytt slutdatum) eller ta bort det och rätta fyndet.",
             "Renew the waiver (a new decision and expiry date) or remove it and correct the finding."},
            "waiver", "docs/ci.md");
    }
    return d;
}

// The complete rule set, the same in every run (GitHub advises against
// rules that appear only when they fire): the loaded rules, then every id
// the engine itself can report, then any other id that occurs, sorted.
std::vector<Descriptor> all_descriptors(const RunReport& run) {
    std::vector<Descriptor> descriptors;
    std::set<std::string> known;
    if (run.rules)
        for (const auto& rule : *run.rules)
            if (known.insert(rule.id).second) descriptors.push_back(describe(rule));
    const auto builtin = [&](const std::string& id, Severity severity) {
        if (known.insert(id).second) descriptors.push_back(describe_builtin(id, severity));
    };
    for (const std::string_view keyword : schema::kViolationKeywords) builtin("schema." + std::string(keyword), Severity::Error);
    builtin("money.exact", Severity::Error);
    builtin(rules::kRuleErrorId, Severity::Error);
    builtin(rules::kFindingsCappedId, Severity::Notice);
    builtin(kInputErrorId, Severity::Error);
    builtin(kConfigurationErrorId, Severity::Error);
    builtin("waiver.expired", Severity::Warning);
    std::vector<std::pair<std::string, Severity>> extra;
    for (const auto& file : run.files)
        for (const auto& f : file.findings)
            if (known.insert(f.rule_id).second) extra.emplace_back(f.rule_id, f.severity);
    std::sort(extra.begin(), extra.end());
    for (const auto& [id, severity] : extra) descriptors.push_back(describe_builtin(id, severity));
    return descriptors;
}

Node reporting_descriptor(const Descriptor& d, std::string_view lang, const std::string& docs_url) {
    Object o{{"id", d.id},
             {"name", pascal_name(d.id)},
             {"shortDescription", text(d.title.shown_in(lang))},
             {"fullDescription", text(d.full.shown_in(lang))},
             {"help", text(d.help.shown_in(lang))}};
    if (!docs_url.empty()) o.emplace_back("helpUri", docs_url + uri_encode(d.help_path));
    o.emplace_back("defaultConfiguration", Object{{"level", level_of(d.severity)}});
    if (!d.properties.empty()) o.emplace_back("properties", d.properties);
    return o;
}

Object counts_object(const Counts& c) {
    return Object{{"errors", c.errors}, {"warnings", c.warnings}, {"notices", c.notices}, {"waived", c.waived}};
}

// physicalLocation of an input error: in the checked file (with its
// artifact index) or in another file (a policy pack, rule or waiver file).
Object error_location(const InputError& e, const std::string& checked, std::optional<std::size_t> artifact) {
    Object location = physical_location(e.file.empty() ? checked : e.file, e.line, e.column, e.snippet);
    if (artifact && (e.file.empty() || e.file == checked))
        std::get<Object>(location.front().second.value).emplace_back("index", *artifact);
    return location;
}

class SarifReporter final : public WholeRunReporter {
protected:
    void write_whole(const RunReport& run, const std::vector<FileSummary>& file_summaries, const RunSummary& summary,
                     const OutputOptions& options, std::ostream& out) const override {
        const std::string_view lang = options.lang;
        const std::vector<Descriptor> descriptors = all_descriptors(run);
        std::map<std::string, std::size_t> index;
        Array rules;
        for (const auto& d : descriptors) {
            index.emplace(d.id, rules.size());
            rules.push_back(reporting_descriptor(d, lang, options.docs_url));
        }

        Array artifacts, results, notifications;
        // A result of the engine itself (not a finding): `id` one of the
        // engine.* descriptors, located where the problem is.
        const auto engine_result = [&](const char* id, const Message& message, Object location, Object properties) {
            results.emplace_back(Object{{"ruleId", id},
                                        {"ruleIndex", index.at(id)},
                                        {"level", "error"},
                                        {"message", text(message.shown_in(lang))},
                                        {"locations", Array{Object{{"physicalLocation", std::move(location)}}}},
                                        {"properties", std::move(properties)}});
        };
        const auto notification = [&](const InputError& e, Object location) {
            notifications.emplace_back(Object{{"level", "error"},
                                              {"message", text(e.message.shown_in(lang) + e.hint.shown_in(lang))},
                                              {"descriptor", Object{{"id", e.code}}},
                                              {"locations", Array{Object{{"physicalLocation", std::move(location)}}}}});
        };

        // Errors that stopped the run: each a notification and a result at
        // the configuration file and line that need fixing.
        // A usage error names no file: a notification without a location
        // (a result needs one).
        for (const auto& e : run.run_errors) {
            if (e.file.empty()) {
                notifications.emplace_back(Object{{"level", "error"},
                                                  {"message", text(e.message.shown_in(lang) + e.hint.shown_in(lang))},
                                                  {"descriptor", Object{{"id", e.code}}}});
                continue;
            }
            notification(e, error_location(e, e.file, std::nullopt));
            const Message full{e.message.sv.empty() ? std::string() : e.message.sv + e.hint.sv, e.message.en + e.hint.en};
            engine_result(kConfigurationErrorId, full, error_location(e, e.file, std::nullopt), Object{{"code", e.code}});
        }

        for (std::size_t n = 0; n < run.files.size(); ++n) {
            const auto& file = run.files[n];
            const FileSummary& fs = file_summaries[n];
            const std::size_t artifact = artifacts.size();
            Object a{{"location", artifact_location(file.file)}, {"roles", Array{"analysisTarget"}}};
            Object props{{"passed", fs.verdict == Verdict::Passed}, {"verdict", verdict_name(fs.verdict)}};
            props.emplace_back("summary", counts_object(fs.counts));
            if (!file.policy_pack.empty()) props.emplace_back("policyPack", file.policy_pack);
            a.emplace_back("properties", std::move(props));
            artifacts.emplace_back(std::move(a));

            // A file that could not be checked: a notification (the tool
            // did not do its job) and a result, so the file shows the reason.
            for (const auto& e : file.errors) {
                notification(e, error_location(e, file.file, artifact));
                const Message full{e.message.sv.empty() ? std::string() : e.message.sv + e.hint.sv, e.message.en + e.hint.en};
                engine_result(kInputErrorId, full, error_location(e, file.file, artifact), Object{{"code", e.code}});
            }

            // A rule that failed is a problem of the tool's configuration: a
            // notification at the rule's file and line, and a result on the
            // checked file (its line 1) pointing there too.
            for (const auto& r : file.rule_failures) {
                const Message message = rules::failure_message(r);
                Object rule_location = physical_location(r.file, r.line, 0, {});
                notifications.emplace_back(Object{
                    {"level", "error"},
                    {"message", text(message.in(lang))},
                    {"descriptor", Object{{"id", rules::kRuleErrorId}}},
                    {"locations", Array{Object{{"physicalLocation", rule_location}}}},
                    {"properties", Object{{"rule", r.rule}, {"kind", std::string(rules::kind_name(r.kind))}}}});
                Object at = physical_location(file.file, 0, 0, {});
                std::get<Object>(at.front().second.value).emplace_back("index", artifact);
                engine_result(rules::kRuleErrorId, message, std::move(at),
                              Object{{"rule", r.rule}, {"kind", std::string(rules::kind_name(r.kind))}});
                std::get<Object>(results.back().value)
                    .emplace_back("relatedLocations", Array{Object{{"id", 1}, {"physicalLocation", std::move(rule_location)}}});
            }

            const auto fingerprints = finding_fingerprints(file);
            for (std::size_t i = 0; i < file.findings.size(); ++i) {
                const auto& f = file.findings[i];
                Object location;
                if (!f.location.file.empty()) {
                    // In another file (waiver.expired: the waiver file), at its line there.
                    location = physical_location(f.location.file, f.location.line, f.location.column, {});
                } else {
                    const std::string_view line_text =
                        file.has_line(f.location.line) ? file.line_text(f.location.line) : std::string_view();
                    location = physical_location(file.file, f.location.line, f.location.column, line_text);
                    std::get<Object>(location.front().second.value).emplace_back("index", artifact);
                }
                Object r{{"ruleId", f.rule_id},
                         {"ruleIndex", index.at(f.rule_id)},
                         {"level", level_of(f.severity)},
                         {"message", text(placed_message(f, lang))},
                         {"locations", Array{Object{{"physicalLocation", std::move(location)}}}},
                         {"partialFingerprints", Object{{"budgetcheckFinding/v1", fingerprints[i]}}}};
                if (f.waiver) {
                    Object w{{"kind", "external"}, {"status", "accepted"}, {"justification", f.waiver->reason}};
                    Object wp{{"decidedBy", f.waiver->decided_by}, {"decisionDate", f.waiver->decision_date}};
                    if (!f.waiver->expires.empty()) wp.emplace_back("expires", f.waiver->expires);
                    w.emplace_back("properties", std::move(wp));
                    r.emplace_back("suppressions", Array{std::move(w)});
                }
                Object p{{"pointer", f.location.pointer}};
                if (!f.place.shown_in(lang).empty()) p.emplace_back("place", f.place.shown_in(lang));
                if (!f.location.cell.empty()) p.emplace_back("cell", f.location.cell);
                if (f.year) p.emplace_back("year", *f.year);
                if (f.expected) p.emplace_back("expected", *f.expected);
                if (f.actual) p.emplace_back("actual", *f.actual);
                if (f.difference) p.emplace_back("difference", *f.difference);  // actual − expected, exact kronor
                r.emplace_back("properties", std::move(p));
                results.emplace_back(std::move(r));
            }
        }

        Object invocation{{"executionSuccessful", summary.exit_code != 2}, {"exitCode", summary.exit_code}};
        if (!notifications.empty()) invocation.emplace_back("toolExecutionNotifications", std::move(notifications));

        Object driver{{"name", "budgetcheck"}, {"version", BUDGETCHECK_VERSION}, {"semanticVersion", BUDGETCHECK_VERSION}};
        if (!options.docs_url.empty()) driver.emplace_back("informationUri", options.docs_url);
        driver.emplace_back("rules", std::move(rules));
        Object sarif_run{
            {"tool", Object{{"driver", std::move(driver)}}},
            {"invocations", Array{std::move(invocation)}},
            // One category per configuration (GitHub keeps the alerts of
            // each category apart): the --policy pack, or "auto".
            {"automationDetails", Object{{"id", fmt::format("budgetcheck/{}/", run.policy.empty() ? "auto" : run.policy)}}},
            {"language", lang == "en" ? "en-US" : "sv-SE"},
            {"columnKind", "unicodeCodePoints"}};
        std::error_code ec;
        const auto cwd = std::filesystem::current_path(ec);
        if (!ec) {
            std::string root = uri_encode(cwd.generic_string());
            if (root.empty() || root.back() != '/') root += '/';
            sarif_run.emplace_back("originalUriBaseIds", Object{{"%SRCROOT%", Object{{"uri", "file://" + root}}}});
        }
        sarif_run.emplace_back("artifacts", std::move(artifacts));
        sarif_run.emplace_back("results", std::move(results));
        Object run_summary{{"verdict", verdict_name(summary.verdict)}, {"files", summary.files},
                           {"passed", summary.passed}, {"failed", summary.failed}, {"notChecked", summary.not_checked}};
        for (auto& member : counts_object(summary.total)) run_summary.push_back(std::move(member));
        sarif_run.emplace_back("properties", Object{{"summary", std::move(run_summary)}});

        const Node log = Object{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                                {"version", "2.1.0"},
                                {"runs", Array{std::move(sarif_run)}}};
        dump(log, out, 0);
        out << '\n';
    }
};

}  // namespace

std::unique_ptr<Reporter> make_sarif_reporter() { return std::make_unique<SarifReporter>(); }

}  // namespace budgetcheck::output
