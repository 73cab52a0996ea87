#include "output/report_file.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "engine.hpp"

namespace budgetcheck::output {

namespace fs = std::filesystem;

namespace {

// ----- the temporary file a signal must not leave behind --------------------
// The handler may only use async-signal-safe calls: the name lives in a
// fixed buffer, published by an atomic flag.
std::array<char, 4096> g_temporary{};
std::atomic<bool> g_has_temporary{false};
struct sigaction g_previous_int {}, g_previous_term {};

extern "C" void remove_temporary_and_die(int signal) {
    if (g_has_temporary.load()) ::unlink(g_temporary.data());
    // Die of the same signal, so the caller sees how the run ended.
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

// Installs, for its lifetime, SIGINT and SIGTERM handlers that remove the
// temporary file published by create().
class TemporaryGuard {
public:
    TemporaryGuard() {
        struct sigaction action {};
        action.sa_handler = remove_temporary_and_die;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGINT, &action, &g_previous_int);
        ::sigaction(SIGTERM, &action, &g_previous_term);
    }
    ~TemporaryGuard() {
        g_has_temporary = false;
        ::sigaction(SIGINT, &g_previous_int, nullptr);
        ::sigaction(SIGTERM, &g_previous_term, nullptr);
    }
    TemporaryGuard(const TemporaryGuard&) = delete;
    TemporaryGuard& operator=(const TemporaryGuard&) = delete;

    // mkostemp (O_CREAT | O_EXCL under a random name: it never opens an
    // existing file or follows a link placed there), with the signals held
    // until the handler knows the name.
    int create(std::string& name_template) {
        sigset_t held, before;
        sigemptyset(&held);
        sigaddset(&held, SIGINT);
        sigaddset(&held, SIGTERM);
        ::pthread_sigmask(SIG_BLOCK, &held, &before);
        const int fd = ::mkostemp(name_template.data(), O_CLOEXEC);
        const int err = errno;
        if (fd >= 0) {
            std::memcpy(g_temporary.data(), name_template.c_str(), name_template.size() + 1);
            g_has_temporary = true;
        }
        ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
        errno = err;
        return fd;
    }
};

Message failed(int err) {
    return {fmt::format("rapporten kan inte skrivas: {}", system_reason_sv(err)),
            fmt::format("cannot write the report: {}", std::strerror(err))};
}

bool write_all(int fd, std::string_view content) {
    while (!content.empty()) {
        const ssize_t n = ::write(fd, content.data(), content.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        content.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// A device or pipe: written as it is, never created, truncated or replaced.
std::optional<Message> write_directly(const std::string& path, std::string_view content) {
    // O_NONBLOCK only for the open: a FIFO nobody reads fails (ENXIO)
    // instead of hanging the run.
    const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return failed(errno);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const bool ok = write_all(fd, content);
    const int err = errno;
    ::close(fd);
    return ok ? std::nullopt : std::optional<Message>(failed(err));
}

mode_t new_file_mode() {
    const mode_t mask = ::umask(0);  // read it back: there is no getter
    ::umask(mask);
    return 0666 & ~mask;
}

}  // namespace

std::optional<Message> write_report_file(const std::string& path, std::string_view content,
                                         const std::function<void()>& while_temporary) {
    struct stat target {};
    mode_t mode = 0;
    if (::stat(path.c_str(), &target) == 0) {
        if (S_ISCHR(target.st_mode) || S_ISFIFO(target.st_mode)) return write_directly(path, content);
        if (S_ISDIR(target.st_mode))
            return Message{"rapporten kan inte skrivas: det är en mapp", "cannot write the report: it is a directory"};
        if (!S_ISREG(target.st_mode))
            return Message{"rapporten kan inte skrivas: det är ingen vanlig fil (uttag eller blockenhet)",
                           "cannot write the report: not a regular file (a socket or block device)"};
        mode = target.st_mode & 0777;  // the report keeps the file's permissions
    } else {
        mode = new_file_mode();
    }

    const fs::path where(path);
    const std::string name = where.filename().string();
    if (name.empty() || name == "." || name == "..")
        return Message{"rapporten kan inte skrivas: sökvägen saknar filnamn", "cannot write the report: the path names no file"};
    const fs::path directory = where.parent_path().empty() ? fs::path(".") : where.parent_path();
    std::string temporary = (directory / ("." + name + ".tmp-XXXXXX")).string();
    if (temporary.size() >= g_temporary.size()) return failed(ENAMETOOLONG);

    TemporaryGuard guard;
    const int fd = guard.create(temporary);
    if (fd < 0) return failed(errno);
    if (while_temporary) while_temporary();
    bool ok = ::fchmod(fd, mode) == 0 && write_all(fd, content) && ::fsync(fd) == 0;
    int err = errno;
    ok = ::close(fd) == 0 && ok;
    if (ok && ::rename(temporary.c_str(), path.c_str()) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok) ::unlink(temporary.c_str());
    return ok ? std::nullopt : std::optional<Message>(failed(err ? err : EIO));
}

std::string file_identity(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) return fmt::format("inode {}:{}", st.st_dev, st.st_ino);
    // A link to a file not yet written names that file.
    fs::path where(path);
    std::error_code ec;
    for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(where, ec)); ++hops) {
        const fs::path target = fs::read_symlink(where, ec);
        if (ec) break;
        where = target.is_absolute() ? target : where.parent_path() / target;
    }
    if (::stat(where.c_str(), &st) == 0) return fmt::format("inode {}:{}", st.st_dev, st.st_ino);
    const fs::path absolute = fs::absolute(where, ec);
    const fs::path resolved = fs::weakly_canonical(absolute, ec);
    return "path " + (ec ? absolute.lexically_normal() : resolved).string();
}

std::string_view format_for_extension(std::string_view path) {
    const std::string extension = fs::path(std::string(path)).extension().string();
    std::string lower;
    for (const char c : extension) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == ".json") return "json";
    if (lower == ".sarif") return "sarif";
    if (lower == ".xml") return "junit";
    if (lower == ".html" || lower == ".htm") return "html";
    if (lower == ".txt" || lower == ".log") return "text";
    return "";
}

bool extension_fits(std::string_view path, std::string_view format) {
    const std::string_view implied = format_for_extension(path);
    if (implied.empty() || implied == format) return true;
    if (implied == "json") return format == "sarif" || format == "gitlab";
    if (implied == "text") return format == "github";
    return false;
}

}  // namespace budgetcheck::output
