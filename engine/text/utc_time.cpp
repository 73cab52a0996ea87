#include "text/utc_time.hpp"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

namespace budgetcheck::text {

namespace {

std::string format_utc(std::time_t t, const char* format) {
    std::tm tm{};
    char buffer[32] = "1970-01-01T00:00:00";
    if (::gmtime_r(&t, &tm)) std::strftime(buffer, sizeof buffer, format, &tm);
    return buffer;
}

// Exactly `count` ASCII digits at text[pos...]; no sign, no spaces.
bool digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

}  // namespace

std::optional<CivilDate> parse_date(std::string_view s) {
    CivilDate d;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    if (!digits(s, 0, 4, d.year) || !digits(s, 5, 2, d.month) || !digits(s, 8, 2, d.day)) return std::nullopt;
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) return std::nullopt;
    return d;
}

std::string format_date(const CivilDate& date) {
    return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

bool is_rfc3339_time(std::string_view s) {
    int hour = 0, minute = 0, second = 0;
    if (s.size() < 9 || s[2] != ':' || s[5] != ':') return false;
    if (!digits(s, 0, 2, hour) || !digits(s, 3, 2, minute) || !digits(s, 6, 2, second)) return false;
    if (hour > 23 || minute > 59 || second > 60) return false;
    std::size_t i = 8;
    if (i < s.size() && s[i] == '.') {
        const std::size_t start = ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start) return false;
    }
    int offset_minutes = 0;  // local time minus UTC
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
        if (i + 1 != s.size()) return false;
    } else {
        int offset_hour = 0, offset_minute = 0;
        if (i + 6 != s.size() || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':' ||
            !digits(s, i + 1, 2, offset_hour) || !digits(s, i + 4, 2, offset_minute) || offset_hour > 23 ||
            offset_minute > 59)
            return false;
        offset_minutes = (s[i] == '-' ? -1 : 1) * (offset_hour * 60 + offset_minute);
    }
    if (second < 60) return true;
    // A leap second is inserted at the end of a UTC day: 23:59:60Z, which is
    // 01:29:60+01:30 or 15:59:60-08:00 in local time.
    const int utc_minute = ((hour * 60 + minute - offset_minutes) % 1440 + 1440) % 1440;
    return utc_minute == 23 * 60 + 59;
}

bool is_rfc3339_date_time(std::string_view s) {
    const auto t = s.find_first_of("Tt");
    return t != std::string_view::npos && parse_date(s.substr(0, t)) && is_rfc3339_time(s.substr(t + 1));
}

std::time_t report_time() {
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
        const std::string_view text(epoch);
        long long seconds = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
        if (ec == std::errc() && end == text.data() + text.size() && seconds >= 0)
            return static_cast<std::time_t>(seconds);
    }
    return std::time(nullptr);
}

std::string utc_timestamp(std::time_t t) { return format_utc(t, "%Y-%m-%dT%H:%M:%S"); }

std::string utc_date(std::time_t t) { return format_utc(t, "%Y-%m-%d"); }

}  // namespace budgetcheck::text
