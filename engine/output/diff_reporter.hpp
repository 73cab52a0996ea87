// The formats of a revision diff (revision_diff.hpp): text for a terminal,
// JSON for tools, a self-contained HTML page (no scripts) for people. Each
// reads the same RevisionDiff; none computes anything of its own.
#pragma once

#include <ostream>
#include <string_view>

#include "output/reporter.hpp"
#include "revision_diff.hpp"

namespace budgetcheck::output {

// "Belopp: 3 ändrade, 6 tillagda, 0 borttagna, 120 oförändrade. Fynd: 1 nytt,
// 1 åtgärdat, 12 oförändrade." (English with --lang en): the web app's line.
std::string diff_summary_line(const revision::RevisionDiff& diff, std::string_view lang);

// "text", "json", "html".
bool is_diff_format(std::string_view format);
// `exit_code` is what `budgetcheck diff` returns (docs/cli.md); JSON carries it.
void write_diff(const revision::RevisionDiff& diff, std::string_view format, const OutputOptions& options,
                int exit_code, std::ostream& out);

}  // namespace budgetcheck::output
