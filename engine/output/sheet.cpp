#include "output/sheet.hpp"

#include <cstdlib>
#include <iostream>
#include <string_view>

namespace budgetcheck::output {

namespace {

std::uint64_t magnitude(std::int64_t v) { return v < 0 ? 0ull - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v); }

std::string csv_field(const Cell& cell) {
    switch (cell.kind) {
        case Cell::Kind::Empty: return {};
        case Cell::Kind::Count: return std::to_string(cell.number);
        case Cell::Kind::Kronor: return tkr_text(cell.number);
        case Cell::Kind::Share: return percent_text(cell.number, cell.denominator);
        case Cell::Kind::Text: break;
    }
    std::string text = cell.text;
    // Tab and CR too: Excel drops them before it looks for a formula (OWASP, CSV injection).
    if (!text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos) text.insert(0, "'");
    if (text.find_first_of(";\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

}  // namespace

std::string tkr_text(std::int64_t kronor) {
    const std::uint64_t m = magnitude(kronor);
    std::string out = kronor < 0 ? "-" : "";
    out += std::to_string(m / 1000);
    if (const std::uint64_t rest = m % 1000) {
        std::string decimals = std::to_string(rest);
        decimals.insert(0, 3 - decimals.size(), '0');
        while (decimals.back() == '0') decimals.pop_back();
        out += ',' + decimals;
    }
    return out;
}

std::string percent_text(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return {};  // no share of nothing (Cell::share is empty then too)
    // Tenths of a percent, rounded half away from zero, in 128 bits: a total
    // of many boards times 1000 may pass 64 bits.
    __extension__ typedef __int128 wide;  // GCC and Clang; totals may pass 2^53
    const wide scaled = static_cast<wide>(magnitude(part)) * 1000;
    const wide w = whole;
    const auto tenths = static_cast<std::uint64_t>((scaled + w / 2) / w);
    std::string out = part < 0 && tenths ? "-" : "";
    return out + std::to_string(tenths / 10) + ',' + std::to_string(tenths % 10);
}

void fail_report(const Message& problem, std::string_view lang, std::ostream& out) {
    std::cerr << "budgetcheck: " << problem.shown_in(lang) << '\n';
    out.setstate(std::ios::badbit);
}

namespace {
template <typename T, typename F>
void csv_line(std::ostream& out, const std::vector<T>& fields, F text_of) {
    for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? ";" : "") << text_of(fields[i]);
    out << "\r\n";
}
}  // namespace

void write_csv(const Sheet& sheet, std::ostream& out) {
    out << "\xEF\xBB\xBF";
    csv_line(out, sheet.headers, [](const std::string& h) { return csv_field(Cell::of_text(h)); });
    write_csv_rows(sheet, out);
}

void write_csv_rows(const Sheet& sheet, std::ostream& out) {
    for (const auto& row : sheet.rows) csv_line(out, row, [](const Cell& c) { return csv_field(c); });
}

}  // namespace budgetcheck::output
