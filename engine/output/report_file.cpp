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

// ----- the temporary files a signal must not leave behind ------------------
// The handler may only use async-signal-safe calls: the names live in fixed
// buffers, each published by an atomic flag. Reports are streamed, all at
// the same time, so there is one slot per open report file.
constexpr std::size_t kSlots = 16;
std::array<std::array<char, 4096>, kSlots> g_temporary{};
std::array<std::atomic<bool>, kSlots> g_has_temporary{};
struct sigaction g_previous_int {}, g_previous_term {};
int g_guards = 0;  // open report files (main thread only)

extern "C" void remove_temporary_and_die(int signal) {
    for (std::size_t k = 0; k < kSlots; ++k)
        if (g_has_temporary[k].load()) ::unlink(g_temporary[k].data());
    // Die of the same signal, so the caller sees how the run ended.
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

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

}  // namespace

// While any guard lives, SIGINT and SIGTERM remove the temporary files
// published by create().
class TemporaryGuard {
public:
    TemporaryGuard() {
        if (g_guards++ > 0) return;
        struct sigaction action {};
        action.sa_handler = remove_temporary_and_die;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGINT, &action, &g_previous_int);
        ::sigaction(SIGTERM, &action, &g_previous_term);
    }
    ~TemporaryGuard() {
        if (slot_ < kSlots) g_has_temporary[slot_] = false;
        if (--g_guards > 0) return;
        ::sigaction(SIGINT, &g_previous_int, nullptr);
        ::sigaction(SIGTERM, &g_previous_term, nullptr);
    }
    TemporaryGuard(const TemporaryGuard&) = delete;
    TemporaryGuard& operator=(const TemporaryGuard&) = delete;

    // mkostemp (O_CREAT | O_EXCL under a random name: it never opens an
    // existing file or follows a link placed there), with the signals held
    // until the handler knows the name.
    int create(std::string& name_template) {
        std::size_t slot = 0;
        while (slot < kSlots && g_has_temporary[slot].load()) ++slot;
        if (slot == kSlots) {
            errno = EMFILE;  // more report files at once than the handler can clean up
            return -1;
        }
        sigset_t held, before;
        sigemptyset(&held);
        sigaddset(&held, SIGINT);
        sigaddset(&held, SIGTERM);
        ::pthread_sigmask(SIG_BLOCK, &held, &before);
        const int fd = ::mkostemp(name_template.data(), O_CLOEXEC);
        const int err = errno;
        if (fd >= 0) {
            std::memcpy(g_temporary[slot].data(), name_template.c_str(), name_template.size() + 1);
            g_has_temporary[slot] = true;
            slot_ = slot;
        }
        ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
        errno = err;
        return fd;
    }

private:
    std::size_t slot_ = kSlots;
};

namespace {

mode_t new_file_mode() {
    const mode_t mask = ::umask(0);  // read it back: there is no getter
    ::umask(mask);
    return 0666 & ~mask;
}

}  // namespace

// Buffers the stream and writes it to the descriptor; the first failure is
// kept (errno) and reported by commit().
class ReportFile::Buffer final : public std::streambuf {
public:
    explicit Buffer(int fd) : fd_(fd) { setp(data_.data(), data_.data() + data_.size()); }
    int flush_buffer() {
        const std::string_view pending(pbase(), static_cast<std::size_t>(pptr() - pbase()));
        if (!error_ && !write_all(fd_, pending)) error_ = errno ? errno : EIO;
        setp(data_.data(), data_.data() + data_.size());
        return error_ ? -1 : 0;
    }
    int error() const { return error_; }

protected:
    int_type overflow(int_type c) override {
        flush_buffer();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return error_ ? traits_type::eof() : traits_type::not_eof(c);
    }
    int sync() override { return flush_buffer(); }

private:
    int fd_;
    int error_ = 0;
    std::array<char, 1 << 16> data_{};
};

ReportFile::ReportFile(std::string path) : path_(std::move(path)) {}

ReportFile::~ReportFile() {
    stream_.reset();
    if (fd_ >= 0) ::close(fd_);
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

std::optional<Message> ReportFile::open(const std::function<void()>& while_temporary) {
    struct stat target {};
    mode_t mode = 0;
    if (::stat(path_.c_str(), &target) == 0) {
        if (S_ISCHR(target.st_mode) || S_ISFIFO(target.st_mode)) {
            // A device or pipe: written as it is, never created, truncated or
            // replaced (renaming over /dev/full as root replaced the device
            // node). O_NONBLOCK only for the open: a FIFO nobody reads fails
            // (ENXIO) instead of hanging the run.
            fd_ = ::open(path_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
            if (fd_ < 0) return failed(errno);
            ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
            start();
            return std::nullopt;
        }
        if (S_ISDIR(target.st_mode))
            return Message{"rapporten kan inte skrivas: det är en mapp", "cannot write the report: it is a directory"};
        if (!S_ISREG(target.st_mode))
            return Message{"rapporten kan inte skrivas: det är ingen vanlig fil (uttag eller blockenhet)",
                           "cannot write the report: not a regular file (a socket or block device)"};
        mode = target.st_mode & 0777;  // the report keeps the file's permissions
    } else {
        mode = new_file_mode();
    }

    const fs::path where(path_);
    const std::string name = where.filename().string();
    if (name.empty() || name == "." || name == "..")
        return Message{"rapporten kan inte skrivas: sökvägen saknar filnamn", "cannot write the report: the path names no file"};
    const fs::path directory = where.parent_path().empty() ? fs::path(".") : where.parent_path();
    std::string temporary = (directory / ("." + name + ".tmp-XXXXXX")).string();
    if (temporary.size() >= g_temporary[0].size()) return failed(ENAMETOOLONG);

    guard_ = std::make_unique<TemporaryGuard>();
    fd_ = guard_->create(temporary);
    if (fd_ < 0) {
        const int err = errno;
        guard_.reset();
        return failed(err);
    }
    temporary_ = temporary;
    if (while_temporary) while_temporary();
    if (::fchmod(fd_, mode) != 0) return failed(errno);
    start();
    return std::nullopt;
}

void ReportFile::start() {
    buffer_ = std::make_unique<Buffer>(fd_);
    stream_ = std::make_unique<std::ostream>(buffer_.get());
}

std::ostream& ReportFile::stream() { return *stream_; }

std::optional<Message> ReportFile::commit() {
    buffer_->flush_buffer();
    int err = buffer_->error();
    if (!err && stream_->bad()) err = EIO;  // a reporter that could not finish (spreadsheets: fail_report)
    bool ok = err == 0 && (temporary_.empty() || ::fsync(fd_) == 0);
    if (!ok && !err) err = errno;
    if (::close(fd_) != 0 && ok) {
        ok = false;
        err = errno;
    }
    fd_ = -1;
    if (ok && !temporary_.empty()) {
        if (::rename(temporary_.c_str(), path_.c_str()) == 0) temporary_.clear();  // nothing left to remove
        else {
            ok = false;
            err = errno;
        }
    }
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
    temporary_.clear();
    guard_.reset();
    return ok ? std::nullopt : std::optional<Message>(failed(err ? err : EIO));
}

std::optional<Message> write_report_file(const std::string& path, std::string_view content,
                                         const std::function<void()>& while_temporary) {
    ReportFile file(path);
    if (auto problem = file.open(while_temporary)) return problem;
    file.stream() << content;
    return file.commit();
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

namespace {
std::string_view spreadsheet_extension(std::string_view path) {
    std::string lower;
    for (const char c : fs::path(std::string(path)).extension().string())
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == ".csv" ? "-csv" : lower == ".xlsx" ? "-xlsx" : "";
}
}  // namespace

bool extension_fits(std::string_view path, std::string_view format) {
    // .csv and .xlsx take the spreadsheet formats of their kind only, and
    // imply none: an overview or the findings is the user's choice.
    if (const std::string_view suffix = spreadsheet_extension(path); !suffix.empty())
        return format.size() > suffix.size() && format.substr(format.size() - suffix.size()) == suffix;
    const std::string_view implied = format_for_extension(path);
    if (implied.empty() || implied == format) return true;
    if (implied == "json") return format == "sarif" || format == "gitlab";
    if (implied == "text") return format == "github";
    if (implied == "html") return format == "overview";
    return false;
}

}  // namespace budgetcheck::output
