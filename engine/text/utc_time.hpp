// Dates and times as budgetcheck reads and writes them: always UTC, so a
// report or a waiver's expiry does not depend on the machine's time zone.
//
// The one date parser of the engine: waivers, --today, policy packs and the
// schema's `format: date`/`date-time`/`time` all read dates here, so an
// impossible date ("2024-02-30", "2023-06-31", "2024-13-45") is rejected
// everywhere alike.
#pragma once

#include <compare>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace budgetcheck::text {

// A day of the proleptic Gregorian calendar.
struct CivilDate {
    int year = 0;   // 0000 to 9999
    int month = 0;  // 1 to 12
    int day = 0;    // 1 to the month's length (29 February only in leap years)
    auto operator<=>(const CivilDate&) const = default;
};

// RFC 3339 full-date "YYYY-MM-DD" naming a real day: four-digit year, month
// 01-12, day within that month's length. nullopt for anything else.
std::optional<CivilDate> parse_date(std::string_view text);
// "YYYY-MM-DD".
std::string format_date(const CivilDate& date);

// RFC 3339 full-time "hh:mm:ss[.frac](Z|±hh:mm)": hour 00-23, minute 00-59,
// second 00-59, or 60 only as a leap second (23:59:60 in UTC once the offset
// is applied, RFC 3339 section 5.7); offset hour 00-23, minute 00-59.
bool is_rfc3339_time(std::string_view text);
// RFC 3339 date-time: a full-date, 'T' (or 't'), a full-time.
bool is_rfc3339_date_time(std::string_view text);

// The time a report records (JUnit's `timestamp`): SOURCE_DATE_EPOCH when it
// is set to a whole number of seconds (the reproducible-builds convention:
// the same inputs then give byte-identical reports), otherwise now.
std::time_t report_time();

// "2026-11-25T18:39:24" and "2026-11-25".
std::string utc_timestamp(std::time_t t);
std::string utc_date(std::time_t t);

}  // namespace budgetcheck::text
