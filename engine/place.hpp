// A finding's place as the document names it: section › row › year, e.g.
// "Verksamhetsområden › Ledning › 2024" (issue 15). Controllers read budgets
// as tables, not JSON Pointers; every output format, the diff and the
// spreadsheet exports read the one name made here.
//
// The words come from the submission schema, the single source: each
// subschema's "title" (Swedish) and "x-title-en" (English); a member marked
// "x-place": false is left out (a table's "rows", a row's only series
// "amounts": the row's own name says it). An array element is named by its
// own "name" (else "label", "number", "text"); an object with a "label" (a
// line of the document: "Summa investeringar") by that label; a member the
// schema does not name (a year "2024") by its key as written.
#pragma once

#include <string_view>

#include "findings.hpp"
#include "json/document.hpp"

namespace budgetcheck::schema {
class CompiledSchema;
}

namespace budgetcheck {

// The separator between the parts of a place name.
inline constexpr std::string_view kPlaceSeparator = " › ";

// The place `pointer` names in `document`, in Swedish and English; empty
// (both "") for the whole document ("") or a string that is not a pointer.
// Past what the document holds (a missing member, an index beyond the
// array) the schema's words are used, so a "saknas" finding has a place too.
Message place_name(const schema::CompiledSchema& schema, const json::Document& document, std::string_view pointer);

}  // namespace budgetcheck
