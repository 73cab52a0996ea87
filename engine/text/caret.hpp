// A source line shown under a message with a caret under one column, as the
// text reporter and the CLI print it:
//    12 |     "2024": 0,
//       |             ^
// A line that fits is shown whole. A longer one (a minified submission is
// one line of megabytes) is shown as a window around the column, cut on
// character boundaries, with "…" where it was cut.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace budgetcheck::text {

// Lines of at most this many code points are shown whole (pretty-printed
// submissions stay well below it).
inline constexpr std::size_t kWholeLineCodePoints = 160;
// A longer line shows this many code points of it around the column, plus
// "…" at each end where the line goes on.
inline constexpr std::size_t kWindowCodePoints = 100;

struct CaretExcerpt {
    std::string text;     // the line, or a window of it
    std::string padding;  // one space per code point before the column (tabs kept)
    bool caret = true;    // false when the column lies beyond `line` (a line
                          // the caller only has the start of): no caret
};

// `column` is 1-based in code points (0 counts as 1), as json::Position.
CaretExcerpt caret_excerpt(std::string_view line, std::uint64_t column);

}  // namespace budgetcheck::text
