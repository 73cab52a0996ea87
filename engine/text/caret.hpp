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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace budgetcheck::text {

// Lines of at most this many code points are shown whole (pretty-printed
// submissions stay well below it).
inline constexpr std::size_t kWholeLineCodePoints = 160;
// A longer line shows this many code points of it around the column, plus
// "…" at each end where the line goes on.
inline constexpr std::size_t kWindowCodePoints = 100;

// The byte offsets of the columns of one line, for many carets on it: a
// minified submission can have thousands of findings on one line of
// megabytes. Keeps a checkpoint every kColumnCheckpoint code points as it
// reads forward, so a lookup reads at most one stride past a checkpoint and
// the line is read once in all, whatever the order of the columns.
class LineColumns {
public:
    explicit LineColumns(std::string_view line) : line_(line) {}
    std::string_view line() const { return line_; }
    // Where code point `column` (1-based) begins; line().size() for the
    // column just past the last code point; nullopt beyond that
    // (utf8::byte_offset_of_column's answer, without reading from the start).
    std::optional<std::size_t> offset_of(std::uint64_t column);
    std::uint64_t code_points();  // of the whole line

private:
    static constexpr std::uint64_t kColumnCheckpoint = 1024;
    std::string_view line_;
    std::vector<std::size_t> checkpoints_{0};  // [k]: where code point 1 + k·kColumnCheckpoint begins
    bool all_checkpoints_ = false;             // checkpoints_ reach the end of the line
    std::optional<std::uint64_t> code_points_;
};

struct CaretExcerpt {
    std::string text;     // the line, or a window of it
    std::string padding;  // one space per code point before the column (tabs kept)
    bool caret = true;    // false when the column lies beyond `line` (a line
                          // the caller only has the start of): no caret
};

// `column` is 1-based in code points (0 counts as 1), as json::Position.
CaretExcerpt caret_excerpt(std::string_view line, std::uint64_t column);
// The same for one of many columns on `line`: reads only around the column
// (the text reporter keeps one LineColumns per source line).
CaretExcerpt caret_excerpt(LineColumns& line, std::uint64_t column);

}  // namespace budgetcheck::text
