#include "rule_cases.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "json/editable.hpp"
#include "text/plural.hpp"
#include "text/suggest.hpp"
#include "text/utc_time.hpp"
#include "text/xml.hpp"

namespace budgetcheck::rule_cases {

namespace fs = std::filesystem;

namespace {

struct Expected {
    std::string rule;
    std::optional<std::string> severity, pointer, message;
    std::optional<int> year;
    std::optional<std::int64_t> difference;  // kronor (Finding::difference)
};

// An expected finding as a failing case names it, in `lang`.
std::string describe(const Expected& e, std::string_view lang) {
    const bool en = lang == "en";
    std::string out = e.rule;
    if (e.severity) out += " " + *e.severity;
    if (e.pointer) out += fmt::format(" {} {}", en ? "at" : "vid", e.pointer->empty() ? (en ? "(root)" : "(roten)") : *e.pointer);
    if (e.year) out += fmt::format(" {} {}", en ? "year" : "år", *e.year);
    if (e.difference) out += fmt::format(" {} {}", en ? "difference" : "skillnad", *e.difference);
    if (e.message) out += fmt::format(" {} ~ \"{}\"", en ? "message" : "meddelande", *e.message);
    return out;
}

std::string describe(const Finding& f, std::string_view lang) {
    const bool en = lang == "en";
    std::string out = fmt::format("{} {} {} {}", f.rule_id, severity_name(f.severity), en ? "at" : "vid",
                                  f.location.pointer.empty() ? (en ? "(root)" : "(roten)") : f.location.pointer);
    if (f.year) out += fmt::format(" {} {}", en ? "year" : "år", *f.year);
    if (f.difference) out += fmt::format(" {} {}", en ? "difference" : "skillnad", *f.difference);
    out += fmt::format(" ({} {}): {}", en ? "line" : "rad", f.location.line, f.message.shown_in(lang));
    return out;
}

bool matches(const Expected& e, const Finding& f) {
    if (e.rule != f.rule_id) return false;
    if (e.severity && *e.severity != severity_name(f.severity)) return false;
    if (e.pointer && *e.pointer != f.location.pointer) return false;
    if (e.year != f.year && e.year) return false;
    if (e.difference && e.difference != f.difference) return false;
    if (e.message && f.message.sv.find(*e.message) == std::string::npos &&
        f.message.en.find(*e.message) == std::string::npos)
        return false;
    return true;
}

// Findings a case speaks about: its rule's, plus anything that means the
// rules did not run as intended (schema, money, engine).
bool in_scope(const Finding& f, const std::string& rule) {
    return f.rule_id == rule || f.rule_id.rfind("engine.", 0) == 0 || f.rule_id.rfind("schema.", 0) == 0 ||
           f.rule_id.rfind("money.", 0) == 0;
}

std::string text_or(json::Value v, std::string fallback = {}) {
    return v.valid() && v.is_string() ? std::string(v.as_string()) : fallback;
}

// A case (or case file) that could not run: the problem at its place.
CaseResult broken_result(CaseResult result, std::vector<InputError> problems) {
    result.broken = true;
    for (const auto& p : problems) {
        const std::string at = p.line ? fmt::format("{}:{}:{}", p.file, p.line, p.column) : p.file;
        result.diff.push_back(
            {fmt::format("{}: {}", at, p.message.shown_in("sv")), fmt::format("{}: {}", at, p.message.shown_in("en"))});
    }
    result.problems = std::move(problems);
    return result;
}

InputError problem_at(const std::string& file, json::Value at, std::string code, Message message) {
    const auto pos = at.position();
    return InputError{file, pos.line, pos.column, std::move(code), std::move(message), {}};
}

CaseResult run_one(const Engine& engine, json::Value c, const std::string& rule, const std::string& file,
                   const std::string& data_dir, std::size_t index) {
    CaseResult result;
    result.file = file;
    result.rule = rule;
    result.name = text_or(c["name"], fmt::format("case {}", index + 1));
    auto fail = [&](InputError problem) { return broken_result(std::move(result), {std::move(problem)}); };

    // The pack: the case's "policy", checked here so a typo names the packs.
    const std::string policy = text_or(c["policy"]);
    if (!policy.empty()) {
        std::vector<std::string_view> ids;
        bool known = false;
        for (const auto& pack : engine.policy_packs()) {
            ids.push_back(pack.id);
            known = known || pack.id == policy;
        }
        if (!known) {
            std::string list;
            for (auto id : ids) list += (list.empty() ? "" : ", ") + std::string(id);
            const std::string close = text::closest_name(policy, ids);
            return fail(problem_at(
                file, c["policy"], "case.unknown-policy",
                {fmt::format("det finns inget policypaket '{}'{}; paketen är {}", policy,
                             close.empty() ? "" : "; menade du '" + close + "'?", list),
                 fmt::format("no policy pack '{}'{}; the packs are {}", policy,
                             close.empty() ? "" : "; did you mean '" + close + "'?", list)}));
        }
    }

    // The submission: "document" inline, or "submission" (a path) plus "patch".
    std::string text;
    if (c["document"].valid()) {
        text = json::to_json_text(json::to_editable(c["document"]));
    } else {
        const std::string base = text_or(c["submission"]);
        const auto read = read_file((fs::path(data_dir) / base).string(), 64u << 20);
        if (read.error) {
            return fail(problem_at(file, c["submission"], "case.submission",
                                   {fmt::format("{}: {}", base, read.error->message.sv),
                                    fmt::format("{}: {}", base, read.error->message.en)}));
        }
        const auto parsed = json::parse(read.text);
        if (parsed.error)
            return fail(problem_at(file, c["submission"], "case.submission",
                                   {fmt::format("{}: {}", base, parsed.error->message.sv),
                                    fmt::format("{}: {}", base, parsed.error->message.en)}));
        auto editable = json::to_editable(parsed.document->root());
        if (c["patch"].valid())
            if (auto error = json::apply_patch(editable, c["patch"]))
                return fail(problem_at(file, c["patch"], "case.patch", Message::english_only(*error)));
        text = json::to_json_text(editable);
    }

    std::vector<Expected> expected;
    const json::Value expect = c["expect"];
    for (std::size_t i = 0; i < expect.size(); ++i) {
        const json::Value e = expect.at(i);
        Expected x;
        x.rule = text_or(e["rule"], rule);
        if (e["severity"].valid()) x.severity = text_or(e["severity"]);
        if (e["pointer"].valid()) x.pointer = text_or(e["pointer"]);
        if (e["message"].valid()) x.message = text_or(e["message"]);
        if (e["year"].valid()) x.year = static_cast<int>(e["year"].as_integer().value_or(0));
        if (e["difference"].valid()) x.difference = e["difference"].as_integer();
        expected.push_back(std::move(x));
    }
    result.expects_findings = !expected.empty();

    const FileReport report =
        engine.validate_text(std::move(text), file + "#" + result.name, policy.empty() ? nullptr : &policy);
    for (const auto& error : report.errors)
        result.diff.push_back({"! " + error.message.shown_in("sv"), "! " + error.message.shown_in("en")});
    // A rule that failed is matched as an `engine.rule-error` finding, so a
    // case can expect one (rule-cases.schema.json) and any other fails.
    std::vector<Finding> failures;
    for (const auto& failure : report.rule_failures) failures.push_back(rules::to_finding(failure));
    std::vector<const Finding*> actual;
    for (const auto& f : report.findings)
        if (in_scope(f, rule)) actual.push_back(&f);
    for (const auto& f : failures)
        if (in_scope(f, rule)) actual.push_back(&f);

    std::vector<bool> used(actual.size(), false);
    for (const auto& e : expected) {
        bool found = false;
        for (std::size_t k = 0; k < actual.size() && !found; ++k)
            if (!used[k] && matches(e, *actual[k])) used[k] = found = true;
        if (!found) result.diff.push_back({"- saknas:     " + describe(e, "sv"), "- missing:    " + describe(e, "en")});
    }
    for (std::size_t k = 0; k < actual.size(); ++k)
        if (!used[k])
            result.diff.push_back({"+ oväntat:    " + describe(*actual[k], "sv"), "+ unexpected: " + describe(*actual[k], "en")});
    result.passed = result.diff.empty();
    return result;
}

}  // namespace

std::vector<CaseResult> run_case_text(const Engine& engine, const std::string& case_text, const std::string& file,
                                      const std::string& data_dir) {
    CaseResult whole;
    whole.file = file;
    whole.name = "(case file)";
    const auto parsed = json::parse(case_text);
    if (parsed.error)
        return {broken_result(std::move(whole), {InputError{file, parsed.error->position.line,
                                                            parsed.error->position.column, parsed.error->code,
                                                            parsed.error->message, parsed.error->snippet}})};
    const json::Document& doc = *parsed.document;
    const json::Value root = doc.root();
    const std::string rule = text_or(root["rule"]);
    whole.rule = rule;
    // The schema first: a misspelt key would otherwise be ignored and the
    // case test something else ("patches" = no patch, "yaer" = any year).
    // A problem inside cases[i] breaks that case; any other, the whole file.
    std::map<std::size_t, std::vector<InputError>> case_problems;
    std::vector<InputError> file_problems;
    const json::Value cases = root["cases"];
    for (const auto& v : engine.rule_cases_schema().validate(root).violations) {
        const auto pos = v.position();
        InputError problem{file, pos.line, pos.column, "case." + v.keyword, v.message, {}};
        // cases[i] is the ancestor whose parent is the "cases" list.
        json::Value at = v.instance;
        while (at.valid() && at.id() != 0 && !(at.parent() == cases)) at = at.parent();
        if (at.valid() && at.id() != 0 && cases.is_array())
            case_problems[at.index_in_parent()].push_back(std::move(problem));
        else
            file_problems.push_back(std::move(problem));
    }
    if (!file_problems.empty()) return {broken_result(std::move(whole), std::move(file_problems))};
    std::vector<CaseResult> results;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        if (case_problems.count(i)) {
            CaseResult broken = whole;
            broken.name = text_or(cases.at(i)["name"], fmt::format("case {}", i + 1));
            results.push_back(broken_result(std::move(broken), std::move(case_problems[i])));
            continue;
        }
        const auto start = std::chrono::steady_clock::now();
        results.push_back(run_one(engine, cases.at(i), rule, file, data_dir, i));
        results.back().seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    return results;
}

std::vector<std::string> find_case_files(const std::string& dir) {
    std::vector<std::string> files;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (it->is_regular_file() && name.size() > 11 && name.ends_with(".cases.json"))
            files.push_back(it->path().generic_string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<CaseResult> run_case_files(const Engine& engine, const std::vector<std::string>& files,
                                       const std::string& data_dir) {
    std::vector<CaseResult> results;
    for (const auto& file : files) {
        const auto read = read_file(file, 16u << 20);
        if (read.error) {
            CaseResult broken;
            broken.file = file;
            broken.name = "(case file)";
            broken.broken = true;
            broken.diff.push_back({file + ": " + read.error->message.shown_in("sv"),
                                   file + ": " + read.error->message.shown_in("en")});
            results.push_back(std::move(broken));
            continue;
        }
        auto part = run_case_text(engine, read.text, file, data_dir);
        results.insert(results.end(), part.begin(), part.end());
    }
    return results;
}

CaseGaps case_gaps(const std::vector<rules::RuleInfo>& rules, const std::vector<CaseResult>& results) {
    std::set<std::string> any, firing, silent;
    for (const auto& r : results) {
        if (r.broken) continue;
        any.insert(r.rule);
        (r.expects_findings ? firing : silent).insert(r.rule);
    }
    CaseGaps gaps;
    for (const auto& rule : rules) {
        if (!any.count(rule.id)) {
            gaps.without_cases.push_back(rule.id);
            continue;
        }
        if (!firing.count(rule.id)) gaps.without_firing.push_back(rule.id);
        if (!silent.count(rule.id)) gaps.without_silent.push_back(rule.id);
    }
    return gaps;
}

std::vector<rules::Coverage::File> coverage_in_scope(const rules::Coverage& coverage, const std::string& data_dir,
                                                   const std::string& dir) {
    std::error_code ec;
    const fs::path scope = fs::weakly_canonical(fs::absolute(dir, ec), ec);
    std::vector<rules::Coverage::File> out;
    for (auto& file : coverage.files()) {
        const fs::path path = fs::weakly_canonical(fs::absolute(fs::path(data_dir) / file.name, ec), ec);
        const auto rel = path.lexically_relative(scope).generic_string();
        const bool inside = !rel.empty() && rel.rfind("..", 0) != 0;
        if (inside) out.push_back(std::move(file));
    }
    return out;
}

std::string coverage_line(const rules::Coverage::File& file, std::size_t width, std::string_view lang) {
    std::string out = fmt::format("{:<{}}  {:5.1f}%  ({}/{})", file.name, width, file.percent(), file.hit.size(),
                                  file.executable.size());
    const std::string missed = file.missed_ranges();
    if (!missed.empty()) out += (lang == "en" ? "  missed: " : "  ej körda: ") + missed;
    return out;
}

std::string junit_xml(const std::vector<CaseResult>& results, std::string_view lang) {
    std::vector<std::string> order;
    std::map<std::string, std::vector<const CaseResult*>> by_file;
    for (const auto& r : results) {
        if (!by_file.count(r.file)) order.push_back(r.file);
        by_file[r.file].push_back(&r);
    }
    const std::string stamp = text::utc_timestamp(text::report_time());

    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
    std::size_t id = 0;
    for (const auto& file : order) {
        const auto& cases = by_file[file];
        std::size_t failures = 0, errors = 0;
        double seconds = 0;
        for (const auto* r : cases) {
            if (!r->passed) ++(r->broken ? errors : failures);
            seconds += r->seconds;
        }
        const std::string suite = cases.front()->rule.empty() ? file : cases.front()->rule;
        out += fmt::format(
            "  <testsuite package=\"{}\" id=\"{}\" name=\"{}\" timestamp=\"{}\" hostname=\"budgetcheck\" tests=\"{}\" "
            "failures=\"{}\" errors=\"{}\" time=\"{:.6f}\">\n    <properties>\n"
            "      <property name=\"file\" value=\"{}\"/>\n    </properties>\n",
            xml::attribute(file), id++, xml::attribute(suite), stamp, cases.size(), failures, errors, seconds,
            xml::attribute(file));
        for (const auto* r : cases) {
            out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.6f}\"",
                               xml::attribute(r->name), xml::attribute(suite), r->seconds);
            if (r->passed) {
                out += "/>\n";
                continue;
            }
            std::string body;
            for (const auto& line : r->diff) body += line.in(lang) + "\n";
            out += fmt::format(">\n      <{0} message=\"{1}\" type=\"{2}\">{3}</{0}>\n    </testcase>\n",
                               r->broken ? "error" : "failure",
                               xml::attribute(r->broken ? r->diff.front().in(lang)
                                              : lang == "en"
                                                  ? text::counted(r->diff.size(), "difference", "differences") +
                                                        " between expected and actual findings"
                                                  : text::counted(r->diff.size(), "skillnad", "skillnader") +
                                                        " mellan förväntade och faktiska fynd"),
                               r->broken ? "broken-case" : "findings-differ", xml::text(body));
        }
        out += "    <system-out/>\n    <system-err/>\n  </testsuite>\n";
    }
    out += "</testsuites>\n";
    return out;
}

}  // namespace budgetcheck::rule_cases
