// Names and texts as rules compare them: "Minska  sjukfrånvaro." and
// "minska sjukfrånvaro" are the same indicator (rules/lib/budget.lua's
// budget.normalise, which calls this through the rule host).
#pragma once

#include <string>
#include <string_view>

namespace budgetcheck::text {

// `s` lower-cased (Unicode's simple lowercase mapping, utf8::to_lower), every
// run of white space (ASCII white space and U+00A0 NO-BREAK SPACE) made one
// ' ', without a leading space and without trailing spaces and full stops.
// What a PDF leaves in copied text goes too: invisible characters (U+00AD
// SOFT HYPHEN, zero-width spaces and joiners: utf8::ignorable) are dropped,
// ligatures and fullwidth forms are their plain letters ("ﬁ" -> "fi", "％"
// -> "%": utf8::compatibility_letters), and a leading or trailing '*' (the
// documents' mark of a mandatory indicator or a footnote) is not the name.
// Commas, parentheses and en/em dashes separate words like a space ("X (HME)",
// "X, HME" and "X – HME" are one name); a hyphen stays.
// Bytes that are not well-formed UTF-8 are kept as they are. A pure function
// of `s`: the same text gives the same bytes in every run and host.
// Written into `out` (cleared first), so a caller can reuse its buffer.
void compare_form(std::string_view s, std::string& out);

}  // namespace budgetcheck::text
