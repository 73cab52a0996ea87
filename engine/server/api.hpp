// The HTTP API of `budgetcheck serve`, independent of the HTTP library: a
// request in, a response out. Routing, validation of parameters, status
// codes and JSON errors live here; server.cpp only adapts cpp-httplib.
// docs/api.md and docs/openapi.yaml describe it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine.hpp"

namespace budgetcheck::server {

// One file of a multipart/form-data body (POST /api/round, /api/diff).
struct Part {
    std::string name;      // the form field: "file", "old", "new"
    std::string filename;  // as the browser sent it; "" for a plain field
    std::string body;
};

// A hostile client cannot make the server check more than this many files
// in one request (docs/api.md); the bytes of all of them together are
// capped by --max-request-size.
inline constexpr std::size_t kMaxFilesPerRequest = 20;

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string path;    // decoded, without the query
    std::multimap<std::string, std::string> query;
    std::string content_type;  // the Content-Type header, "" when absent
    std::string body;          // every body but multipart/form-data
    std::vector<Part> parts;   // a multipart/form-data body, as server.cpp read it
};

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

// A JSON error body: {"error": {"status": 404, "code": "...", "message": "..."}}.
Response json_error(int status, std::string_view code, std::string_view message);
// The same for an input error, whose message is given as findings give
// theirs: "message" in `lang`, plus "message_sv" and "message_en".
Response json_error(int status, std::string_view code, const Message& message, std::string_view lang);
// The 413 for more than kMaxFilesPerRequest files, in `lang` (the page shows its message).
Response too_many_files(std::string_view lang);

class Api {
public:
    // Loads the engine once (rules, schema, packs); errors as values.
    static std::variant<std::unique_ptr<Api>, std::vector<InputError>> create(const EngineConfig& config);

    // Safe to call from many threads at once.
    Response handle(const Request& request) const;

    // Whether the answer depends on the body (POST /api/validate, /api/round,
    // /api/diff); the server answers every other request without reading a body.
    static bool reads_body(const Request& head);
    // Whether the body is read as multipart/form-data files (Request::parts):
    // POST /api/round and /api/diff.
    static bool reads_parts(const Request& head);
    // The answer a request that reads a body gets from its head alone (415
    // for a body of the wrong type), so the body is never read.
    std::optional<Response> refuse_before_body(const Request& head) const;

    const Engine& engine() const { return *engine_; }

private:
    Api() = default;
    // The engine for ?policy=<pack id>: created on first use, then kept.
    const Engine* engine_for_policy(const std::string& pack_id, std::vector<InputError>& errors) const;

    // The engine a request's ?policy= asks for (the default without one), or
    // the error answer.
    std::variant<const Engine*, Response> engine_for(const Request& request, const std::string& lang) const;
    Response validate(const Request& request) const;
    Response round(const Request& request) const;  // round.cpp
    Response diff(const Request& request) const;   // round.cpp
    Response rules(const Request& request) const;
    Response rule(const Request& request, const std::string& id) const;
    Response health() const;
    Response page() const;
    // GET /api/template?policy=ID&organisation=ID: the Excel template (docs/excel.md).
    Response workbook_template(const Request& request) const;

    EngineConfig config_;
    std::unique_ptr<Engine> engine_;
    mutable std::mutex policy_mutex_;
    mutable std::map<std::string, std::unique_ptr<Engine>> policy_engines_;
};

// The page of the web app: drop, pick or paste files, see the report.
const std::string& app_page();

// An input error as the API answers it: code, message (in `lang`, and both),
// line, column, snippet, and "excerpt" {text, padding, caret}: the line (a
// window of a long one) and the padding a caret goes after, as the CLI
// prints it (text/caret.hpp), so the page only draws it.
std::string input_error_json(const InputError& error, std::string_view lang);
// The input errors of a file as the API's error answer: 400 json.*, 413
// limit.*, 422 otherwise.
Response input_errors_response(const std::vector<InputError>& errors, std::string_view lang);
// One uploaded submission checked: JSON as text, an Excel workbook (by its
// zip or OLE signature) imported first (docs/excel.md). /api/validate,
// /api/round and /api/diff all take uploads through it.
FileReport validate_upload(const Engine& engine, const std::string& body, const std::string& name);

}  // namespace budgetcheck::server
