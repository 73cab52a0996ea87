// A hash of a JSON value consistent with json::json_equal.
#pragma once

#include <cstddef>

#include "json/document.hpp"

namespace budgetcheck::schema {

std::size_t json_hash(json::Value value);

}  // namespace budgetcheck::schema
