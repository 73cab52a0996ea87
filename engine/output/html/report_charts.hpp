// The charts of one file's HTML report (drawn by output/html/charts.hpp).
#pragma once

#include <string>

#include "output/html/context.hpp"

namespace budgetcheck::output::html {

// Every chart that means something for this file, in page order.
std::string charts_html(const Context& ctx);

}  // namespace budgetcheck::output::html
