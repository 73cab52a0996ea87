#include "output/reporter.hpp"

#include <filesystem>
#include <map>
#include <tuple>

#include <fmt/format.h>

namespace budgetcheck::output {

std::unique_ptr<Reporter> make_text_reporter();
std::unique_ptr<Reporter> make_json_reporter();
std::unique_ptr<Reporter> make_html_reporter();
std::unique_ptr<Reporter> make_sarif_reporter();
std::unique_ptr<Reporter> make_junit_reporter();
std::unique_ptr<Reporter> make_github_reporter();
std::unique_ptr<Reporter> make_gitlab_reporter();
std::unique_ptr<Reporter> make_overview_reporter();
std::unique_ptr<Reporter> make_overview_csv_reporter();
std::unique_ptr<Reporter> make_overview_xlsx_reporter();
std::unique_ptr<Reporter> make_findings_csv_reporter();
std::unique_ptr<Reporter> make_findings_xlsx_reporter();

namespace {
struct Entry {
    std::string_view name;
    std::unique_ptr<Reporter> (*make)();
};
// The one registry of output formats.
constexpr Entry kReporters[] = {
    {"text", make_text_reporter},
    {"json", make_json_reporter},
    {"html", make_html_reporter},
    {"sarif", make_sarif_reporter},
    {"junit", make_junit_reporter},
    {"github", make_github_reporter},
    {"gitlab", make_gitlab_reporter},
    {"overview", make_overview_reporter},  // a budget round at a glance (HTML)
    {"overview-csv", make_overview_csv_reporter},
    {"overview-xlsx", make_overview_xlsx_reporter},
    {"findings-csv", make_findings_csv_reporter},  // findings to send back to a board
    {"findings-xlsx", make_findings_xlsx_reporter},
};
}  // namespace

std::unique_ptr<Reporter> make_reporter(std::string_view name) {
    for (const auto& entry : kReporters)
        if (entry.name == name) return entry.make();
    return nullptr;
}

std::vector<std::string> reporter_names() {
    std::vector<std::string> names;
    for (const auto& entry : kReporters) names.emplace_back(entry.name);
    return names;
}

void Reporter::write(const RunReport& run, const RunSummary& summary, const OutputOptions& options, std::ostream& out) {
    begin(run, options, out);
    for (const auto& file : run.files) this->file(file, summarize(file, run.fail_on), out);
    end(summary, out);
}

void WholeRunReporter::begin(const RunReport& run, const OutputOptions& options, std::ostream&) {
    // Everything but the files, which file() adds.
    run_ = RunReport{{}, run.rules, run.packs, run.fail_on, run.run_errors, run.run_notes, run.skipped_rules, run.policy};
    source_ = &run;  // its run_notes are set only before end()
    summaries_.clear();
    options_ = options;
}

void WholeRunReporter::file(const FileReport& file, const FileSummary& summary, std::ostream&) {
    run_.files.push_back(file);
    summaries_.push_back(summary);
}

void WholeRunReporter::end(const RunSummary& summary, std::ostream& out) {
    if (source_) run_.run_notes = source_->run_notes;
    write_whole(run_, summaries_, summary, options_, out);
    run_.files.clear();
    summaries_.clear();
}

bool file_fails(const FileReport& file, FailOn fail_on) {
    if (!file.errors.empty() || !file.rule_failures.empty()) return true;
    if (fail_on == FailOn::Never) return false;
    const Severity threshold = fail_on == FailOn::Warning ? Severity::Warning : Severity::Error;
    for (const auto& f : file.findings)
        if (f.severity >= threshold && !f.waiver) return true;
    return false;
}

int exit_code(const RunReport& run) { return summarize(run).exit_code; }

std::string_view severity_label(Severity severity, std::string_view lang) {
    const bool en = lang == "en";
    switch (severity) {
        case Severity::Error: return en ? "error" : "fel";
        case Severity::Warning: return en ? "warning" : "varning";
        case Severity::Notice: return en ? "notice" : "notering";
    }
    return "";
}

std::string_view funding_label(std::string_view funding, std::string_view lang) {
    const bool en = lang == "en";
    if (funding == "appropriation") return en ? "appropriation-funded" : "anslagsfinansierad";
    if (funding == "revenue") return en ? "revenue-funded" : "intäktsfinansierad";
    return funding;
}

std::string waiver_note(const Finding& f, std::string_view lang) {
    if (!f.waiver) return "";
    return fmt::format(" — {}: {} ({}, {})", lang == "en" ? "waived" : "undantag", f.waiver->reason,
                       f.waiver->decided_by, f.waiver->decision_date);
}

std::string expected_and_actual(const Finding& f, std::string_view lang) {
    const bool en = lang == "en";
    return fmt::format("{}: {}, {}: {}", en ? "expected" : "förväntat",
                       f.expected ? shown_value(*f.expected, lang) : "–", en ? "actual" : "faktiskt",
                       f.actual ? shown_value(*f.actual, lang) : "–");
}

std::string placed_message(const Finding& f, std::string_view lang) {
    const std::string& place = f.place.shown_in(lang);
    const std::string& message = f.message.shown_in(lang);
    return place.empty() ? message : place + ": " + message;
}

std::string json_escape(std::string_view text) {
    std::string out;
    json::append_escaped(out, text);
    return out;
}

std::vector<std::string> finding_fingerprints(const FileReport& file, std::string_view salt) {
    const auto hash = [](std::uint64_t h, std::string_view part) {
        for (const char c : part) {
            h ^= static_cast<unsigned char>(c);
            h *= 0x100000001b3ULL;
        }
        h ^= 0x1f;  // separator: ("ab", "c") and ("a", "bc") differ
        return h * 0x100000001b3ULL;
    };
    // The file as CI systems name it, so identical content in two files is
    // two findings; none for a report made only to hash (an input error's key).
    const std::string path = file.file.empty() ? std::string() : path_for_ci(file.file);
    const std::vector<std::string> stable = file.finding_stable_pointers();
    std::map<std::tuple<std::string_view, std::string_view, std::optional<int>>, unsigned> seen;
    std::vector<std::string> out;
    out.reserve(file.findings.size());
    for (std::size_t i = 0; i < file.findings.size(); ++i) {
        const Finding& f = file.findings[i];
        const unsigned occurrence = seen[{f.rule_id, stable[i], f.year}]++;
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (const std::string_view part : {salt, std::string_view(path), std::string_view(f.rule_id),
                                            std::string_view(stable[i])})
            h = hash(h, part);
        h = hash(h, f.year ? std::to_string(*f.year) : std::string());
        if (occurrence) h = hash(h, std::to_string(occurrence));
        out.push_back(fmt::format("{:016x}", h));
    }
    return out;
}

std::string path_for_ci(std::string_view file) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    const fs::path absolute = fs::path(file).is_absolute() || ec ? fs::path(file) : cwd / file;
    const fs::path normal = absolute.lexically_normal();
    if (!ec) {
        const fs::path relative = normal.lexically_relative(cwd);
        if (!relative.empty() && *relative.begin() != ".." && relative != ".") return relative.generic_string();
    }
    return normal.generic_string();
}

}  // namespace budgetcheck::output
