// Checks on a policy pack that a JSON Schema cannot express: unique ids,
// references that resolve, frames that cover the plan period and add up.
// Run at load, after the pack's schema check; every problem is returned.
#pragma once

#include <string>
#include <vector>

#include "findings.hpp"
#include "json/document.hpp"
#include "rules/inputs.hpp"

namespace budgetcheck {

std::vector<InputError> check_policy_pack(const json::Document& pack, const rules::MoneyValues& money,
                                          const std::string& file);

}  // namespace budgetcheck
