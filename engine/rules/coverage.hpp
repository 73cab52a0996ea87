// Line coverage of the rule and library files (`budgetcheck test --coverage`).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace budgetcheck::rules {

// Executable lines are the lines that carry Lua instructions, taken from the
// compiled functions' line information (every nested function included, the
// dead implicit `return` after an explicit one left out; engine/lua/chunk.cpp),
// so comments and blank lines never count.
class Coverage {
public:
    struct File {
        std::string name;                     // "rules/investment/within-frame.lua"
        std::vector<std::uint32_t> executable;  // sorted
        std::vector<std::uint32_t> hit;         // sorted, a subset of executable
        double percent() const;                 // 100 when nothing is executable
        // "12-14, 40": executable lines that never ran, as ranges
        std::string missed_ranges() const;
    };
    // Every file any host loaded, sorted by name.
    std::vector<File> files() const;

    // For the hosts.
    void set_executable(const std::string& file, std::vector<std::uint32_t> lines);
    void add_hits(const std::string& file, const std::vector<std::uint8_t>& hit_by_line);

private:
    struct Data {
        std::vector<std::uint32_t> executable;
        std::vector<std::uint8_t> hit;  // by line number
    };
    mutable std::mutex mutex_;
    std::map<std::string, Data> files_;
};

}  // namespace budgetcheck::rules
