// The findings part of a file's HTML report, ordered for action (issue 15):
// "Att åtgärda" (per rule: how many, which years, the largest amount), then
// the errors, then the warnings; notices and waived findings folded. Each
// finding shows its place as the document names it and its row as a small
// table, the cell marked; pointer, line:column and the source line are
// folded detail for those who edit the file.
#pragma once

#include <string>

#include "output/html/context.hpp"

namespace budgetcheck::output::html {

// The "Att åtgärda" table; "" when nothing is to be fixed.
std::string action_summary_html(const Context& ctx, const RunReport& run);
// The findings by severity, each severity's findings by rule.
std::string findings_html(const Context& ctx, const RunReport& run);

}  // namespace budgetcheck::output::html
