// Sheets as .xlsx through Debian's libxlsxwriter, the only file that
// includes it. libxlsxwriter 1.1.4 writes to a file name only: the workbook
// goes to a private temporary file that is copied to the report's stream
// (ReportFile then puts it in place atomically) and removed.
//
// The library is loaded (dlopen) when a workbook is written, not linked:
// it needs libcrypto and zlib, which every run of every command would
// otherwise map and initialise (the reason budgetcheck-serve is a program
// of its own; docs/architecture.md). The .deb names it in Depends.
#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <xlsxwriter.h>

#include "output/sheet.hpp"
#include "text/utf8.hpp"
#include "text/xml.hpp"

namespace budgetcheck::output {

namespace {

// The functions used, by name, typed from the header.
#define BUDGETCHECK_XLSX_FUNCTIONS(X)                                                                          \
    X(workbook_new_opt) X(workbook_add_worksheet) X(workbook_add_format) X(workbook_set_properties)           \
    X(workbook_close) X(format_set_num_format) X(format_set_bold) X(format_set_text_wrap) X(format_set_align) \
    X(format_set_bg_color) X(format_set_bottom) X(worksheet_write_string) X(worksheet_write_number)           \
    X(worksheet_write_blank) X(worksheet_set_column) X(worksheet_freeze_panes) X(worksheet_autofilter)        \
    X(lxw_strerror)

struct Api {
#define BUDGETCHECK_XLSX_MEMBER(name) decltype(&::name) name = nullptr;
    BUDGETCHECK_XLSX_FUNCTIONS(BUDGETCHECK_XLSX_MEMBER)
#undef BUDGETCHECK_XLSX_MEMBER
    std::string error;  // why it could not be loaded; "" when loaded
};

// Loaded once, never unloaded (its functions stay valid for the process).
const Api& api() {
    static const Api loaded = [] {
        Api a;
        void* library = ::dlopen(BUDGETCHECK_XLSXWRITER_SONAME, RTLD_NOW | RTLD_LOCAL);
        if (!library) {
            const char* why = ::dlerror();
            a.error = std::string(BUDGETCHECK_XLSXWRITER_SONAME) + " (libxlsxwriter4): " + (why ? why : "not found");
            return a;
        }
#define BUDGETCHECK_XLSX_LOAD(name)                                                             \
    a.name = reinterpret_cast<decltype(a.name)>(::dlsym(library, #name));                       \
    if (!a.name && a.error.empty()) a.error = std::string(BUDGETCHECK_XLSXWRITER_SONAME) + ": no " #name;
        BUDGETCHECK_XLSX_FUNCTIONS(BUDGETCHECK_XLSX_LOAD)
#undef BUDGETCHECK_XLSX_LOAD
        return a;
    }();
    return loaded;
}

// Excel's limit for the text of one cell.
constexpr std::size_t kMaxCellBytes = 32767;

struct Formats {
    lxw_format* header = nullptr;
    lxw_format* text = nullptr;
    lxw_format* count = nullptr;
    lxw_format* tkr = nullptr;
    lxw_format* tkr_fraction = nullptr;
    lxw_format* share = nullptr;
    lxw_format* total_text = nullptr;
    lxw_format* total_count = nullptr;
    lxw_format* total_tkr = nullptr;
    lxw_format* total_tkr_fraction = nullptr;
    lxw_format* total_share = nullptr;
};

lxw_format* number_format(lxw_workbook* wb, const char* code, bool bold) {
    lxw_format* f = api().workbook_add_format(wb);
    if (code) api().format_set_num_format(f, code);
    if (bold) api().format_set_bold(f);
    api().format_set_text_wrap(f);
    api().format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

Formats make_formats(lxw_workbook* wb) {
    Formats f;
    f.header = number_format(wb, nullptr, true);
    api().format_set_bg_color(f.header, 0xDDE4EE);
    api().format_set_bottom(f.header, LXW_BORDER_THIN);
    for (const bool bold : {false, true}) {
        // Excel shows ',' and '.' in a format code as the reader's own
        // thousands and decimal separators (a space and a comma in Swedish).
        (bold ? f.total_text : f.text) = number_format(wb, nullptr, bold);
        (bold ? f.total_count : f.count) = number_format(wb, "0", bold);
        (bold ? f.total_tkr : f.tkr) = number_format(wb, "#,##0", bold);
        (bold ? f.total_tkr_fraction : f.tkr_fraction) = number_format(wb, "#,##0.000", bold);
        (bold ? f.total_share : f.share) = number_format(wb, "0.0%", bold);
    }
    return f;
}

lxw_error write_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const Cell& cell, const Formats& f, bool total) {
    switch (cell.kind) {
        case Cell::Kind::Empty: return api().worksheet_write_blank(ws, r, c, total ? f.total_text : f.text);
        case Cell::Kind::Text: {
            // A literal "_xHHHH_" escaped, or Excel would show the character it stands for (text/xml.hpp).
            const std::string text = xml::ooxml_escape_literal(utf8::truncate_bytes(cell.text, kMaxCellBytes));
            return api().worksheet_write_string(ws, r, c, text.c_str(), total ? f.total_text : f.text);
        }
        case Cell::Kind::Count:
            return api().worksheet_write_number(ws, r, c, static_cast<double>(cell.number), total ? f.total_count : f.count);
        case Cell::Kind::Kronor: {
            // Exact in a double: at most 2^53 kronor (money.hpp); shown in tkr.
            const bool whole = cell.number % 1000 == 0;
            lxw_format* format = whole ? (total ? f.total_tkr : f.tkr) : (total ? f.total_tkr_fraction : f.tkr_fraction);
            return api().worksheet_write_number(ws, r, c, static_cast<double>(cell.number) / 1000.0, format);
        }
        case Cell::Kind::Share:
            // A display ratio, not money: a double is what the cell holds.
            return api().worksheet_write_number(ws, r, c, static_cast<double>(cell.number) / static_cast<double>(cell.denominator),
                                          total ? f.total_share : f.share);
    }
    return LXW_NO_ERROR;
}

lxw_error write_sheet(lxw_workbook* wb, const Sheet& sheet, const Formats& f) {
    lxw_worksheet* ws = api().workbook_add_worksheet(wb, sheet.name.c_str());
    if (!ws) return LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
    for (std::size_t c = 0; c < sheet.headers.size(); ++c) {
        if (const lxw_error e = api().worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.headers[c].c_str(), f.header))
            return e;
        const double width = c < sheet.widths.size() ? sheet.widths[c] : 14.0;
        api().worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
    }
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
        const bool total = r + sheet.total_rows >= sheet.rows.size();
        for (std::size_t c = 0; c < sheet.rows[r].size(); ++c)
            if (const lxw_error e = write_cell(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), sheet.rows[r][c], f, total))
                return e;
    }
    api().worksheet_freeze_panes(ws, 1, 0);
    if (!sheet.headers.empty())
        api().worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size() - sheet.total_rows),
                             static_cast<lxw_col_t>(sheet.headers.size() - 1));
    return LXW_NO_ERROR;
}

Message write_failed(const std::string& why) {
    return Message{"kalkylbladet kunde inte skrivas: " + why, "the spreadsheet could not be written: " + why};
}

}  // namespace

std::optional<Message> write_xlsx(const std::vector<Sheet>& sheets, std::ostream& out) {
    if (!api().error.empty()) return write_failed(api().error);
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path dir = fs::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    std::string name = (dir / "budgetcheck-XXXXXX.xlsx").string();
    const int fd = ::mkstemps(name.data(), 5);
    if (fd < 0) return write_failed("mkstemps");
    ::close(fd);
    // Removed however this ends.
    const auto remove = [](std::string* path) { std::remove(path->c_str()); };
    const std::unique_ptr<std::string, decltype(remove)> cleanup(&name, remove);

    lxw_workbook_options options = {};
    options.tmpdir = nullptr;
    lxw_workbook* wb = api().workbook_new_opt(name.c_str(), &options);
    if (!wb) return write_failed("workbook_new");
    // A fixed creation time: the same run gives the same workbook.
    lxw_doc_properties properties = {};
    char creator[] = "budgetcheck";
    properties.author = creator;
    properties.created = 1;
    api().workbook_set_properties(wb, &properties);
    const Formats formats = make_formats(wb);
    lxw_error error = LXW_NO_ERROR;
    for (const Sheet& sheet : sheets)
        if (!error) error = write_sheet(wb, sheet, formats);
    const lxw_error closed = api().workbook_close(wb);  // frees wb whatever happened
    if (error || closed) return write_failed(api().lxw_strerror(error ? error : closed));

    std::ifstream in(name, std::ios::binary);
    if (!in || !(out << in.rdbuf())) return write_failed("copy");
    return std::nullopt;
}

}  // namespace budgetcheck::output
