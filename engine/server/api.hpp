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

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string path;    // decoded, without the query
    std::multimap<std::string, std::string> query;
    std::string content_type;  // the Content-Type header, "" when absent
    std::string body;
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

class Api {
public:
    // Loads the engine once (rules, schema, packs); errors as values.
    static std::variant<std::unique_ptr<Api>, std::vector<InputError>> create(const EngineConfig& config);

    // Safe to call from many threads at once.
    Response handle(const Request& request) const;

    // Whether the answer depends on the body (POST /api/validate only); the
    // server answers every other request without reading a body.
    static bool reads_body(const Request& head);
    // The answer a request for POST /api/validate gets from its head alone
    // (415 for a body that is not JSON), so the body is never read.
    std::optional<Response> refuse_before_body(const Request& head) const;

    const Engine& engine() const { return *engine_; }

private:
    Api() = default;
    // The engine for ?policy=<pack id>: created on first use, then kept.
    const Engine* engine_for_policy(const std::string& pack_id, std::vector<InputError>& errors) const;

    Response validate(const Request& request) const;
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

// The page of the web app: drop or pick a file, see the report.
const std::string& app_page();

}  // namespace budgetcheck::server
