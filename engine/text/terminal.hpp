// Text from a submission or a file name made safe to print on a terminal or
// in a CI log. A goal name could otherwise carry an escape sequence that
// erases the "fel" line and prints a green GODKÄND, sets the window title
// (OSC) or hides a link, or bidi controls that show text in another order
// than it is stored (Trojan Source).
#pragma once

#include <string>
#include <string_view>

namespace budgetcheck::text {

// Each dangerous character becomes one visible character, so a caret under
// a column stays where it was:
// - C0 controls (U+0000–U+001F, tab kept; LF and CR too when
//   `keep_line_breaks`, for a format that encodes them itself) and
//   DEL → their Control Pictures (ESC → ␛, CR → ␍, DEL → ␡);
// - C1 controls (U+0080–U+009F), bidi embeddings, overrides, isolates and
//   marks (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), the line
//   and paragraph separators U+2028/U+2029 and the zero-width space and
//   BOM (U+200B, U+FEFF) → U+FFFD;
// - bytes that are not UTF-8 → U+FFFD.
std::string terminal_safe(std::string_view s, bool keep_line_breaks = false);

}  // namespace budgetcheck::text
