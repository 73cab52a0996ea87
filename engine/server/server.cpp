#include "server/server.hpp"

#if defined(BUDGETCHECK_HAVE_HTTPLIB)

#include <pthread.h>
#include <sys/socket.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include "server/api.hpp"

namespace budgetcheck::server {

namespace {

bool is_loopback(const std::string& host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// The Host header's name without the port: "127.0.0.1:8080" → "127.0.0.1", "[::1]:80" → "::1".
std::string host_name(const std::string& header) {
    if (!header.empty() && header.front() == '[') {
        const auto close = header.find(']');
        return close == std::string::npos ? header : header.substr(1, close - 1);
    }
    return header.substr(0, header.find(':'));
}

void send(const Response& from, httplib::Response& to) {
    to.status = from.status;
    for (const auto& [name, value] : from.headers) to.set_header(name, value);
    to.set_header("X-Content-Type-Options", "nosniff");
    to.set_header("Referrer-Policy", "no-referrer");
    to.set_header("Cache-Control", "no-store");
    to.set_content(from.body, from.content_type.c_str());
}

}  // namespace

bool available() { return true; }

int run(const ServerOptions& options, const std::function<void(const std::string&)>& on_listening, std::string& error,
        std::vector<InputError>* load_errors) {
    EngineConfig config = options.config;
    config.parse_limits.max_bytes = options.max_request_bytes;
    auto created = Api::create(config);
    if (auto* errors = std::get_if<std::vector<InputError>>(&created)) {
        error = errors->empty() ? "the engine could not be loaded" : errors->front().file + ": " + errors->front().message.shown_in("en");
        if (load_errors) *load_errors = *errors;
        return 2;
    }
    const std::shared_ptr<Api> api = std::move(std::get<std::unique_ptr<Api>>(created));

    // Signals go to one waiting thread, which stops the server cleanly.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    httplib::Server http;
    const int threads = std::max(1, options.threads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    http.set_payload_max_length(options.max_request_bytes);
    http.set_read_timeout(options.read_timeout_seconds, 0);
    http.set_write_timeout(options.write_timeout_seconds, 0);
    // One request per connection: an idle kept-alive connection would hold
    // a pool thread and starve concurrent clients (httplib's thread model).
    http.set_keep_alive_max_count(1);
    // Refuse an announced oversized body before the client sends it.
    const std::size_t max_bytes = options.max_request_bytes;
    http.set_expect_100_continue_handler([max_bytes](const httplib::Request& req, httplib::Response& res) {
        const std::string header = req.get_header_value("Content-Length");
        std::size_t length = 0;
        for (const char c : header) {
            if (c < '0' || c > '9' || length > max_bytes) break;
            length = length * 10 + static_cast<std::size_t>(c - '0');
        }
        if (length <= max_bytes) return 100;
        res.status = 413;
        return 413;
    });

    const bool loopback = is_loopback(options.host);
    auto handler = [api, loopback](const httplib::Request& req, httplib::Response& res) {
        const auto start = std::chrono::steady_clock::now();
        Response out;
        const std::string host = host_name(req.get_header_value("Host"));
        if (loopback && !host.empty() && !is_loopback(host)) {
            // A page on another site that resolves its name to 127.0.0.1
            // (DNS rebinding) must not reach the API.
            out = json_error(403, "http.host-not-allowed", "This server answers only requests to localhost / 127.0.0.1.");
        } else {
            Request in;
            in.method = req.method;
            in.path = req.path;
            for (const auto& [k, v] : req.params) in.query.emplace(k, v);
            in.content_type = req.get_header_value("Content-Type");
            in.body = req.body;
            out = api->handle(in);
        }
        send(out, res);
        spdlog::debug("{} {} {} {} ms", req.method, req.path, out.status,
                      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
    };
    for (const char* pattern : {".*"}) {
        http.Get(pattern, handler);
        http.Post(pattern, handler);
        http.Put(pattern, handler);
        http.Patch(pattern, handler);
        http.Delete(pattern, handler);
        http.Options(pattern, handler);
    }
    // Errors httplib answers itself (413, 400 for a broken request line, …)
    // get the same JSON shape as ours.
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        const int status = res.status;
        const Response out =
            status == 413 ? json_error(413, "http.too-large", "The request body is larger than the server accepts (--max-request-size).")
            : status == 404 ? json_error(404, "http.not-found", "No such path. See docs/api.md.")
            : status == 405 ? json_error(405, "http.method-not-allowed", "This method is not allowed here.")
            : json_error(status, "http.bad-request", fmt::format("The server could not handle the request (HTTP {}).", status));
        send(out, res);
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        spdlog::error("internal error: {}", what);
        send(json_error(500, "http.internal-error", "Internal error; see the server log."), res);
    });

    // httplib listens with a backlog of 5: a burst of clients would be
    // refused or reset. Keep the socket to raise the backlog after binding.
    auto listener = std::make_shared<int>(-1);
    http.set_socket_options([listener](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
        *listener = sock;
    });

    int port = options.port;
    if (port == 0) {
        port = http.bind_to_any_port(options.host);
        if (port < 0) {
            error = fmt::format("cannot bind to {} (any port)", options.host);
            return 2;
        }
    } else if (!http.bind_to_port(options.host, port)) {
        error = fmt::format("cannot bind to {}:{} (in use, or not allowed)", options.host, port);
        return 2;
    }

    if (*listener >= 0) ::listen(*listener, SOMAXCONN);

    std::thread stopper([&http, signals] {
        int received = 0;
        sigwait(&signals, &received);
        http.stop();
    });
    const std::string shown_host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    on_listening(fmt::format("http://{}:{}/", shown_host, port));
    const bool ok = http.listen_after_bind();
    // listen returned: either a signal stopped us, or listening failed.
    if (stopper.joinable()) {
        pthread_kill(stopper.native_handle(), SIGTERM);  // wake sigwait when we stopped for another reason
        stopper.join();
    }
    if (!ok) {
        error = "the server stopped unexpectedly";
        return 2;
    }
    return 0;
}

}  // namespace budgetcheck::server

#else  // built without cpp-httplib

namespace budgetcheck::server {
bool available() { return false; }
int run(const ServerOptions&, const std::function<void(const std::string&)>&, std::string& error,
        std::vector<InputError>*) {
    error = "this budgetcheck was built without the HTTP server (install libcpp-httplib-dev and rebuild)";
    return 2;
}
}  // namespace budgetcheck::server

#endif
