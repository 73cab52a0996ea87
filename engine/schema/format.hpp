// The `format` keyword: a few formats checked loosely, the rest ignored
// (draft-07 makes format assertion optional; the required suite asserts none).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace budgetcheck::schema {

enum class Format : std::uint8_t { Date, DateTime, Time, Email, Ipv4, Ipv6, Hostname, Uri, Regex };

// nullopt for formats we do not check.
std::optional<Format> parse_format(std::string_view name);

bool matches_format(Format format, std::string_view text);

// How a controller reads the format, e.g. "ett datum (ÅÅÅÅ-MM-DD)".
std::string_view format_description(Format format, bool swedish);

}  // namespace budgetcheck::schema
