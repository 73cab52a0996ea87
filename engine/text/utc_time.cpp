#include "text/utc_time.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace budgetcheck::text {

namespace {

std::string format_utc(std::time_t t, const char* format) {
    std::tm tm{};
    char buffer[32] = "1970-01-01T00:00:00";
    if (::gmtime_r(&t, &tm)) std::strftime(buffer, sizeof buffer, format, &tm);
    return buffer;
}

}  // namespace

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
