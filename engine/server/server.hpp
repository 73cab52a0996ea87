// `budgetcheck serve`: the HTTP server around server::Api (cpp-httplib).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "engine.hpp"

namespace budgetcheck::server {

struct ServerOptions {
    std::string host = "127.0.0.1";            // loopback unless the user says otherwise
    int port = 8080;                           // 0: any free port (printed on start)
    std::size_t max_request_bytes = 10u << 20; // larger bodies get 413
    int read_timeout_seconds = 10;             // the whole request must arrive within this
    int write_timeout_seconds = 10;            // the whole answer must be taken within this
    int threads = 8;                           // validations run in parallel
    int max_connections = 64;                  // connections served at once (one thread each); more wait
    EngineConfig config;
};

// Whether this build has the HTTP server (cpp-httplib found at build time).
bool available();

// Binds, calls `on_listening(url)` once listening, serves until SIGINT or
// SIGTERM. Returns 0 after a clean stop, 2 when it cannot start (message in
// `error`; when the schemas, policy packs or rules do not load, every problem
// also in `load_errors`, for the caller to show in its language). Nothing is
// written to disk.
int run(const ServerOptions& options, const std::function<void(const std::string& url)>& on_listening,
        std::string& error, std::vector<InputError>* load_errors = nullptr);

}  // namespace budgetcheck::server
