// How `budgetcheck serve` holds under hostile clients, on cpp-httplib's own
// extension points (a TaskQueue, a Stream, the per-connection hook):
// - every connection gets its own thread (up to a cap), so clients that send
//   a byte every few seconds hold only their own threads, never /healthz;
// - the whole request (line, headers, body) must arrive by one deadline and
//   the whole answer be taken by another: httplib's timeouts are per read, so
//   a byte every 5 s kept a 10 s timeout alive for ever;
// - request line and headers are capped in bytes (httplib grows a line
//   without bound until it sees "\n");
// - a stop (SIGINT/SIGTERM) wakes every blocked read and write at once;
// - answers refused before their body was read close gently (lingering
//   close), so the client reads the 413/415 instead of a connection reset.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

#include <httplib.h>

namespace budgetcheck::server {

using Clock = std::chrono::steady_clock;

struct ConnectionLimits {
    std::chrono::milliseconds read{10000};    // request line, headers and body, from accept
    std::chrono::milliseconds write{10000};   // the whole answer, from when it is ready
    std::chrono::milliseconds linger{1000};   // unread request bytes drained after answering, at most
    std::size_t max_head_bytes = 64 * 1024;   // request line and headers together
    // While connections wait in line for a thread, a request still being read
    // this long after it was accepted is cut off (408): otherwise
    // --max-connections clients that send nothing (or a byte now and then)
    // held every thread until the read deadline, /healthz included.
    std::chrono::milliseconds busy_read{1000};
};

// Raised once on SIGINT/SIGTERM. Its eventfd sits in every connection's poll,
// so no read, write or linger outlives the stop by more than a wake-up.
class StopSignal {
public:
    StopSignal();
    ~StopSignal();
    StopSignal(const StopSignal&) = delete;
    StopSignal& operator=(const StopSignal&) = delete;
    void raise();
    bool raised() const { return raised_.load(); }
    int fd() const { return fd_; }

private:
    int fd_;
    std::atomic<bool> raised_{false};
};

// What the handlers of one request know about its connection. httplib calls
// them on the connection's thread, so current_connection() is thread-local.
struct Connection {
    Clock::time_point started;
    Clock::time_point read_deadline;
    Clock::time_point busy_at;  // from then on, its reads give way to connections in line (busy_read)
    std::optional<Clock::time_point> write_deadline;  // set when the answer is ready
    bool head_read = false;       // line and headers in: the header cap no longer applies
    bool head_too_large = false;  // the header cap was hit
    bool timed_out = false;       // the read deadline passed
    bool wrote = false;           // some answer bytes went out
    bool large = false;           // a large body or answer: return memory to the system afterwards
    std::size_t head_bytes = 0;

    void answer_ready(std::chrono::milliseconds write_limit) { write_deadline = Clock::now() + write_limit; }
};
// The connection whose request this thread handles (null outside one).
Connection* current_connection();

// One thread per connection, at most `max` at once; more connections wait in
// line for a free thread. Threads end when the line is empty.
class ConnectionThreads final : public httplib::TaskQueue {
public:
    // `waiting`: connections in line for a thread, read by GuardedServer.
    ConnectionThreads(std::size_t max, std::atomic<std::size_t>& waiting) : max_(max), waiting_(waiting) {}
    void enqueue(std::function<void()> job) override;
    void shutdown() override;  // waits for every queued and running job

private:
    void work();
    const std::size_t max_;
    std::atomic<std::size_t>& waiting_;  // jobs_.size(), for the connections' reads
    std::size_t running_ = 0;
    std::deque<std::function<void()>> jobs_;
    std::mutex mutex_;
    std::condition_variable idle_;
};

// httplib's server with its connection loop replaced: one request per
// connection, read and written through a deadline- and stop-aware stream,
// then a lingering close and, after a large request, malloc_trim.
class GuardedServer final : public httplib::Server {
public:
    GuardedServer(const ConnectionLimits& limits, const StopSignal& stop, const std::atomic<std::size_t>& waiting)
        : limits_(limits), stop_(stop), waiting_(waiting) {}

private:
    bool process_and_close_socket(socket_t sock) override;
    ConnectionLimits limits_;
    const StopSignal& stop_;
    const std::atomic<std::size_t>& waiting_;  // connections in line (ConnectionThreads)
};

}  // namespace budgetcheck::server
