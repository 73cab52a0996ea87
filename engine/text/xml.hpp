// Text made safe for XML 1.0 (the JUnit XML of `validate --format junit` and
// of `test --format junit`): the one place that escapes XML.
//
// Every byte of an invalid UTF-8 sequence and every code point XML 1.0 does
// not allow (control characters other than tab, LF and CR; U+FFFE, U+FFFF;
// surrogates, which valid UTF-8 never encodes) becomes U+FFFD, so the
// result is always well-formed UTF-8 an XML parser accepts.
#pragma once

#include <string>
#include <string_view>

namespace budgetcheck::xml {

// `s` as valid UTF-8 with only XML 1.0 characters; nothing escaped.
std::string clean(std::string_view s);

// Character data (between tags): & < > escaped, and CR as &#13; (a raw CR
// would be read as a line end); tabs, line feeds and quotes stay.
std::string text(std::string_view s);

// A double-quoted attribute value: also quotes, tabs and line breaks as
// character references, so attribute-value normalisation keeps them.
std::string attribute(std::string_view s);

// Office Open XML's escape for text (ECMA-376 Part 1, 22.9.2.19 ST_Xstring):
// "_xHHHH_" in a string of an .xlsx stands for the UTF-16 code unit HHHH
// (Excel writes a CR as "_x000D_"), and a literal "_xHHHH_" is written as
// "_x005F_xHHHH_". Reading a workbook decodes; writing one escapes the
// literal form (libxlsxwriter escapes control characters itself, not that).
std::string ooxml_unescape(std::string_view s);
std::string ooxml_escape_literal(std::string_view s);

}  // namespace budgetcheck::xml
