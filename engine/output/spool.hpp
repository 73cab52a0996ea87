// The per-file parts of a report whose head needs the run's totals (the JSON
// report's "summary" comes before its "files"): kept in memory up to a
// megabyte, beyond that in an anonymous temporary file (tmpfile(3), removed
// when closed or when the process dies), then copied after the head. Memory
// stays bounded whatever the number of files; the bytes are the same.
#pragma once

#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace budgetcheck::output {

class Spool {
public:
    void append(std::string_view text);
    // Writes everything appended, in order, then empties the spool.
    void copy_to(std::ostream& out);

    static constexpr std::size_t kMemoryBytes = 1 << 20;

private:
    struct Close {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::string memory_;
    std::unique_ptr<std::FILE, Close> disk_;
    std::size_t on_disk_ = 0;   // bytes written whole to disk_
    bool disk_failed_ = false;  // no temporary file possible: everything stays in memory
};

}  // namespace budgetcheck::output
