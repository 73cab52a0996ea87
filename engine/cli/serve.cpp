// `budgetcheck serve`: a local web app and JSON API (docs/api.md).
//
// Compiled twice (CMakeLists.txt). In budgetcheck, serve execs
// budgetcheck-serve beside it with the same arguments: the HTTP server's
// library (Debian's cpp-httplib links OpenSSL, zlib and brotli) then never
// loads for validate and the other commands. In budgetcheck-serve
// (BUDGETCHECK_SERVE_IN_PROCESS) it serves. The options are registered in
// both, so `budgetcheck serve --help` and bad options need no second program.
#include <iostream>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "server/server.hpp"

#if !defined(BUDGETCHECK_SERVE_IN_PROCESS)
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/installation.hpp"
#endif

namespace budgetcheck::cli {

namespace {

#if defined(BUDGETCHECK_SERVE_IN_PROCESS)

int serve(const server::ServerOptions& options, Common& common) {
    server::ServerOptions run = options;
    run.write_timeout_seconds = run.read_timeout_seconds;
    run.config = common.config;
    std::string error;
    std::vector<InputError> load_errors;
    const int code = server::run(run, [](const std::string& url) {
        std::cout << "budgetcheck serve: listening on " << url << " (Ctrl-C stops)" << std::endl;
    }, error, &load_errors);
    if (!load_errors.empty()) print_input_errors(load_errors, common.lang);  // each with its place
    else if (code != 0) std::cerr << "budgetcheck serve: " << error << '\n';
    return code == 0 ? kExitPass : kExitUsage;
}

#else

int serve(const server::ServerOptions&, Common& common) { return exec_serve_program(common, "serve"); }

#endif

}  // namespace

#if !defined(BUDGETCHECK_SERVE_IN_PROCESS)
// Replaces this process (same process id: a signal to it reaches the
// server); returns only when budgetcheck-serve cannot be started.
int exec_serve_program(Common& common, std::string_view command) {
    // Only the program beside this one: never a search of PATH or the
    // current folder, which could hold another budgetcheck-serve.
    const std::string dir = executable_dir();
    const std::string program = dir.empty() ? std::string("budgetcheck-serve") : dir + "/budgetcheck-serve";
    std::string reason_sv = "programmets mapp är okänd (/proc/self/exe går inte att läsa)";
    std::string reason_en = "this program's folder is unknown (/proc/self/exe cannot be read)";
    if (!dir.empty()) {
        std::vector<std::string> args = common.args;
        if (args.empty()) args.emplace_back();
        args[0] = program;
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        std::cout.flush();
        ::execv(program.c_str(), argv.data());
        reason_sv = reason_en = std::strerror(errno);
    }
    std::cerr << (common.lang == "en"
                      ? fmt::format("budgetcheck {}: cannot start {}: {}; it is built and installed beside "
                                    "budgetcheck\n", command, program, reason_en)
                      : fmt::format("budgetcheck {}: kan inte starta {}: {}; det byggs och installeras bredvid "
                                    "budgetcheck\n", command, program, reason_sv));
    return kExitUsage;
}
#endif

Command add_serve(CLI::App& app, Common&) {
    auto options = std::make_shared<server::ServerOptions>();
    auto* cmd = app.add_subcommand("serve", "Run the local web app and JSON API (docs/api.md)");
    cmd->add_option("--host", options->host,
                    "Address to listen on; anything but loopback exposes the API to the network")
        ->capture_default_str();
    cmd->add_option("-p,--port", options->port, "Port to listen on; 0 picks a free port")
        ->check(CLI::Range(0, 65535))->capture_default_str();
    cmd->add_option("--max-request-size", options->max_request_bytes, "Largest accepted request body, bytes (larger: 413)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))->capture_default_str();
    cmd->add_option("--timeout", options->read_timeout_seconds,
                    "Seconds a client has to send its whole request, and again to take the whole answer")
        ->check(CLI::Range(1, 3600))->capture_default_str();
    cmd->add_option("--threads", options->threads, "Submissions validated in parallel")
        ->check(CLI::Range(1, 256))->capture_default_str();
    cmd->add_option("--max-connections", options->max_connections,
                    "Connections served at once (one thread each); more wait for a free one")
        ->check(CLI::Range(1, 4096))->capture_default_str();
    cmd->footer("Example:\n  budgetcheck serve --port 8080\n  then open http://127.0.0.1:8080/ in a browser.");

    return {cmd, [options](Common& common) { return serve(*options, common); }};
}

}  // namespace budgetcheck::cli
