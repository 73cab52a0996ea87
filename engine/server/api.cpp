#include "server/api.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "output/reporter.hpp"
#include "text/caret.hpp"
#include "version.hpp"
#include "xlsx/validate.hpp"
#include "xlsx/writer.hpp"

namespace budgetcheck::server {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// The first value of a query parameter, or nullopt.
std::optional<std::string> param(const Request& request, const std::string& name) {
    const auto it = request.query.find(name);
    if (it == request.query.end()) return std::nullopt;
    return it->second;
}

bool is_json_content_type(std::string_view content_type) {
    const std::string type = lower(content_type.substr(0, content_type.find(';')));
    const auto trimmed_end = type.find_last_not_of(" \t");
    const std::string t = trimmed_end == std::string::npos ? "" : type.substr(0, trimmed_end + 1);
    // An Excel workbook is accepted too: it is imported to JSON (docs/excel.md).
    return t == "application/json" || t == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
           (t.size() > 5 && t.rfind("application/", 0) == 0 && t.ends_with("+json"));
}

bool is_multipart_content_type(std::string_view content_type) {
    const std::string type = lower(content_type);
    return type.rfind("multipart/form-data", 0) == 0 && type.find("boundary=") != std::string::npos;
}

Response unsupported_media_type() {
    return json_error(415, "http.unsupported-media-type",
                      "Send the submission as the request body with Content-Type: application/json.");
}

Response not_multipart() {
    return json_error(415, "http.unsupported-media-type",
                      "Send the files as Content-Type: multipart/form-data (with a boundary), as a browser's FormData does.");
}

Response method_not_allowed(const std::string& allow) {
    Response r = json_error(405, "http.method-not-allowed", fmt::format("Use {} on this path.", allow));
    r.headers.emplace_back("Allow", allow);
    return r;
}

std::string rule_json(const rules::RuleInfo& rule, const std::string& lang, bool with_explain) {
    std::string out = fmt::format("{{\"id\": {}, \"title\": {}, \"title_sv\": {}, \"title_en\": {}, \"severity\": {}, \"applies_to\": [",
                                  json::quote(rule.id), json::quote(rule.title.in(lang)), json::quote(rule.title.sv),
                                  json::quote(rule.title.en), json::quote(severity_name(rule.severity)));
    for (std::size_t i = 0; i < rule.applies_to.size(); ++i) out += (i ? ", " : "") + json::quote(rule.applies_to[i]);
    out += "]";
    if (with_explain) {
        out += fmt::format(", \"explain\": {}, \"explain_sv\": {}, \"explain_en\": {}", json::quote(rule.explain.in(lang)),
                           json::quote(rule.explain.sv), json::quote(rule.explain.en));
        out += fmt::format(", \"source\": {{\"decision\": {}, \"quote\": {}, \"document\": {}}}",
                           json::quote(rule.source.decision), json::quote(rule.source.quote), json::quote(rule.source.document));
    }
    out += "}";
    return out;
}

// "message" in the chosen language, then both, as the JSON report has them.
std::string message_members(const Message& message, std::string_view lang) {
    return fmt::format("\"message\": {}, \"message_sv\": {}, \"message_en\": {}", json::quote(message.shown_in(lang)),
                       json::quote(message.sv), json::quote(message.en));
}

}  // namespace

Response json_error(int status, std::string_view code, const Message& message, std::string_view lang) {
    Response r;
    r.status = status;
    r.body = fmt::format("{{\"error\": {{\"status\": {}, \"code\": {}, {}}}}}\n", status, json::quote(code),
                         message_members(message, lang));
    return r;
}

Response json_error(int status, std::string_view code, std::string_view message) {
    Response r;
    r.status = status;
    r.body = fmt::format("{{\"error\": {{\"status\": {}, \"code\": {}, \"message\": {}}}}}\n", status, json::quote(code),
                         json::quote(message));
    return r;
}

std::variant<std::unique_ptr<Api>, std::vector<InputError>> Api::create(const EngineConfig& config) {
    auto created = Engine::create(config);
    if (auto* errors = std::get_if<std::vector<InputError>>(&created)) return std::move(*errors);
    std::unique_ptr<Api> api(new Api());
    api->config_ = config;
    api->engine_ = std::move(std::get<std::unique_ptr<Engine>>(created));
    return api;
}

const Engine* Api::engine_for_policy(const std::string& pack_id, std::vector<InputError>& errors) const {
    std::lock_guard lock(policy_mutex_);
    if (auto it = policy_engines_.find(pack_id); it != policy_engines_.end()) return it->second.get();
    EngineConfig config = config_;
    config.policy = pack_id;
    auto created = Engine::create(config);
    if (auto* e = std::get_if<std::vector<InputError>>(&created)) {
        errors = std::move(*e);
        return nullptr;
    }
    auto& slot = policy_engines_[pack_id];
    slot = std::move(std::get<std::unique_ptr<Engine>>(created));
    return slot.get();
}

Response Api::handle(const Request& request) const {
    const std::string& path = request.path;
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (path == "/" || path == "/index.html") return get ? page() : method_not_allowed("GET");
    if (path == "/healthz") return get ? health() : method_not_allowed("GET");
    if (path == "/api/template") return get ? workbook_template(request) : method_not_allowed("GET");
    if (path == "/api/validate") return request.method == "POST" ? validate(request) : method_not_allowed("POST");
    if (path == "/api/round") return request.method == "POST" ? round(request) : method_not_allowed("POST");
    if (path == "/api/diff") return request.method == "POST" ? diff(request) : method_not_allowed("POST");
    if (path == "/api/rules" || path == "/api/rules/") return get ? rules(request) : method_not_allowed("GET");
    if (path.rfind("/api/rules/", 0) == 0) {
        if (!get) return method_not_allowed("GET");
        return rule(request, path.substr(std::string_view("/api/rules/").size()));
    }
    return json_error(404, "http.not-found", fmt::format("No such path: {}. See docs/api.md.", path.substr(0, 200)));
}

bool Api::reads_body(const Request& head) {
    return head.method == "POST" && (head.path == "/api/validate" || reads_parts(head));
}

bool Api::reads_parts(const Request& head) {
    return head.method == "POST" && (head.path == "/api/round" || head.path == "/api/diff");
}

std::optional<Response> Api::refuse_before_body(const Request& head) const {
    if (reads_parts(head)) {
        if (!is_multipart_content_type(head.content_type)) return not_multipart();
        return std::nullopt;
    }
    if (!is_json_content_type(head.content_type)) return unsupported_media_type();
    return std::nullopt;
}

std::string input_error_json(const InputError& e, std::string_view lang) {
    std::string out = fmt::format("{{\"code\": {}, {}, \"file\": {}, \"line\": {}, \"column\": {}, \"snippet\": {}",
                                  json::quote(e.code), message_members(e.message, lang), json::quote(e.file), e.line,
                                  e.column, json::quote(e.snippet));
    if (!e.snippet.empty()) {
        const text::CaretExcerpt excerpt = text::caret_excerpt(e.snippet, e.column);
        out += fmt::format(", \"excerpt\": {{\"text\": {}, \"padding\": {}, \"caret\": {}}}", json::quote(excerpt.text),
                           json::quote(excerpt.padding), excerpt.caret && e.column ? "true" : "false");
    }
    return out + "}";
}

Response input_errors_response(const std::vector<InputError>& errors, std::string_view lang) {
    const InputError& e = errors.front();
    const bool syntax = e.code.rfind("json.", 0) == 0;
    const bool too_large = e.code.rfind("limit.", 0) == 0;
    const int status = syntax ? 400 : too_large ? 413 : 422;
    Response r;
    r.status = status;
    std::string first = input_error_json(e, lang);
    first.insert(1, fmt::format("\"status\": {}, ", status));
    r.body = fmt::format("{{\"error\": {}, \"errors\": [", first);
    for (std::size_t i = 0; i < errors.size(); ++i) r.body += (i ? ", " : "") + input_error_json(errors[i], lang);
    r.body += "]}\n";
    return r;
}

std::variant<const Engine*, Response> Api::engine_for(const Request& request, const std::string& lang) const {
    const auto policy = param(request, "policy");
    if (!policy || policy->empty()) return engine_.get();
    // Only the id of a loaded pack: a path would let a client read files.
    const auto& packs = engine_->policy_packs();
    if (std::none_of(packs.begin(), packs.end(), [&](const PolicyPack& p) { return p.id == *policy; }))
        return json_error(
            400, "policy.unknown",
            Message{fmt::format("Det finns inget policypaket {}; GET /api/rules listar dem.", policy->substr(0, 200)),
                    fmt::format("No policy pack {}; GET /api/rules lists them.", policy->substr(0, 200))},
            lang);
    std::vector<InputError> errors;
    const Engine* engine = engine_for_policy(*policy, errors);
    if (!engine)
        return json_error(500, "policy.broken",
                          errors.empty() ? Message{"Policypaketet kunde inte läsas in.", "The policy pack could not be loaded."}
                                         : errors.front().message,
                          lang);
    return engine;
}

Response Api::page() const {
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = app_page();
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                           "connect-src 'self'; img-src data:; frame-src 'self' about:; form-action 'none'; "
                           "base-uri 'none'; frame-ancestors 'none'");
    return r;
}

Response Api::health() const {
    Response r;
    std::string packs;
    for (const auto& p : engine_->policy_packs()) packs += (packs.empty() ? "" : ", ") + json::quote(p.id);
    r.body = fmt::format("{{\"status\": \"ok\", \"version\": {}, \"rules\": {}, \"policy_packs\": [{}]}}\n",
                         json::quote(BUDGETCHECK_VERSION), engine_->rules().size(), packs);
    return r;
}

Response Api::rules(const Request& request) const {
    const std::string lang = param(request, "lang").value_or("sv");
    if (lang != "sv" && lang != "en") return json_error(400, "http.bad-parameter", "lang must be sv or en.");
    Response r;
    r.body = "{\"rules\": [";
    const auto& all = engine_->rules();
    for (std::size_t i = 0; i < all.size(); ++i) r.body += (i ? ",\n  " : "\n  ") + rule_json(all[i], lang, false);
    r.body += "\n], \"policy_packs\": [";
    const auto& packs = engine_->policy_packs();
    for (std::size_t i = 0; i < packs.size(); ++i)
        r.body += fmt::format("{}{{\"id\": {}, \"municipality\": {}, \"kf_decision_date\": {}}}", i ? ",\n  " : "\n  ",
                              json::quote(packs[i].id), json::quote(packs[i].municipality), json::quote(packs[i].kf_date));
    r.body += "\n]}\n";
    return r;
}

Response Api::rule(const Request& request, const std::string& id) const {
    const std::string lang = param(request, "lang").value_or("sv");
    if (lang != "sv" && lang != "en") return json_error(400, "http.bad-parameter", "lang must be sv or en.");
    for (const auto& rule : engine_->rules())
        if (rule.id == id) {
            Response r;
            r.body = rule_json(rule, lang, true) + "\n";
            return r;
        }
    return json_error(404, "rule.not-found",
                      Message{fmt::format("Det finns ingen regel med id {}; GET /api/rules listar dem.", id.substr(0, 200)),
                              fmt::format("No rule with id {}; GET /api/rules lists them.", id.substr(0, 200))},
                      lang);
}

Response Api::workbook_template(const Request& request) const {
    const std::string lang = param(request, "lang").value_or("sv");
    const auto policy = param(request, "policy");
    const auto organisation = param(request, "organisation");
    if (!policy || !organisation || organisation->empty() || organisation->size() > 200)
        return json_error(400, "http.bad-parameter", "policy and organisation (1 to 200 characters) are required.");
    const auto& packs = engine_->policy_packs();
    const auto pack = std::find_if(packs.begin(), packs.end(), [&](const PolicyPack& p) { return p.id == *policy; });
    if (pack == packs.end())
        return json_error(400, "policy.unknown",
                          Message{fmt::format("Det finns inget policypaket {}; GET /api/rules listar dem.", policy->substr(0, 200)),
                                  fmt::format("No policy pack {}; GET /api/rules lists them.", policy->substr(0, 200))},
                          lang);
    InputError error;
    const auto schema = xlsx::submission_schema(config_, error);
    if (!schema) return json_error(500, error.code, error.message, lang);
    // libxlsxwriter writes files only: a private temporary file, removed at once.
    std::string path = (std::filesystem::temp_directory_path() / "budgetcheck-template-XXXXXX").string();
    const int fd = ::mkstemp(path.data());
    if (fd < 0) return json_error(500, "io.write", "The template could not be written.");
    ::close(fd);
    const auto written = xlsx::write_template(path, *schema, *pack->document, *organisation);
    FileRead read;
    if (!written) read = read_file(path, 64u << 20);
    std::filesystem::remove(path);
    if (written) return json_error(400, written->code, written->message, lang);
    if (read.error) return json_error(500, "io.read", "The template could not be read back.");
    Response r;
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r.body = std::move(read.text);
    // The id is checked against the pack's organisations by write_template: a plain name.
    r.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}-{}.xlsx\"", *organisation, pack->id));
    return r;
}

FileReport validate_upload(const Engine& engine, const std::string& body, const std::string& name) {
    // An uploaded Excel workbook (a zip, or Excel's encrypted OLE file) is imported first (docs/excel.md).
    const bool workbook = body.rfind("PK\x03\x04", 0) == 0 || body.rfind("\xD0\xCF\x11\xE0", 0) == 0;
    return workbook ? xlsx::validate_workbook(engine, body, name) : engine.validate_text(body, name);
}

Response Api::validate(const Request& request) const {
    if (!is_json_content_type(request.content_type)) return unsupported_media_type();
    const std::string lang = param(request, "lang").value_or("sv");
    if (lang != "sv" && lang != "en") return json_error(400, "http.bad-parameter", "lang must be sv or en.");
    const std::string format = param(request, "format").value_or("json");
    if (format != "json" && format != "html") return json_error(400, "http.bad-parameter", "format must be json or html.");
    std::string name = param(request, "name").value_or("submission.json");
    if (name.empty() || name.size() > 200) return json_error(400, "http.bad-parameter", "name must be 1 to 200 characters.");
    if (request.body.empty())
        return json_error(400, "json.empty",
                          Message{"Förfrågan är tom; skicka inlämningens JSON i den.",
                                  "The request body is empty; send the submission JSON."},
                          lang);

    auto chosen = engine_for(request, lang);
    if (auto* refused = std::get_if<Response>(&chosen)) return std::move(*refused);
    const Engine* engine = std::get<const Engine*>(chosen);

    output::RunReport run;
    run.rules = &engine->rules();
    run.packs = &engine->policy_packs();
    run.files.push_back(validate_upload(*engine, request.body, name));
    const FileReport& file = run.files.front();

    if (!file.errors.empty()) return input_errors_response(file.errors, lang);

    output::OutputOptions options;
    options.lang = lang;
    std::ostringstream out;
    output::make_reporter(format)->write(run, options, out);
    Response r;
    r.body = out.str();
    if (format == "html") {
        r.content_type = "text/html; charset=utf-8";
        r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    }
    r.headers.emplace_back("X-Budgetcheck-Passed", output::file_fails(file, run.fail_on) ? "false" : "true");
    return r;
}

}  // namespace budgetcheck::server
