#include "text/caret.hpp"

#include <algorithm>
#include <optional>

#include "text/utf8.hpp"

namespace budgetcheck::text {

namespace {

constexpr std::string_view kEllipsis = "…";

// A space for each code point of `before` (a tab for a tab, so the terminal
// expands both alike): a caret after it stands under the next code point.
std::string padding_for(std::string_view before) {
    std::string pad;
    for (const char c : before)
        if (!utf8::is_continuation(c)) pad += c == '\t' ? '\t' : ' ';
    return pad;
}

}  // namespace

std::optional<std::size_t> LineColumns::offset_of(std::uint64_t column) {
    column = std::max<std::uint64_t>(column, 1);
    const std::uint64_t k = (column - 1) / kColumnCheckpoint;
    while (checkpoints_.size() <= k && !all_checkpoints_) {
        const std::size_t from = checkpoints_.back();
        const auto next = utf8::byte_offset_of_column(line_.substr(from), kColumnCheckpoint + 1);
        if (next) checkpoints_.push_back(from + *next);
        else all_checkpoints_ = true;
    }
    if (k >= checkpoints_.size()) return std::nullopt;
    const std::size_t from = checkpoints_[k];
    const auto at = utf8::byte_offset_of_column(line_.substr(from), column - k * kColumnCheckpoint);
    if (!at) return std::nullopt;
    return from + *at;
}

std::uint64_t LineColumns::code_points() {
    if (!code_points_) code_points_ = utf8::count_code_points(line_);
    return *code_points_;
}

CaretExcerpt caret_excerpt(std::string_view line, std::uint64_t column) {
    LineColumns columns(line);
    return caret_excerpt(columns, column);
}

CaretExcerpt caret_excerpt(LineColumns& columns, std::uint64_t column) {
    const std::string_view line = columns.line();
    column = std::max<std::uint64_t>(column, 1);
    if (const auto past = columns.offset_of(kWholeLineCodePoints + 1); !past || *past == line.size()) {
        const std::size_t at = columns.offset_of(column).value_or(line.size());
        return {std::string(line), padding_for(line.substr(0, at)), true};
    }

    // A long line: kWindowCodePoints code points from `first`, the column
    // about in the middle, or the last ones when the column is near the end.
    std::uint64_t first = column > kWindowCodePoints / 2 ? column - kWindowCodePoints / 2 : 1;
    std::optional<std::size_t> begin = columns.offset_of(first);
    std::size_t end = line.size();
    bool reaches_end = true;
    if (begin) {
        const auto stop = columns.offset_of(first + kWindowCodePoints);
        reaches_end = !stop || *stop == line.size();
        if (!reaches_end) end = *stop;
    }
    if (reaches_end) {
        first = columns.code_points() - kWindowCodePoints + 1;  // >= 1: the line is longer than the window
        begin = columns.offset_of(first);
    }
    const std::string_view window = line.substr(*begin, end - *begin);

    CaretExcerpt out;
    const bool cut_before = first > 1;
    if (cut_before) out.text = kEllipsis;
    out.text += window;
    if (end < line.size()) out.text += kEllipsis;
    if (const auto at = utf8::byte_offset_of_column(window, column - first + 1)) {
        out.padding = (cut_before ? " " : "") + padding_for(window.substr(0, *at));
    } else {
        // The column lies past the text we were given: it is the start of a
        // longer line (an input error's snippet is capped), so say the line
        // goes on and point at nothing rather than at the wrong character.
        out.text += kEllipsis;
        out.caret = false;
    }
    return out;
}

}  // namespace budgetcheck::text
