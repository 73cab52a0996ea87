#include "xlsx/import.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "text/compare_form.hpp"
#include "text/lookalike.hpp"
#include "xlsx/layout.hpp"

namespace budgetcheck::xlsx {

namespace {

constexpr std::size_t kMaxErrors = 100;
constexpr std::size_t kMaxPathTokens = 32;
constexpr unsigned long kMaxIndex = 100000;

// One value of the submission being built; arrays are sparse until emitted
// (an empty template row leaves a gap that closes up).
struct Node {
    enum class Kind : std::uint8_t { Leaf, Object, Array } kind = Kind::Leaf;
    std::string json;  // leaves: the value as JSON text
    std::string cell;  // the first cell that made it
    std::vector<std::pair<std::string, std::unique_ptr<Node>>> members;
    std::map<unsigned long, std::unique_ptr<Node>> elements;
};

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

// Written for "no value" in Swedish statistics: inte uppgift, sekretess, okänt, streck.
bool is_missing_marker(std::string_view t) {
    return t.empty() || t == "IU" || t == "iu" || t == "X" || t == "x" || t == "?" || t == "\u2013" || t == "-" ||
           t == "\u2014";
}

// Excel's 1900 date system: serial 60 is the 29 February 1900 Excel invents.
std::optional<std::string> date_of_serial(std::string_view text) {
    if (!all_digits(text) || text.size() > 6) return std::nullopt;
    long serial = std::stol(std::string(text));
    if (serial < 61) return std::nullopt;
    long z = serial - 25569 + 719468;  // days since 1970-01-01, then civil-from-days (H. Hinnant)
    const long era = z / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long d = doy - (153 * mp + 2) / 5 + 1;
    const long m = mp < 10 ? mp + 3 : mp - 9;
    const long y = yoe + era * 400 + (m <= 2);
    return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

class Importer {
public:
    Importer(const std::string& file, const json::Document& schema) : file_(file), fields_(schema) {}

    void fail(const std::string& cell, std::string code, std::string sv, std::string en) {
        if (result.errors.size() >= kMaxErrors) return;
        const std::string at = cell.empty() ? "" : cell + ": ";
        result.errors.push_back(InputError{file_, 0, 0, std::move(code), Message{at + sv, at + en}, {}});
    }

    void run(const Workbook& book) {
        check_sheet_names(book);
        for (const Sheet& sheet : book.sheets) {
            const auto spec = std::find_if(data_sheets().begin(), data_sheets().end(),
                                           [&](const SheetSpec& s) { return same_sheet(s.name, sheet.name); });
            if (spec != data_sheets().end()) read_sheet(sheet, *spec);
        }
        if (!result.errors.empty()) return;
        std::string out;
        emit(root_, "", out, 0);
        out += '\n';
        result.json = std::move(out);
    }

    ImportResult result;

private:
    // Excel compares sheet names without regard to case ("drift" and "Drift"
    // cannot both exist), and a board that retyped "Eget  kapital" meant the
    // template's sheet: names are compared as rules compare names.
    static bool same_sheet(std::string_view template_name, std::string_view name) {
        if (template_name == name) return true;
        std::string a, b;
        text::compare_form(template_name, a);
        text::compare_form(name, b);
        return a == b;
    }

    void check_sheet_names(const Workbook& book) {
        std::map<std::string_view, std::string_view> present;  // template name -> the workbook's
        std::string expected;
        for (const auto& s : data_sheets()) expected += (expected.empty() ? "" : ", ") + std::string(s.name);
        for (const Sheet& sheet : book.sheets) {
            if (same_sheet(kInstructionsSheet, sheet.name)) continue;
            const auto spec = std::find_if(data_sheets().begin(), data_sheets().end(),
                                           [&](const SheetSpec& s) { return same_sheet(s.name, sheet.name); });
            if (spec == data_sheets().end()) {
                fail(sheet.name, "xlsx.sheet-unknown",
                     fmt::format("bladet '{}' hör inte till mallen (omdöpt?); bladen ska heta {}", sheet.name, expected),
                     fmt::format("sheet '{}' is not part of the template (renamed?); the sheets must be named {}", sheet.name, expected));
                continue;
            }
            const auto [it, first] = present.emplace(spec->name, sheet.name);
            if (!first)
                fail(sheet.name, "xlsx.sheet-twice",
                     fmt::format("bladen '{}' och '{}' är samma mallblad '{}'; ta bort det ena", it->second, sheet.name, spec->name),
                     fmt::format("the sheets '{}' and '{}' are both the template's sheet '{}'; remove one", it->second, sheet.name,
                                 spec->name));
        }
        for (const auto& s : data_sheets())
            if (!present.count(s.name))
                fail("", "xlsx.sheet-missing",
                     fmt::format("bladet '{}' saknas i arbetsboken; utgå från mallen (budgetcheck template)", s.name),
                     fmt::format("sheet '{}' is missing from the workbook; start from the template (budgetcheck template)", s.name));
    }

    void read_sheet(const Sheet& sheet, const SheetSpec& spec) {
        sheet_ = sheet.name;
        if (!sheet.merged.empty()) {
            fail(sheet_ + "!" + sheet.merged.front(), "xlsx.merged-cells",
                 "sammanfogade celler; varje värde ska stå i en egen cell (Dela celler)",
                 "merged cells; every value must be in a cell of its own (unmerge the cells)");
            return;
        }
        std::map<std::uint32_t, std::map<std::uint32_t, const Cell*>> rows;
        for (const Cell& c : sheet.cells) rows[c.row][c.col] = &c;
        if (!read_header(rows[kHeaderRow])) return;
        for (const auto& [row, cells] : rows)
            if (row >= kFirstDataRow) read_row(row, cells, spec);
    }

    bool read_header(const std::map<std::uint32_t, const Cell*>& header) {
        const auto text_at = [&](std::uint32_t col) {
            const auto it = header.find(col);
            return it == header.end() ? std::string() : trim(it->second->text);
        };
        const std::pair<std::uint32_t, std::string_view> fixed[] = {
            {kPathCol, kPathHeader}, {kLabelCol, kLabelHeader}, {kValueCol, kValueHeader}};
        for (const auto& [col, want] : fixed) {
            if (text_at(col) == want) continue;
            fail(cell_name(sheet_, kHeaderRow, col), "xlsx.header",
                 fmt::format("rubrikraden ska stå på rad {} med {}, {}, {} och sedan åren; här står '{}' där '{}' ska stå "
                             "(flyttad rubrik eller rad?)",
                             kHeaderRow, kPathHeader, kLabelHeader, kValueHeader, text_at(col), want),
                 fmt::format("the header must be on row {} with {}, {}, {} and then the years; found '{}' where '{}' "
                             "belongs (header or row moved?)",
                             kHeaderRow, kPathHeader, kLabelHeader, kValueHeader, text_at(col), want));
            return false;
        }
        years_.clear();
        std::map<std::string, std::uint32_t> seen;  // year -> its first column
        for (const auto& [col, cell] : header) {
            if (col < kFirstYearCol) continue;
            const std::string t = trim(cell->text);
            if (t.empty()) continue;
            if (t.size() != 4 || !all_digits(t) || cell->date_format) {
                fail(cell_name(sheet_, kHeaderRow, col), "xlsx.header",
                     fmt::format("kolumnrubriken '{}' är inget år; från kolumn D står bara år (2024)", t),
                     fmt::format("column header '{}' is not a year; from column D on only years (2024) belong", t));
                return false;
            }
            // A year twice would put the second column's values under the
            // first one's year, and lose the year it replaced.
            if (const auto [it, fresh] = seen.emplace(t, col); !fresh) {
                fail(cell_name(sheet_, kHeaderRow, col), "xlsx.header",
                     fmt::format("året {} står redan i {}; varje år har en kolumn", t, cell_name(kHeaderRow, it->second)),
                     fmt::format("the year {} is already in {}; each year has one column", t, cell_name(kHeaderRow, it->second)));
                return false;
            }
            years_[col] = t;
        }
        return true;
    }

    void read_row(std::uint32_t row, const std::map<std::uint32_t, const Cell*>& cells, const SheetSpec& spec) {
        const auto path_cell = cells.find(kPathCol);
        const std::string path = path_cell == cells.end() ? "" : trim(path_cell->second->text);
        if (path.empty()) {
            for (const auto& [col, cell] : cells)
                if (col >= kValueCol && !cell->text.empty()) {
                    fail(cell_name(sheet_, row, col), "xlsx.no-field",
                         "ett värde på en rad utan fält i kolumn A; kopiera en rad från mallen i stället för att skriva en ny",
                         "a value on a row without a field in column A; copy a template row instead of typing a new one");
                    return;
                }
            return;
        }
        const std::string at = cell_name(sheet_, row, kPathCol);
        std::vector<std::string> tokens = split_path(path);
        const auto star = std::find(tokens.begin(), tokens.end(), "*");
        if (tokens.size() > kMaxPathTokens || std::any_of(tokens.begin(), tokens.end(), [](const auto& t) { return t.empty(); }) ||
            std::count(tokens.begin(), tokens.end(), "*") > 1 || &sheet_for(tokens.front()) != &spec) {
            fail(at, "xlsx.field",
                 fmt::format("fältet '{}' hör inte hemma på bladet {}; kolumn A ska stå som i mallen", path, sheet_),
                 fmt::format("field '{}' does not belong on sheet {}; column A must stay as in the template", path, sheet_));
            return;
        }
        if (star == tokens.end()) {
            for (const auto& [col, cell] : cells)
                if (col >= kFirstYearCol && !cell->text.empty()) {
                    fail(cell_name(sheet_, row, col), "xlsx.field",
                         "fältet har ett enda värde, i kolumn C; årskolumnerna ska vara tomma",
                         "the field has one value, in column C; the year columns must be empty");
                    return;
                }
            if (const auto v = cells.find(kValueCol); v != cells.end()) put(tokens, *v->second);
            return;
        }
        if (const auto v = cells.find(kValueCol); v != cells.end() && !v->second->text.empty()) {
            fail(cell_name(sheet_, row, kValueCol), "xlsx.field",
                 "fältet har ett värde per år i årskolumnerna; kolumn C ska vara tom",
                 "the field has one value per year in the year columns; column C must be empty");
            return;
        }
        const std::size_t year_at = static_cast<std::size_t>(star - tokens.begin());
        for (const auto& [col, cell] : cells) {
            if (col < kFirstYearCol) continue;
            const auto year = years_.find(col);
            if (year == years_.end()) {
                if (!cell->text.empty())
                    fail(cell_name(sheet_, row, col), "xlsx.header", "värde i en kolumn utan år i rubrikraden",
                         "a value in a column without a year in the header row");
                continue;
            }
            tokens[year_at] = year->second;
            put(tokens, *cell, year_at);
        }
    }

    // The cell as JSON text for a field of `kind`; nullopt = no value (or an error reported).
    std::optional<std::string> convert(const Cell& cell, FieldKind kind, const std::string& at) {
        using T = Cell::Type;
        if (cell.type == T::FormulaWithoutValue) {
            fail(at, "xlsx.formula-without-value",
                 fmt::format("formeln ={} har inget sparat värde; öppna och spara arbetsboken i Excel eller LibreOffice så "
                             "att värdet räknas ut, eller skriv in talet",
                             cell.text),
                 fmt::format("formula ={} has no saved value; open and save the workbook in Excel or LibreOffice so the "
                             "value is computed, or type the number",
                             cell.text));
            return std::nullopt;
        }
        if (cell.type == T::Error) {
            fail(at, "xlsx.cell-error", fmt::format("cellen visar felet {}", cell.text), fmt::format("the cell shows the error {}", cell.text));
            return std::nullopt;
        }
        const std::string t = trim(cell.text);
        // An empty list or object is written as its JSON (write_export does the same).
        if (cell.type == T::Text && (t == "[]" || t == "{}") && kind != FieldKind::String) return t;
        const bool numeric = kind == FieldKind::Money || kind == FieldKind::Number || kind == FieldKind::Integer;
        if (cell.type == T::Text && (numeric ? is_missing_marker(t) : cell.text.empty())) return std::nullopt;
        if (numeric) {
            std::optional<std::string> number;
            if (cell.type == T::Number) {
                if (cell.date_format) {
                    fail(at, "xlsx.date", "ett datum där ett tal ska stå; ändra cellens format till tal",
                         "a date where a number belongs; change the cell's format to a number");
                    return std::nullopt;
                }
                number = excel_decimal(cell.text);
            } else if (cell.type == T::Text) {
                // Decimal comma and digit-group spaces as Swedish text writes them; a plain "12.5" typed as text too.
                const std::string meant = text::json_number_meant(t);
                if (!meant.empty()) number = excel_decimal(meant);
                else if (!t.empty() && t.find_first_not_of("0123456789.-") == std::string::npos) number = excel_decimal(t);
            }
            if (!number) {
                // A boolean cell stores "1" or "0"; the author sees SANT or FALSKT.
                const bool boolean = cell.type == T::Bool;
                const std::string shown_sv = boolean ? (cell.text == "1" ? "SANT" : "FALSKT") : cell.text;
                const std::string shown_en = boolean ? (cell.text == "1" ? "TRUE" : "FALSE") : cell.text;
                fail(at, "xlsx.not-a-number",
                     fmt::format("'{}' är inget tal; skriv bara talet (enheten står i Uppgifter, fältet unit) eller IU, X, ?, – "
                                 "eller tomt för ett värde som saknas",
                                 shown_sv),
                     fmt::format("'{}' is not a number; write the number alone (the unit is on Uppgifter, field unit) or IU, "
                                 "X, ?, – or nothing for a missing value",
                                 shown_en));
                return std::nullopt;
            }
            if (kind == FieldKind::Integer && number->find('.') != std::string::npos) {
                fail(at, "xlsx.not-an-integer", fmt::format("{} är inget heltal", *number), fmt::format("{} is not an integer", *number));
                return std::nullopt;
            }
            return number;
        }
        if (kind == FieldKind::Boolean) {
            if (cell.type == T::Bool) return std::string(cell.text == "1" ? "true" : "false");
            std::string lower = t;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (lower == "ja" || lower == "sant" || lower == "true") return std::string("true");
            if (lower == "nej" || lower == "falskt" || lower == "false") return std::string("false");
            fail(at, "xlsx.not-a-boolean", fmt::format("'{}' ska vara SANT eller FALSKT (ja eller nej)", cell.text),
                 fmt::format("'{}' must be TRUE or FALSE (yes or no)", cell.text));
            return std::nullopt;
        }
        if (cell.type == T::Bool) return std::string(cell.text == "1" ? "true" : "false");
        if (cell.type == T::Number) {
            if (cell.date_format) {
                // A date typed into a text field (kf_decision.date) is stored as a day number.
                if (auto date = date_of_serial(cell.text)) return json::quote(*date);
                fail(at, "xlsx.date", "ett datum eller klockslag som inte går att läsa som ÅÅÅÅ-MM-DD; skriv det som text",
                     "a date or time that cannot be read as YYYY-MM-DD; write it as text");
                return std::nullopt;
            }
            const auto number = excel_decimal(cell.text);
            if (!number) return json::quote(cell.text);
            return kind == FieldKind::String ? json::quote(*number) : *number;
        }
        return json::quote(cell.text);
    }

    void put(const std::vector<std::string>& tokens, const Cell& cell, std::size_t year_at = SIZE_MAX) {
        const std::string at = cell_name(sheet_, cell.row, cell.col);
        auto value = convert(cell, fields_.kind(tokens), at);
        if (!value) return;
        Node* node = &root_;
        root_.kind = Node::Kind::Object;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const bool last = i + 1 == tokens.size();
            const Node::Kind want = last ? Node::Kind::Leaf
                                    : (i + 1 != year_at && all_digits(tokens[i + 1]) && tokens[i + 1].size() <= 5)
                                        ? Node::Kind::Array
                                        : Node::Kind::Object;
            Node* child = nullptr;
            if (node->kind == Node::Kind::Array) {
                const unsigned long index = all_digits(tokens[i]) && tokens[i].size() <= 6 ? std::stoul(tokens[i]) : kMaxIndex;
                if (index >= kMaxIndex) {
                    fail(at, "xlsx.field",
                         fmt::format("'{}' i fältet {} ska vara ett radnummer under {}", tokens[i], join_path(tokens), kMaxIndex),
                         fmt::format("'{}' in field {} must be a row number below {}", tokens[i], join_path(tokens), kMaxIndex));
                    return;
                }
                auto& slot = node->elements[index];
                if (!slot) slot = make(want, at);
                child = slot.get();
            } else {
                auto it = std::find_if(node->members.begin(), node->members.end(), [&](const auto& m) { return m.first == tokens[i]; });
                if (it == node->members.end()) {
                    node->members.emplace_back(tokens[i], make(want, at));
                    it = std::prev(node->members.end());
                }
                child = it->second.get();
            }
            if (child->kind != want || (last && !child->json.empty())) {
                fail(at, "xlsx.duplicate-field",
                     fmt::format("fältet {} har redan ett värde från {}; varje fält på en rad", join_path(tokens), child->cell),
                     fmt::format("field {} already has a value from {}; one row per field", join_path(tokens), child->cell));
                return;
            }
            node = child;
        }
        node->json = std::move(*value);
    }

    static std::unique_ptr<Node> make(Node::Kind kind, const std::string& cell) {
        auto n = std::make_unique<Node>();
        n->kind = kind;
        n->cell = cell;
        return n;
    }

    void emit(const Node& node, const std::string& pointer, std::string& out, int depth) {
        if (!node.cell.empty()) result.map.add(pointer, node.cell);
        const std::string pad(static_cast<std::size_t>(depth + 1) * 2, ' ');
        const std::string end_pad(static_cast<std::size_t>(depth) * 2, ' ');
        if (node.kind == Node::Kind::Leaf) {
            out += node.json;
        } else if (node.kind == Node::Kind::Object) {
            out += "{";
            bool first = true;
            for (const auto& [key, child] : node.members) {
                out += (first ? "\n" : ",\n") + pad + json::quote(key) + ": ";
                first = false;
                emit(*child, pointer + "/" + json::escape_pointer_token(key), out, depth + 1);
            }
            out += first ? "}" : "\n" + end_pad + "}";
        } else {
            out += "[";
            std::size_t index = 0;
            for (const auto& [unused, child] : node.elements) {
                out += (index ? ",\n" : "\n") + pad;
                emit(*child, pointer + "/" + std::to_string(index++), out, depth + 1);
            }
            out += index ? "\n" + end_pad + "]" : "]";
        }
    }

    std::string file_;
    SchemaFields fields_;
    std::string sheet_;
    std::map<std::uint32_t, std::string> years_;  // column -> year
    Node root_;
};

}  // namespace

ImportResult import_workbook(const std::string& bytes, const std::string& file, const json::Document& schema,
                             const ReadLimits& limits) {
    auto read = read_workbook(bytes, limits);
    if (auto* e = std::get_if<ReadError>(&read)) {
        ImportResult r;
        r.errors.push_back(InputError{file, 0, 0, e->code, e->message, {}});
        return r;
    }
    Importer importer(file, schema);
    importer.run(std::get<Workbook>(read));
    return std::move(importer.result);
}

}  // namespace budgetcheck::xlsx
