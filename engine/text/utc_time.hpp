// Dates and times as budgetcheck writes them: always UTC, so a report or a
// waiver's expiry does not depend on the machine's time zone.
#pragma once

#include <ctime>
#include <string>

namespace budgetcheck::text {

// The time a report records (JUnit's `timestamp`): SOURCE_DATE_EPOCH when it
// is set to a whole number of seconds (the reproducible-builds convention:
// the same inputs then give byte-identical reports), otherwise now.
std::time_t report_time();

// "2026-11-25T18:39:24" and "2026-11-25".
std::string utc_timestamp(std::time_t t);
std::string utc_date(std::time_t t);

}  // namespace budgetcheck::text
