#include "output/spool.hpp"

#include <algorithm>
#include <array>

namespace budgetcheck::output {

void Spool::append(std::string_view text) {
    memory_ += text;
    if (memory_.size() < kMemoryBytes || disk_failed_) return;
    if (!disk_) disk_.reset(std::tmpfile());
    if (!disk_ || std::fwrite(memory_.data(), 1, memory_.size(), disk_.get()) != memory_.size()) {
        // A full or unwritable temporary directory costs memory, never bytes
        // of the report: what reached the disk is copied back first.
        disk_failed_ = true;
        if (disk_) {
            std::string kept;
            std::rewind(disk_.get());
            std::array<char, 1 << 16> chunk;
            // Only what earlier appends wrote whole: a partial write is still in memory_.
            while (kept.size() < on_disk_) {
                const std::size_t n = std::fread(chunk.data(), 1, std::min(chunk.size(), on_disk_ - kept.size()), disk_.get());
                if (n == 0) break;
                kept.append(chunk.data(), n);
            }
            memory_.insert(0, kept);
            disk_.reset();
        }
        return;
    }
    on_disk_ += memory_.size();
    memory_.clear();
}

void Spool::copy_to(std::ostream& out) {
    if (disk_) {
        std::fflush(disk_.get());
        std::rewind(disk_.get());
        std::array<char, 1 << 16> chunk;
        for (std::size_t n; (n = std::fread(chunk.data(), 1, chunk.size(), disk_.get())) > 0;)
            out.write(chunk.data(), static_cast<std::streamsize>(n));
        disk_.reset();
    }
    on_disk_ = 0;
    out << memory_;
    memory_.clear();
    memory_.shrink_to_fit();
    disk_failed_ = false;
}

}  // namespace budgetcheck::output
