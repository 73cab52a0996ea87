// POST /api/round: several submissions at once (a municipality's budget
// round), as multipart/form-data files. One answer holds a result per file,
// the summary line, and the reports the CLI writes for the same files
// (`validate a.json b.json --format html|json`, as text: byte for byte what
// the CLI writes), made by the same reporters, so the page only shows them
// and offers them for download.
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "output/diff_reporter.hpp"
#include "output/reporter.hpp"
#include "revision_diff.hpp"
#include "server/api.hpp"

namespace budgetcheck::server {

namespace {

std::optional<std::string> param(const Request& request, const std::string& name) {
    const auto it = request.query.find(name);
    if (it == request.query.end()) return std::nullopt;
    return it->second;
}

std::string report(const output::RunReport& run, const output::RunSummary& summary, std::string_view format,
                   const std::string& lang) {
    output::OutputOptions options;
    options.lang = lang;
    std::ostringstream out;
    output::make_reporter(format)->write(run, summary, options, out);
    return out.str();
}

// "sv" unless the query asks for "en" (an invalid lang is refused by the route).
std::string lang_of(const Request& request) { return param(request, "lang").value_or("sv") == "en" ? "en" : "sv"; }

// A file name is at most 200 bytes: the reports link to each file by it.
Response file_name_too_long(std::string_view lang) {
    return json_error(400, "http.bad-parameter",
                      Message{"Ett filnamn får vara högst 200 byte (ett tecken som å tar 2).",
                              "A file name must be at most 200 bytes (a character such as å takes 2)."},
                      lang);
}

}  // namespace

Response too_many_files(std::string_view lang) {
    return json_error(413, "http.too-many-files",
                      Message{fmt::format("Högst {} filer per begäran; dela upp dem.", kMaxFilesPerRequest),
                              fmt::format("At most {} files per request; split them up.", kMaxFilesPerRequest)},
                      lang);
}

// The files of a multipart request under `field`, each with a usable name:
// 1–200 characters ("inlamning-N.json" for a part without one), a second file
// of the same name numbered (the reports link to each file by its name).
// An error answer when there are none or too many.
std::variant<std::vector<const Part*>, Response> request_files(const Request& request, std::string_view field,
                                                               std::vector<std::string>& names) {
    std::vector<const Part*> files;
    for (const Part& part : request.parts) {
        if (part.name != field)
            return json_error(400, "http.bad-parameter",
                              fmt::format("Unknown form field {}; send the files as \"{}\".",
                                          json::quote(part.name.substr(0, 100)), field));
        files.push_back(&part);
    }
    if (files.empty())
        return json_error(400, "http.no-files", fmt::format("Send at least one file as the form field \"{}\".", field));
    if (files.size() > kMaxFilesPerRequest) return too_many_files(lang_of(request));
    std::set<std::string> seen;
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::string name = files[i]->filename;
        if (name.empty()) name = fmt::format("inlamning-{}.json", i + 1);
        if (name.size() > 200) return file_name_too_long(lang_of(request));
        for (unsigned n = 2; !seen.insert(name).second; ++n) name = fmt::format("{} ({})", files[i]->filename, n);
        names.push_back(std::move(name));
    }
    return files;
}

Response Api::round(const Request& request) const {
    const std::string lang = param(request, "lang").value_or("sv");
    if (lang != "sv" && lang != "en") return json_error(400, "http.bad-parameter", "lang must be sv or en.");
    std::vector<std::string> names;
    auto got = request_files(request, "file", names);
    if (auto* refused = std::get_if<Response>(&got)) return std::move(*refused);
    const auto& files = std::get<std::vector<const Part*>>(got);
    auto chosen = engine_for(request, lang);
    if (auto* refused = std::get_if<Response>(&chosen)) return std::move(*refused);
    const Engine* engine = std::get<const Engine*>(chosen);

    output::RunReport run;
    run.rules = &engine->rules();
    run.packs = &engine->policy_packs();
    for (std::size_t i = 0; i < files.size(); ++i) run.files.push_back(validate_upload(*engine, files[i]->body, names[i]));
    const output::RunSummary summary = output::summarize(run);

    // A result per file, in the order sent.
    std::string results;
    for (const FileReport& file : run.files) {
        const output::FileSummary s = output::summarize(file, run.fail_on);
        std::string errors;
        for (std::size_t k = 0; k < file.errors.size(); ++k) errors += (k ? ", " : "") + input_error_json(file.errors[k], lang);
        results += fmt::format(
            "{}{{\"name\": {}, \"verdict\": {}, \"verdict_text\": {}, \"counts\": {{\"errors\": {}, \"warnings\": {}, "
            "\"notices\": {}, \"waived\": {}}}, \"counts_text\": {}, \"input_errors\": [{}]}}",
            results.empty() ? "\n    " : ",\n    ", json::quote(file.file), json::quote(output::verdict_name(s.verdict)),
            json::quote(output::verdict_label(s.verdict, lang)), s.counts.errors, s.counts.warnings, s.counts.notices,
            s.counts.waived, json::quote(output::counts_text(s.counts, lang)), errors);
    }
    Response r;
    r.body = fmt::format(
        "{{\"summary\": {{\"files\": {}, \"passed\": {}, \"failed\": {}, \"not_checked\": {}, \"verdict\": {}, "
        "\"text\": {}, \"totals\": {}}},\n  \"files\": [{}\n  ],\n  \"report_json\": {},\n  \"report_html\": {}}}\n",
        summary.files, summary.passed, summary.failed, summary.not_checked, json::quote(output::verdict_name(summary.verdict)),
        json::quote(output::files_text(summary, lang)), json::quote(output::counts_text(summary.total, lang)), results,
        json::quote(report(run, summary, "json", lang)), json::quote(report(run, summary, "html", lang)));
    return r;
}

// POST /api/diff: two revisions of one submission, the form fields "old"
// and "new"; the answer holds what `budgetcheck diff OLD NEW --format
// json|html` writes, and its exit code. A revision that cannot be checked is
// the input-error answer (400/413/422), each error with its file.
Response Api::diff(const Request& request) const {
    const std::string lang = param(request, "lang").value_or("sv");
    if (lang != "sv" && lang != "en") return json_error(400, "http.bad-parameter", "lang must be sv or en.");
    const Part* sides[2] = {nullptr, nullptr};
    for (const Part& part : request.parts) {
        const int side = part.name == "old" ? 0 : part.name == "new" ? 1 : -1;
        if (side < 0 || sides[side])
            return json_error(400, "http.bad-parameter", "Send exactly two files, as the form fields \"old\" and \"new\".");
        if (part.filename.size() > 200) return file_name_too_long(lang);
        sides[side] = &part;
    }
    if (!sides[0] || !sides[1])
        return json_error(400, "http.no-files", "Send two files, as the form fields \"old\" and \"new\".");
    auto chosen = engine_for(request, lang);
    if (auto* refused = std::get_if<Response>(&chosen)) return std::move(*refused);
    const Engine* engine = std::get<const Engine*>(chosen);
    const auto name = [](const Part* p, const char* fallback) { return p->filename.empty() ? std::string(fallback) : p->filename; };
    const FileReport old_file = validate_upload(*engine, sides[0]->body, name(sides[0], "old.json"));
    const FileReport new_file = validate_upload(*engine, sides[1]->body, name(sides[1], "new.json"));
    if (!old_file.errors.empty() || !new_file.errors.empty()) {
        std::vector<InputError> errors = old_file.errors;
        errors.insert(errors.end(), new_file.errors.begin(), new_file.errors.end());
        return input_errors_response(errors, lang);
    }
    if (const auto mismatch = revision::not_revisions(old_file, new_file)) return input_errors_response({*mismatch}, lang);
    const auto diff = revision::diff(*engine, old_file, new_file);
    const int code = diff.has_new_at_least(Severity::Error) ? 1 : 0;
    output::OutputOptions options;
    options.lang = lang;
    std::ostringstream json_text, html_text;
    output::write_diff(diff, "json", options, code, json_text);
    output::write_diff(diff, "html", options, code, html_text);
    Response r;
    r.body = fmt::format("{{\"exit_code\": {}, \"summary\": {{\"text\": {}}},\n  \"diff_json\": {},\n  \"diff_html\": {}}}\n", code,
                         json::quote(output::diff_summary_line(diff, lang)), json::quote(json_text.str()),
                         json::quote(html_text.str()));
    return r;
}

}  // namespace budgetcheck::server
