// Reading files: the size checked before a byte is read, every failure an
// InputError in Swedish and English (read_file, system_reason_sv), and our
// own JSON files read and parsed in one step (load_json_file).
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "engine_parts.hpp"
#include "text/plural.hpp"

namespace budgetcheck {

namespace engine_parts {

InputError input_error(std::string file, std::string code, Message message) {
    return InputError{std::move(file), 0, 0, std::move(code), std::move(message), {}};
}

InputError parse_error_of(const std::string& file, const json::ParseError& e) {
    return InputError{file, e.position.line, e.position.column, e.code, e.message, e.snippet};
}

LoadedJson load_json_file(const std::string& path, const json::ParseLimits& limits) {
    auto read = read_file(path, limits.max_bytes);
    if (read.error) return {nullptr, read.error};
    auto parsed = json::parse(std::move(read.text), limits);
    if (parsed.error) return {nullptr, parse_error_of(path, *parsed.error)};
    return {std::shared_ptr<const json::Document>(std::move(parsed.document)), std::nullopt};
}

std::string text_of(json::Value v) { return v.valid() && v.is_string() ? std::string(v.as_string()) : std::string(); }

}  // namespace engine_parts

using engine_parts::input_error;

namespace {

// The file cannot be opened: in Swedish words for the errno, in English the
// C library's (strerror).
Message cannot_open(int err) {
    return {err == ENOENT ? std::string("filen finns inte") : "filen kan inte öppnas: " + system_reason_sv(err),
            fmt::format("cannot open the file: {}", std::strerror(err))};
}

}  // namespace

std::string system_reason_sv(int err) {
    switch (err) {
        case ENOENT: return "den finns inte";
        case EACCES:
        case EPERM: return "behörighet saknas";
        case ENOTDIR: return "en del av sökvägen är inte en mapp";
        case ENAMETOOLONG: return "sökvägen är för lång";
        case ELOOP: return "för många symboliska länkar i sökvägen";
        case EMFILE:
        case ENFILE: return "för många öppna filer";
        case EIO: return "in- eller utmatningsfel på disken";
        case ENOSPC: return "disken är full";
        case EDQUOT: return "diskkvoten är slut";
        case EROFS: return "filsystemet är skrivskyddat";
        case ENXIO: return "ingen läser från den namngivna röret (FIFO)";
        case EISDIR: return "det är en mapp";
        default: return std::strerror(err);  // the C library's words (English)
    }
}

FileRead read_file(const std::string& path, std::uint64_t max_bytes, std::string_view option) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        return {{}, input_error(path, err == ENOENT ? "io.not-found" : "io.unreadable", cannot_open(err))};
    }
    if (S_ISDIR(st.st_mode))
        return {{}, input_error(path, "io.directory",
                                {"det här är en mapp, inte en fil; ange JSON-filerna i den",
                                 "this is a directory, not a file; give the JSON files in it"})};
    if (!S_ISREG(st.st_mode))
        return {{}, input_error(path, "io.not-regular", {"det här är inte en vanlig fil", "this is not a regular file"})};
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
        return {{}, input_error(path, "limit.file-size",
                                {fmt::format("filen är {} byte, mer än gränsen på {} byte{}", st.st_size, max_bytes,
                                             option.empty() ? "" : fmt::format(" ({})", option)),
                                 fmt::format("the file is {}, more than the limit of {}{}",
                                             text::counted(static_cast<std::uint64_t>(st.st_size), "byte", "bytes"),
                                             text::counted(max_bytes, "byte", "bytes"),
                                             option.empty() ? "" : fmt::format(" ({})", option))})};
    std::ifstream in(path, std::ios::binary);
    if (!in) return {{}, input_error(path, "io.unreadable", cannot_open(errno))};
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.gcount() != static_cast<std::streamsize>(text.size()))
        return {{}, input_error(path, "io.unreadable",
                                {"filen kunde inte läsas till slutet", "the file could not be read to its end"})};
    return {std::move(text), std::nullopt};
}

}  // namespace budgetcheck
