#include "xlsx/writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "output/report_file.hpp"
#include "text/utf8.hpp"
#include "text/xml.hpp"
#include "xlsx/layout.hpp"
#include "xlsx/sheet_plan.hpp"

namespace budgetcheck::xlsx {
namespace {

// Excel's limit for the text of one cell, in characters.
constexpr std::size_t kMaxCellChars = 32767;

WriteError write_error(std::string code, std::string sv, std::string en) {
    return WriteError{std::move(code), Message{std::move(sv), std::move(en)}};
}

const char* const kInstructions[] = {
    "Så fyller du i mallen",
    "1. Varje blad är ett avsnitt av budgetinlämningen. Rad 3 är rubrikraden: Fält, Benämning, Värde och sedan ett år per kolumn.",
    "2. Kolumn A (Fält) säger vilket fält raden hör till. Ändra den inte; budgetcheck läser arbetsboken med hjälp av den.",
    "3. En rad med * i fältet har ett värde per år i årskolumnerna. En rad utan * har sitt värde i kolumn C (Värde).",
    "4. Belopp skrivs i enheten på bladet Uppgifter (fältet unit: kr, tkr eller mnkr) och med högst så många decimaler som "
    "fältet decimals anger. Skriv bara talet, aldrig enheten (\"29,4\", inte \"29,4 mnkr\").",
    "5. Ett värde som saknas lämnas tomt eller skrivs IU, X, ? eller –: det blir ett saknat värde, aldrig 0. Skriv 0 när beloppet är noll.",
    "6. Behövs fler rader: kopiera en tom rad av samma slag och öka radnumret i fältet (rows/9 blir rows/10). Tomma rader hoppas över.",
    "7. Sammanfoga inga celler, byt inte namn på bladen och flytta inte rubrikraden. Formler går bra om arbetsboken sparas i Excel "
    "eller LibreOffice (då sparas det uträknade värdet).",
    "8. Kontrollera: budgetcheck validate arbetsbok.xlsx. Varje fynd anger bladet och cellen, t.ex. Investeringar!D7.",
    "9. Gör om till JSON: budgetcheck import arbetsbok.xlsx --output inlamning.json.",
};

class Writer {
public:
    explicit Writer(const std::string& path) : book_(workbook_new(path.c_str())) {}
    ~Writer() {
        if (book_) workbook_close(book_);
    }

    std::optional<WriteError> write(const Plan& plan) {
        if (!book_)
            return write_error("xlsx.write", "arbetsboken går inte att skapa", "the workbook cannot be created");
        bold_ = workbook_add_format(book_);
        format_set_bold(bold_);
        title_ = workbook_add_format(book_);
        format_set_bold(title_);
        format_set_font_size(title_, 14);
        path_ = workbook_add_format(book_);
        format_set_font_color(path_, LXW_COLOR_GRAY);
        input_text_ = workbook_add_format(book_);
        format_set_bg_color(input_text_, 0xFFF2CC);
        input_money_ = workbook_add_format(book_);
        format_set_bg_color(input_money_, 0xFFF2CC);
        const std::string money_code = fmt::format("#,##0{}\" {}\";-#,##0{}\" {}\"", plan.decimals > 0 ? "." + std::string(plan.decimals, '0') : "",
                                                   plan.unit, plan.decimals > 0 ? "." + std::string(plan.decimals, '0') : "", plan.unit);
        format_set_num_format(input_money_, money_code.c_str());
        input_integer_ = workbook_add_format(book_);
        format_set_bg_color(input_integer_, 0xFFF2CC);
        format_set_num_format(input_integer_, "0");

        if (auto e = write_instructions(plan)) return e;
        for (const SheetSpec& spec : data_sheets())
            if (auto e = write_sheet(spec, plan.sheets.at(std::string(spec.name)), plan)) return e;
        const lxw_error err = workbook_close(book_);
        book_ = nullptr;
        if (err != LXW_NO_ERROR)
            return write_error("xlsx.write", fmt::format("arbetsboken kunde inte sparas ({})", lxw_strerror(err)),
                               fmt::format("the workbook could not be saved ({})", lxw_strerror(err)));
        return std::nullopt;
    }

private:
    std::optional<WriteError> write_instructions(const Plan& plan) {
        lxw_worksheet* ws = workbook_add_worksheet(book_, std::string(kInstructionsSheet).c_str());
        worksheet_set_column(ws, 0, 0, 100, nullptr);
        worksheet_set_column(ws, 1, 1, 50, nullptr);
        lxw_format* wrap = workbook_add_format(book_);
        format_set_text_wrap(wrap);
        print_setup(ws);
        worksheet_write_string(ws, 0, 0, plan.heading.c_str(), title_);
        lxw_row_t row = 2;
        for (const char* line : kInstructions) {
            worksheet_write_string(ws, row, 0, line, row == 2 ? bold_ : wrap);
            // Viewers do not grow a row for wrapped text on their own.
            const std::size_t lines = 1 + std::string_view(line).size() / 110;
            if (lines > 1) worksheet_set_row(ws, row, 15.0 * static_cast<double>(lines), wrap);
            ++row;
        }
        ++row;
        if (!plan.kf_goals.empty()) {
            worksheet_write_string(ws, row, 0, "Kommunövergripande mål (KF-mål), för listan på bladet Mål", bold_);
            worksheet_write_string(ws, row++, 1, "Namn", bold_);
            kf_first_ = row;
            for (const auto& [id, name] : plan.kf_goals) {
                write_text(ws, row, 0, id, nullptr);
                write_text(ws, row++, 1, name, nullptr);
            }
            kf_last_ = row - 1;
        }
        return std::nullopt;
    }

    std::optional<WriteError> write_sheet(const SheetSpec& spec, const SheetRows& sheet, const Plan& plan) {
        lxw_worksheet* ws = workbook_add_worksheet(book_, std::string(spec.name).c_str());
        worksheet_write_string(ws, kTitleRow - 1, 0, std::string(spec.title).c_str(), title_);
        worksheet_write_string(ws, kTitleRow, 0, "Fyll i de gula cellerna. Kolumn A ändras inte (se bladet Instruktioner).", nullptr);
        const lxw_row_t header = kHeaderRow - 1;
        worksheet_write_string(ws, header, kPathCol - 1, std::string(kPathHeader).c_str(), bold_);
        worksheet_write_string(ws, header, kLabelCol - 1, std::string(kLabelHeader).c_str(), bold_);
        worksheet_write_string(ws, header, kValueCol - 1, std::string(kValueHeader).c_str(), bold_);
        std::vector<std::string> years(sheet.years.begin(), sheet.years.end());
        for (std::size_t i = 0; i < years.size(); ++i)
            worksheet_write_number(ws, header, static_cast<lxw_col_t>(kFirstYearCol - 1 + i), std::strtod(years[i].c_str(), nullptr), bold_);
        worksheet_set_column(ws, 0, 0, 42, path_);
        worksheet_set_column(ws, 1, 1, 48, nullptr);
        worksheet_set_column(ws, 2, 2, 30, nullptr);
        if (!years.empty())
            worksheet_set_column(ws, kFirstYearCol - 1, static_cast<lxw_col_t>(kFirstYearCol - 2 + years.size()), 14, nullptr);
        worksheet_freeze_panes(ws, kFirstDataRow - 1, kValueCol - 1);
        print_setup(ws);

        lxw_row_t row = kFirstDataRow - 1;
        for (const Row& r : sheet.rows) {
            if (row >= LXW_ROW_MAX - 1) return write_error("xlsx.write", "för många rader för ett blad", "too many rows for one sheet");
            write_text(ws, row, kPathCol - 1, r.path, path_);
            write_text(ws, row, kLabelCol - 1, std::string(utf8::truncate_code_points(r.label, kMaxCellChars)), nullptr);
            if (!r.series) {
                if (auto e = write_value(ws, row, kValueCol - 1, r.value, r.kind, r)) return e;
                if (!r.choices.empty()) validate_list(ws, row, kValueCol - 1, row, kValueCol - 1, r.choices);
                else if (r.kf_goal && kf_last_) validate_goals(ws, row, kValueCol - 1);
            } else {
                for (std::size_t i = 0; i < years.size(); ++i) {
                    const auto it = r.by_year.find(years[i]);
                    const CellValue blank;
                    if (auto e = write_value(ws, row, static_cast<lxw_col_t>(kFirstYearCol - 1 + i), it == r.by_year.end() ? blank : it->second, r.kind, r))
                        return e;
                }
                if (!r.choices.empty() && !years.empty())
                    validate_list(ws, row, kFirstYearCol - 1, row, static_cast<lxw_col_t>(kFirstYearCol - 2 + years.size()), r.choices);
            }
            ++row;
        }
        (void)plan;
        return std::nullopt;
    }

    std::optional<WriteError> write_value(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const CellValue& v, FieldKind kind, const Row& r) {
        lxw_format* format = kind == FieldKind::Money ? input_money_ : kind == FieldKind::Integer ? input_integer_ : input_text_;
        lxw_error err = LXW_NO_ERROR;
        switch (v.kind) {
            case CellValue::Kind::None: err = worksheet_write_blank(ws, row, col, format); break;
            case CellValue::Kind::Bool: err = worksheet_write_boolean(ws, row, col, v.text == "true", format); break;
            case CellValue::Kind::String:
                if (const std::size_t n = utf8::count_code_points(v.text); n > kMaxCellChars)
                    return write_error("xlsx.too-long",
                                       fmt::format("texten i {} har {} tecken; en cell i Excel rymmer högst 32 767", r.path, n),
                                       fmt::format("the text in {} has {} characters; an Excel cell holds at most {}", r.path, n, kMaxCellChars));
                err = write_text(ws, row, col, v.text, format);
                break;
            case CellValue::Kind::Number:
                // Excel keeps 15 significant digits; more could not come back exactly.
                if (significant_digits(v.text) > 15)
                    return write_error("xlsx.not-exact",
                                       fmt::format("talet {} i {} har fler än 15 värdesiffror och kan inte lagras exakt i Excel", v.text, r.path),
                                       fmt::format("number {} in {} has more than 15 significant digits and cannot be stored exactly in Excel", v.text, r.path));
                err = worksheet_write_number(ws, row, col, std::strtod(v.text.c_str(), nullptr), format);
                break;
        }
        if (err != LXW_NO_ERROR)
            return write_error("xlsx.write", fmt::format("{}: värdet kan inte skrivas ({})", r.path, lxw_strerror(err)),
                               fmt::format("{}: the value cannot be written ({})", r.path, lxw_strerror(err)));
        return std::nullopt;
    }

    // Text from a submission or pack: a literal "_xHHHH_" escaped, or Excel
    // would show the character it stands for (text/xml.hpp).
    static lxw_error write_text(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& text, lxw_format* format) {
        return worksheet_write_string(ws, row, col, xml::ooxml_escape_literal(text).c_str(), format);
    }

    // Printed (and converted to PDF) landscape, one page wide.
    static void print_setup(lxw_worksheet* ws) {
        worksheet_set_landscape(ws);
        worksheet_set_paper(ws, 9);  // A4
        worksheet_fit_to_pages(ws, 1, 0);
    }

    void validate_list(lxw_worksheet* ws, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2, const std::vector<std::string>& choices) {
        std::vector<char*> list;
        std::size_t length = 0;
        for (const auto& c : choices) {
            list.push_back(const_cast<char*>(c.c_str()));
            length += c.size() + 1;
        }
        if (length > 255) return;  // Excel's limit for a list written into the rule
        list.push_back(nullptr);
        lxw_data_validation dv{};
        dv.validate = LXW_VALIDATION_TYPE_LIST;
        dv.value_list = list.data();
        worksheet_data_validation_range(ws, r1, c1, r2, c2, &dv);
    }

    void validate_goals(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col) {
        const std::string formula = fmt::format("={}!$A${}:$A${}", kInstructionsSheet, kf_first_ + 1, kf_last_ + 1);
        lxw_data_validation dv{};
        dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        dv.value_formula = const_cast<char*>(formula.c_str());
        worksheet_data_validation_cell(ws, row, col, &dv);
    }

    lxw_workbook* book_;
    lxw_format *bold_ = nullptr, *title_ = nullptr, *path_ = nullptr, *input_text_ = nullptr, *input_money_ = nullptr,
               *input_integer_ = nullptr;
    lxw_row_t kf_first_ = 0, kf_last_ = 0;
};

}  // namespace

namespace {

// libxlsxwriter writes a file by name: it writes a private temporary file,
// put in place only when whole (output/report_file.hpp, the one place that
// writes output files), so a failed export leaves no half workbook behind
// and an existing file as it was.
std::optional<WriteError> write_plan(const std::string& path, const Plan& plan) {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    std::string temporary = (dir / "budgetcheck-XXXXXX.xlsx").string();
    const int fd = ::mkstemps(temporary.data(), 5);
    if (fd < 0) return write_error("xlsx.write", "arbetsboken går inte att skapa", "the workbook cannot be created");
    ::close(fd);
    const auto remove = [](std::string* p) { std::remove(p->c_str()); };
    const std::unique_ptr<std::string, decltype(remove)> cleanup(&temporary, remove);
    if (auto e = Writer(temporary).write(plan)) return e;
    std::ifstream in(temporary, std::ios::binary);
    std::ostringstream bytes;
    if (!in || !(bytes << in.rdbuf()))
        return write_error("xlsx.write", "arbetsboken kunde inte läsas tillbaka", "the workbook could not be read back");
    if (auto problem = output::write_report_file(path, bytes.str())) return WriteError{"xlsx.write", *problem};
    return std::nullopt;
}

}  // namespace

std::optional<WriteError> write_template(const std::string& path, const json::Document& schema, const json::Document& policy,
                                         const std::string& organisation) {
    auto plan = template_plan(schema, policy, organisation);
    if (auto* e = std::get_if<WriteError>(&plan)) return *e;
    return write_plan(path, std::get<Plan>(plan));
}

std::optional<WriteError> write_export(const std::string& path, const json::Document& schema, const json::Document& submission) {
    auto plan = export_plan(schema, submission);
    if (auto* e = std::get_if<WriteError>(&plan)) return *e;
    return write_plan(path, std::get<Plan>(plan));
}

}  // namespace budgetcheck::xlsx
