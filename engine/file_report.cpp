// FileReport's stable pointers (engine.hpp): the identity fingerprints use.
#include "engine.hpp"
#include "json/stable_pointer.hpp"

namespace budgetcheck {

std::vector<std::string> FileReport::finding_stable_pointers() const {
    std::vector<std::string> out;
    out.reserve(findings.size());
    if (document) {
        json::StablePointers stable(*document);
        for (const auto& f : findings) out.push_back(stable(f.location.pointer));
        return out;
    }
    for (const auto& f : findings) {
        const auto it = stable_pointers.find(f.location.pointer);
        out.push_back(it == stable_pointers.end() ? f.location.pointer : it->second);
    }
    return out;
}

}  // namespace budgetcheck
