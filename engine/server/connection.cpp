#include "server/connection.hpp"

#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

namespace budgetcheck::server {

namespace {

thread_local Connection* t_connection = nullptr;
// When the job this thread runs was put in line (accepted).
thread_local Clock::time_point t_queued{};

enum class Wait { ready, timeout, stopped };

// Waits until `sock` is ready for `events`, the deadline passes or the stop
// is raised, whichever comes first.
Wait wait_for(int sock, short events, Clock::time_point deadline, const StopSignal& stop) {
    while (true) {
        if (stop.raised()) return Wait::stopped;
        const auto now = Clock::now();
        if (now >= deadline) return Wait::timeout;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
        pollfd fds[2] = {{sock, events, 0}, {stop.fd(), POLLIN, 0}};
        const int r = ::poll(fds, 2, static_cast<int>(std::min<long long>(left, INT_MAX)));
        if (r < 0 && errno != EINTR) return Wait::timeout;
        if (r > 0 && fds[1].revents) return Wait::stopped;
        if (r > 0 && fds[0].revents) return Wait::ready;  // data, or an error/hang-up recv and send will report
    }
}

void address_of(int sock, bool peer, std::string& ip, int& port) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    auto* raw = reinterpret_cast<sockaddr*>(&address);
    if ((peer ? ::getpeername(sock, raw, &length) : ::getsockname(sock, raw, &length)) != 0) return;
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
        ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
        port = ntohs(v4->sin_port);
    } else if (address.ss_family == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
        ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
        port = ntohs(v6->sin6_port);
    }
    ip = text;
}

// The socket as httplib's Stream: reads end at the connection's read
// deadline, writes at its write deadline, both at a stop; the request head is
// capped in bytes. Reads are buffered (httplib reads the head a byte at a time).
class DeadlineStream final : public httplib::Stream {
public:
    DeadlineStream(int sock, Connection& connection, const ConnectionLimits& limits, const StopSignal& stop,
                   const std::atomic<std::size_t>& waiting)
        : sock_(sock), connection_(connection), limits_(limits), stop_(stop), waiting_(waiting) {}

    using httplib::Stream::write;

    bool is_readable() const override { return position_ < filled_; }
    bool is_writable() const override {
        return wait_for(sock_, POLLOUT, write_deadline(), stop_) == Wait::ready;
    }

    ssize_t read(char* ptr, size_t size) override {
        if (position_ == filled_) {
            Wait waited = Wait::timeout;
            while (!busy()) {
                // Past busy_read, wake every kBusyStep to see whether a
                // connection is in line for this thread.
                const auto busy_at = connection_.busy_at;
                auto until = connection_.read_deadline;
                if (busy_at < until) until = std::min(until, std::max(busy_at, Clock::now() + kBusyStep));
                waited = wait_for(sock_, POLLIN, until, stop_);
                if (waited != Wait::timeout || until == connection_.read_deadline) break;
            }
            if (waited != Wait::ready) {
                connection_.timed_out |= waited == Wait::timeout;
                return -1;
            }
            const ssize_t n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
            if (n <= 0) return n < 0 ? -1 : 0;
            position_ = 0;
            filled_ = static_cast<std::size_t>(n);
        }
        const std::size_t n = std::min(size, filled_ - position_);
        if (!connection_.head_read) {
            connection_.head_bytes += n;
            if (connection_.head_bytes > limits_.max_head_bytes) {
                connection_.head_too_large = true;
                return -1;
            }
        }
        std::memcpy(ptr, buffer_.data() + position_, n);
        position_ += n;
        return static_cast<ssize_t>(n);
    }

    // A thread past busy_read while connections wait for one: a request read
    // this slowly gives its thread up, data or not (a byte now and then).
    bool busy() const { return waiting_.load() > 0 && Clock::now() >= connection_.busy_at; }
    static constexpr std::chrono::milliseconds kBusyStep{100};

    ssize_t write(const char* ptr, size_t size) override {
        while (true) {
            if (wait_for(sock_, POLLOUT, write_deadline(), stop_) != Wait::ready) return -1;
            const ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n >= 0) {
                connection_.wrote |= n > 0;
                return n;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
        }
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, true, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, false, ip, port); }
    socket_t socket() const override { return sock_; }

private:
    // Before the answer is ready (a "100 Continue", an error httplib writes
    // itself), each write gets the write limit of its own.
    Clock::time_point write_deadline() const {
        return connection_.write_deadline.value_or(Clock::now() + limits_.write);
    }

    int sock_;
    Connection& connection_;
    const ConnectionLimits& limits_;
    const StopSignal& stop_;
    const std::atomic<std::size_t>& waiting_;
    std::array<char, 16384> buffer_{};
    std::size_t position_ = 0;
    std::size_t filled_ = 0;
};

// After answering: send our FIN, then read and drop what the client still
// sends (a body we refused) until it closes, for at most `linger`. Closing
// with unread bytes would send a reset, and the client would lose the answer.
void close_gently(int sock, const ConnectionLimits& limits, const StopSignal& stop) {
    ::shutdown(sock, SHUT_WR);
    const auto deadline = Clock::now() + limits.linger;
    std::array<char, 16384> scratch;
    while (wait_for(sock, POLLIN, deadline, stop) == Wait::ready)
        if (::recv(sock, scratch.data(), scratch.size(), 0) <= 0) break;
    ::close(sock);
}

}  // namespace

StopSignal::StopSignal() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
}

StopSignal::~StopSignal() { ::close(fd_); }

void StopSignal::raise() {
    raised_ = true;
    const std::uint64_t one = 1;  // stays readable: every poll on it wakes, now and later
    [[maybe_unused]] const auto written = ::write(fd_, &one, sizeof one);
}

Connection* current_connection() { return t_connection; }

void ConnectionThreads::enqueue(std::function<void()> job) {
    std::unique_lock lock(mutex_);
    jobs_.push_back([job = std::move(job), queued = Clock::now()] {
        t_queued = queued;
        job();
    });
    waiting_ = jobs_.size();
    if (running_ >= max_) return;  // a running thread takes it when its connection ends
    ++running_;
    try {
        std::thread([this] { work(); }).detach();
    } catch (const std::system_error&) {
        // No thread to be had: the running ones take the job; with none
        // running, serve it here rather than never.
        --running_;
        if (running_ == 0) {
            auto only = std::move(jobs_.back());
            jobs_.pop_back();
            waiting_ = jobs_.size();
            lock.unlock();
            only();
        }
    }
}

void ConnectionThreads::work() {
    std::unique_lock lock(mutex_);
    while (!jobs_.empty()) {
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        waiting_ = jobs_.size();
        lock.unlock();
        job();
        lock.lock();
    }
    --running_;
    idle_.notify_all();
}

void ConnectionThreads::shutdown() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return running_ == 0 && jobs_.empty(); });
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
    Connection connection;
    connection.started = Clock::now();
    connection.read_deadline = connection.started + limits_.read;
    // busy_read counts from accept: a connection that waited in line has had
    // its time to send, so it gets only kBusyStep more (a queue of slow
    // clients ahead of /healthz moves a thread-full every 100 ms, not every 1 s).
    connection.busy_at = std::max(t_queued + limits_.busy_read, connection.started + DeadlineStream::kBusyStep);
    bool ok = false;
    if (!stop_.raised()) {
        t_connection = &connection;
        DeadlineStream stream(sock, connection, limits_, stop_, waiting_);
        bool closed = false;
        try {
            ok = process_request(stream, /*close_connection=*/true, closed, nullptr);
        } catch (const std::exception&) {
            ok = false;  // e.g. out of memory while reading: drop this connection only
        }
        // Cut off before a complete request line: httplib answers nothing.
        if (!connection.wrote && (connection.timed_out || connection.head_too_large) && !stop_.raised()) {
            connection.answer_ready(limits_.write);
            stream.write(connection.timed_out ? "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
                                              : "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n"
                                                "Content-Length: 0\r\n\r\n");
        }
        t_connection = nullptr;
    }
    close_gently(sock, limits_, stop_);
    // glibc keeps freed memory in each thread's arena; a 10 MB body and its
    // report would otherwise stay in the server's RSS for good.
    if (connection.large) ::malloc_trim(0);
    return ok;
}

}  // namespace budgetcheck::server
