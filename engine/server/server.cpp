#include "server/server.hpp"

#if defined(BUDGETCHECK_HAVE_HTTPLIB)

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <semaphore>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include "server/api.hpp"
#include "server/connection.hpp"
#include "server/host.hpp"

namespace budgetcheck::server {

namespace {

// A body or answer above this is "large": the connection's thread gives the
// freed memory back to the system afterwards (malloc_trim).
constexpr std::size_t kLargeBytes = 1u << 20;

Connection& connection() {
    thread_local Connection outside;  // never used in practice: handlers run inside a connection
    Connection* current = current_connection();
    return current ? *current : outside;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

void send(const Response& from, httplib::Response& to) {
    to.status = from.status;
    for (const auto& [name, value] : from.headers) to.set_header(name, value);
    to.set_header("X-Content-Type-Options", "nosniff");
    to.set_header("Referrer-Policy", "no-referrer");
    to.set_header("Cache-Control", "no-store");
    to.set_content(from.body, from.content_type.c_str());
}

Request head_of(const httplib::Request& req) {
    Request in;
    in.method = req.method;
    in.path = req.path;
    for (const auto& [k, v] : req.params) in.query.emplace(k, v);
    in.content_type = req.get_header_value("Content-Type");
    return in;
}

// What the request line and headers alone decide, in order: the Host (DNS
// rebinding), the body's framing (request smuggling, oversize), then every
// route that never needs the body (all but Api::reads_body's). nullopt: read
// the body and validate it.
class BeforeBody {
public:
    BeforeBody(const Api& api, bool loopback, std::size_t max_bytes) : api_(api), loopback_(loopback), max_bytes_(max_bytes) {}
    std::atomic<int> port{0};  // known after binding

    std::optional<Response> operator()(const httplib::Request& req) const {
        const std::size_t hosts = req.get_header_value_count("Host");
        if (hosts != 1)
            return json_error(400, "http.host-missing",
                              hosts == 0 ? "A Host header is required (HTTP/1.1)." : "More than one Host header.");
        if (loopback_ && !host_allowed(req.get_header_value("Host"), port.load()))
            // A page on another site that resolves its name to 127.0.0.1
            // (DNS rebinding) must not reach the API.
            return json_error(403, "http.host-not-allowed",
                              fmt::format("This server answers only requests to localhost, 127.0.0.1 or [::1] on port {}.",
                                          port.load()));
        if (auto framing = check_framing(req)) return framing;
        Request head = head_of(req);
        if (!Api::reads_body(head)) return api_.handle(head);
        if (auto refused = api_.refuse_before_body(head)) return refused;
        if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding"))
            return json_error(411, "http.length-required", "Send the body with a Content-Length header.");
        return std::nullopt;
    }

private:
    // One Content-Length of digits only, no Transfer-Encoding beside it, and
    // no coding but chunked: anything else is read differently by different
    // servers and proxies. A length over the limit is refused before a byte
    // of the body is read.
    std::optional<Response> check_framing(const httplib::Request& req) const {
        const std::size_t lengths = req.get_header_value_count("Content-Length");
        const std::size_t codings = req.get_header_value_count("Transfer-Encoding");
        if (lengths > 1) return json_error(400, "http.bad-framing", "More than one Content-Length header.");
        if (codings > 1 || (codings == 1 && !iequals(req.get_header_value("Transfer-Encoding"), "chunked")))
            return json_error(400, "http.bad-framing", "Only Transfer-Encoding: chunked is understood.");
        if (lengths == 1 && codings == 1)
            return json_error(400, "http.bad-framing", "Content-Length and Transfer-Encoding together.");
        if (lengths == 1) {
            const std::string value = req.get_header_value("Content-Length");
            std::size_t length = 0;
            bool over = false;
            for (const char c : value) {
                if (c < '0' || c > '9') return json_error(400, "http.bad-framing", "Content-Length is not a number.");
                over |= length > max_bytes_;  // stays true; no overflow past max_bytes_ * 10 + 9
                if (!over) length = length * 10 + static_cast<std::size_t>(c - '0');
            }
            if (value.empty()) return json_error(400, "http.bad-framing", "Content-Length is empty.");
            if (over || length > max_bytes_) return too_large();
        }
        return std::nullopt;
    }

public:
    static Response too_large() {
        return json_error(413, "http.too-large", "The request body is larger than the server accepts (--max-request-size).");
    }

private:
    const Api& api_;
    const bool loopback_;
    const std::size_t max_bytes_;
};

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

    StopSignal stop;
    ConnectionLimits limits;
    limits.read = std::chrono::seconds(options.read_timeout_seconds);
    limits.write = std::chrono::seconds(options.write_timeout_seconds);
    std::atomic<std::size_t> waiting{0};  // connections in line for a thread (ConnectionLimits::busy_read)
    GuardedServer http(limits, stop, waiting);
    const std::size_t max_connections = static_cast<std::size_t>(std::max(1, options.max_connections));
    http.new_task_queue = [max_connections, &waiting] { return new ConnectionThreads(max_connections, waiting); };
    const std::size_t max_bytes = options.max_request_bytes;
    http.set_payload_max_length(max_bytes);  // httplib's own check, behind ours

    BeforeBody before_body(*api, is_loopback_name(options.host), max_bytes);
    // Validations are the CPU- and memory-heavy part: at most --threads at once.
    std::counting_semaphore<> validations(std::max(1, options.threads));

    // "Expect: 100-continue": the final answer instead of "100 Continue"
    // whenever the head alone decides it.
    http.set_expect_100_continue_handler([&](const httplib::Request& req, httplib::Response& res) {
        connection().head_read = true;
        const auto answer = before_body(req);
        if (!answer) return 100;
        connection().answer_ready(limits.write);
        send(*answer, res);
        return answer->status;
    });
    http.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        connection().head_read = true;
        const auto answer = before_body(req);
        if (!answer) return httplib::Server::HandlerResponse::Unhandled;
        connection().answer_ready(limits.write);
        send(*answer, res);
        return httplib::Server::HandlerResponse::Handled;
    });
    // Only requests that read a body (Api::reads_body) get here: read it
    // ourselves, so the cap holds for chunked bodies too and nothing is
    // buffered twice.
    http.Post(".*", httplib::Server::HandlerWithContentReader(
                        [&](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        Connection& conn = connection();
        Request in = head_of(req);
        std::string body;
        std::size_t received = 0;  // bytes of the body or of every part together
        bool too_large = false, too_many = false;
        const auto keep = [&](std::string& into, const char* data, std::size_t size) {
            if (size > max_bytes - received) {
                too_large = true;
                return false;
            }
            received += size;
            into.append(data, size);
            return true;
        };
        // multipart/form-data (POST /api/round, /api/diff): httplib splits the
        // parts; at most kMaxFilesPerRequest of them, all within the size cap.
        const bool complete =
            Api::reads_parts(in)
                ? reader(
                      [&](const httplib::MultipartFormData& part) {
                          if (in.parts.size() >= kMaxFilesPerRequest) {
                              too_many = true;
                              return false;
                          }
                          in.parts.push_back({part.name, part.filename, {}});
                          return true;
                      },
                      [&](const char* data, std::size_t size) {
                          return !in.parts.empty() && keep(in.parts.back().body, data, size);
                      })
                : reader([&](const char* data, std::size_t size) { return keep(body, data, size); });
        conn.answer_ready(limits.write);
        if (too_large) return send(BeforeBody::too_large(), res);
        if (too_many) {
            const auto lang = in.query.find("lang");
            return send(too_many_files(lang != in.query.end() && lang->second == "en" ? "en" : "sv"), res);
        }
        if (!complete)
            return send(conn.timed_out ? json_error(408, "http.timeout", "The request did not arrive in time (--timeout).")
                        : Api::reads_parts(in)
                            ? json_error(400, "http.bad-multipart",
                                         "The multipart/form-data body is malformed or incomplete (no closing boundary).")
                            : json_error(400, "http.bad-request", "The request body is incomplete."),
                        res);
        conn.large |= received > kLargeBytes;
        in.body = std::move(body);
        validations.acquire();
        Response out;
        try {
            out = api->handle(in);
        } catch (...) {
            validations.release();
            throw;
        }
        validations.release();
        in.body = std::string();
        in.parts.clear();
        in.parts.shrink_to_fit();
        conn.large |= out.body.size() > kLargeBytes;
        conn.answer_ready(limits.write);
        send(out, res);
    }));
    // Errors httplib answers itself (400 for a broken request line, …) get
    // the same JSON shape as ours.
    http.set_error_handler([&](const httplib::Request&, httplib::Response& res) {
        Connection& conn = connection();
        conn.answer_ready(limits.write);
        if (!res.body.empty()) return;
        if (conn.timed_out) res.status = 408;
        if (conn.head_too_large) res.status = 431;
        const int status = res.status;
        const Response out =
            status == 413 ? BeforeBody::too_large()
            : status == 408 ? json_error(408, "http.timeout", "The request did not arrive in time (--timeout).")
            : status == 431 ? json_error(431, "http.headers-too-large", "The request line and headers exceed 64 KB.")
            : status == 404 ? json_error(404, "http.not-found", "No such path. See docs/api.md.")
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
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - connection().started);
        spdlog::debug("{} {} {} {} ms", req.method, req.path, res.status, ms.count());
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
    before_body.port = port;
    if (*listener >= 0) ::listen(*listener, SOMAXCONN);

    std::atomic<bool> finished{false};
    std::thread stopper([&http, &stop, &finished, signals] {
        int received = 0;
        sigwait(&signals, &received);
        stop.raise();  // every connection's read, write and linger returns now
        // A signal before listening began: wait until httplib runs, or it
        // would not notice the stop.
        while (!finished && !http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (!finished) http.stop();
    });
    const std::string shown_host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    on_listening(fmt::format("http://{}:{}/", shown_host, port));
    const bool ok = http.listen_after_bind();
    // listen returned: either a signal stopped us, or listening failed.
    finished = true;
    pthread_kill(stopper.native_handle(), SIGTERM);  // wake sigwait when we stopped for another reason
    stopper.join();
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
