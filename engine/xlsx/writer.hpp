// Writing workbooks in the layout of layout.hpp with libxlsxwriter: the
// empty template for a policy pack and organisation, and a submission
// exported into that layout (import.hpp reads both back).
#pragma once

#include <optional>
#include <string>

#include "findings.hpp"
#include "json/document.hpp"

namespace budgetcheck::xlsx {

struct WriteError {
    std::string code;  // xlsx.write, xlsx.organisation, xlsx.not-exact, ...
    Message message;
};

// `policy`: the pack's policy.json; `organisation`: its id in the pack.
std::optional<WriteError> write_template(const std::string& path, const json::Document& schema,
                                         const json::Document& policy, const std::string& organisation);

// `submission`: a parsed submission (it need not pass the schema; every
// value is written, so import gives back the same values).
std::optional<WriteError> write_export(const std::string& path, const json::Document& schema,
                                       const json::Document& submission);

}  // namespace budgetcheck::xlsx
