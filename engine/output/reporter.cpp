#include "output/reporter.hpp"

#include <fmt/format.h>

namespace budgetcheck::output {

std::unique_ptr<Reporter> make_text_reporter();
std::unique_ptr<Reporter> make_json_reporter();

namespace {
struct Entry {
    std::string_view name;
    std::unique_ptr<Reporter> (*make)();
};
// The one registry of output formats.
constexpr Entry kReporters[] = {
    {"text", make_text_reporter},
    {"json", make_json_reporter},
};
}  // namespace

std::unique_ptr<Reporter> make_reporter(std::string_view name) {
    for (const auto& entry : kReporters)
        if (entry.name == name) return entry.make();
    return nullptr;
}

std::vector<std::string> reporter_names() {
    std::vector<std::string> names;
    for (const auto& entry : kReporters) names.emplace_back(entry.name);
    return names;
}

bool file_fails(const FileReport& file, FailOn fail_on) {
    if (!file.errors.empty()) return true;
    if (fail_on == FailOn::Never) return false;
    const Severity threshold = fail_on == FailOn::Warning ? Severity::Warning : Severity::Error;
    for (const auto& f : file.findings)
        if (f.severity >= threshold && !f.waiver) return true;
    return false;
}

int exit_code(const RunReport& run) {
    int code = 0;
    for (const auto& file : run.files) {
        if (!file.errors.empty()) return 2;
        if (file_fails(file, run.fail_on)) code = 1;
    }
    return code;
}

std::string_view severity_label(Severity severity, std::string_view lang) {
    const bool en = lang == "en";
    switch (severity) {
        case Severity::Error: return en ? "error" : "fel";
        case Severity::Warning: return en ? "warning" : "varning";
        case Severity::Notice: return en ? "notice" : "notering";
    }
    return "";
}

std::string json_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
                else out += c;
        }
    }
    return out;
}

}  // namespace budgetcheck::output
