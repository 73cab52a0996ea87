#include "source_map.hpp"

namespace budgetcheck {

std::string SourceMap::cell_for(std::string_view pointer) const {
    for (std::string_view p = pointer;;) {
        if (const auto it = cells_.find(p); it != cells_.end()) return it->second;
        const auto slash = p.rfind('/');
        if (slash == std::string_view::npos || p.empty()) return {};
        p = p.substr(0, slash);
    }
}

}  // namespace budgetcheck
