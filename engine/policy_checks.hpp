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

// Checks on schemas/policy.schema.json itself, for whoever edits it (a new
// municipality, a new field): valid against the draft-07 meta-schema, every
// property has a title and a description
// (or is a $ref to a definition that has them), every object schema says
// whether it allows unknown members (additionalProperties), and money is
// marked (x-money) only at #/definitions/amount. check-rules runs them.
std::vector<InputError> check_policy_schema(const json::Document& schema, const std::string& file);

}  // namespace budgetcheck
