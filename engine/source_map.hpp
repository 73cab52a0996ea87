// Where a submission read from a workbook came from: each JSON Pointer of
// the imported JSON to the cell that gave it ("Investeringar!D7"). The
// import builds it (xlsx/import.hpp); findings and diffs of a workbook show
// cells with it, since lines of the JSON made from the workbook mean nothing
// to its author.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace budgetcheck {

class SourceMap {
public:
    void add(const std::string& pointer, const std::string& cell) { cells_.emplace(pointer, cell); }
    // The cell of `pointer` or of its nearest mapped ancestor; "" when none.
    std::string cell_for(std::string_view pointer) const;
    const std::map<std::string, std::string, std::less<>>& cells() const { return cells_; }

private:
    std::map<std::string, std::string, std::less<>> cells_;
};

}  // namespace budgetcheck
