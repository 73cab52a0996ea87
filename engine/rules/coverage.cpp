#include "rules/coverage.hpp"

namespace budgetcheck::rules {

double Coverage::File::percent() const {
    return executable.empty() ? 100.0 : 100.0 * static_cast<double>(hit.size()) / static_cast<double>(executable.size());
}

std::string Coverage::File::missed_ranges() const {
    std::string out;
    std::size_t h = 0;
    std::uint32_t start = 0, last = 0;
    bool open = false;
    auto close = [&] {
        if (!open) return;
        out += (out.empty() ? "" : ", ") + std::to_string(start) + (last > start ? "-" + std::to_string(last) : "");
        open = false;
    };
    for (std::size_t i = 0; i < executable.size(); ++i) {
        const std::uint32_t line = executable[i];
        while (h < hit.size() && hit[h] < line) ++h;
        if (h < hit.size() && hit[h] == line) {
            close();  // an executed line ends a range
            continue;
        }
        // A range runs over consecutive executable lines that never ran,
        // even across comment or blank lines between them.
        if (open && i > 0 && executable[i - 1] == last) {
            last = line;
        } else {
            close();
            start = last = line;
            open = true;
        }
    }
    close();
    return out;
}

std::vector<Coverage::File> Coverage::files() const {
    std::lock_guard lock(mutex_);
    std::vector<File> out;
    for (const auto& [name, data] : files_) {
        File f;
        f.name = name;
        f.executable = data.executable;
        for (std::uint32_t line : data.executable)
            if (line < data.hit.size() && data.hit[line]) f.hit.push_back(line);
        out.push_back(std::move(f));
    }
    return out;
}

void Coverage::set_executable(const std::string& file, std::vector<std::uint32_t> lines) {
    std::lock_guard lock(mutex_);
    files_[file].executable = std::move(lines);
}

void Coverage::add_hits(const std::string& file, const std::vector<std::uint8_t>& hit_by_line) {
    std::lock_guard lock(mutex_);
    auto& hit = files_[file].hit;
    if (hit.size() < hit_by_line.size()) hit.resize(hit_by_line.size(), 0);
    for (std::size_t i = 0; i < hit_by_line.size(); ++i) hit[i] |= hit_by_line[i];
}

}  // namespace budgetcheck::rules
