#include "xlsx/reader.hpp"

#include <zip.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string_view>

#include <fmt/format.h>

#include "text/utf8.hpp"
#include "text/xml.hpp"

namespace budgetcheck::xlsx {
namespace {

ReadError error(std::string code, std::string sv, std::string en) {
    return ReadError{std::move(code), Message{std::move(sv), std::move(en)}};
}

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};

class Package {
public:
    Package(zip_t* zip, const ReadLimits& limits) : zip_(zip), limits_(limits) {}

    bool has(const std::string& name) const { return zip_name_locate(zip_.get(), name.c_str(), 0) >= 0; }

    // The part's bytes; a ReadError when it is missing, encrypted or larger
    // than the limits allow (checked on the declared size first, then while
    // inflating, since a forged header can lie).
    std::variant<std::string, ReadError> read(const std::string& name) {
        const zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), 0);
        if (index < 0)
            return error("xlsx.corrupt", fmt::format("delen {} saknas: filen är inte en hel .xlsx-arbetsbok", name),
                         fmt::format("part {} is missing: the file is not a complete .xlsx workbook", name));
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(index), 0, &st) != 0)
            return error("xlsx.corrupt", fmt::format("delen {} går inte att läsa", name),
                         fmt::format("part {} cannot be read", name));
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) return encrypted();
        const std::uint64_t declared = (st.valid & ZIP_STAT_SIZE) ? st.size : limits_.max_part_bytes + 1;
        if (declared > limits_.max_part_bytes || total_ + declared > limits_.max_total_bytes) return too_large(name);
        std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0),
                                                               zip_fclose);
        if (!file)
            return error("xlsx.corrupt", fmt::format("delen {} går inte att packa upp", name),
                         fmt::format("part {} cannot be decompressed", name));
        std::string out(static_cast<std::size_t>(declared), '\0');
        std::uint64_t got = 0;
        for (;;) {
            if (got == out.size()) {
                // One byte more than declared means the header lied: stop.
                char extra;
                const zip_int64_t n = zip_fread(file.get(), &extra, 1);
                if (n > 0) return too_large(name);
                if (n < 0) break;
                break;
            }
            const zip_int64_t n = zip_fread(file.get(), out.data() + got, out.size() - got);
            if (n < 0)
                return error("xlsx.corrupt", fmt::format("delen {} är trasig (kontrollsumman stämmer inte)", name),
                             fmt::format("part {} is damaged (checksum mismatch)", name));
            if (n == 0) break;
            got += static_cast<std::uint64_t>(n);
        }
        out.resize(static_cast<std::size_t>(got));
        total_ += got;
        return out;
    }

    static ReadError encrypted() {
        return error("xlsx.encrypted",
                     "arbetsboken är lösenordsskyddad (krypterad); spara den utan lösenord (Arkiv > Info > Skydda "
                     "arbetsbok) och försök igen",
                     "the workbook is password-protected (encrypted); save it without a password and try again");
    }
    ReadError too_large(const std::string& name) const {
        return error("xlsx.too-large",
                     fmt::format("delen {} är för stor uppackad (högst {} MiB per del och {} MiB totalt, "
                                 "docs/limits.md); filen kan vara en zip-bomb",
                                 name, limits_.max_part_bytes >> 20, limits_.max_total_bytes >> 20),
                     fmt::format("part {} is too large uncompressed (at most {} MiB per part and {} MiB in all, "
                                 "docs/limits.md); the file may be a zip bomb",
                                 name, limits_.max_part_bytes >> 20, limits_.max_total_bytes >> 20));
    }

private:
    std::unique_ptr<zip_t, ZipCloser> zip_;
    ReadLimits limits_;
    std::uint64_t total_ = 0;
};

std::optional<ReadError> parse_xml(pugi::xml_document& doc, const std::string& text, const std::string& name) {
    // parse_default expands only the five predefined and numeric entities,
    // never DTD entities.
    const auto result = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (result) return std::nullopt;
    return error("xlsx.corrupt", fmt::format("delen {} är inte giltig XML ({})", name, result.description()),
                 fmt::format("part {} is not valid XML ({})", name, result.description()));
}

// Element and attribute names without their prefix: pugixml knows no
// namespaces, and writers built on the Open XML SDK write "x:worksheet",
// "x:c", where Excel writes "worksheet", "c".
std::string_view local_name(const char* qualified) {
    const std::string_view n = qualified;
    const auto colon = n.find(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node node, std::string_view name) {
    for (pugi::xml_node c : node.children())
        if (c.type() == pugi::node_element && local_name(c.name()) == name) return c;
    return {};
}

template <typename F>
void for_each_child(pugi::xml_node node, std::string_view name, F f) {
    for (pugi::xml_node c : node.children())
        if (c.type() == pugi::node_element && local_name(c.name()) == name) f(c);
}

// The relationship id of a <sheet>: the attribute "id" in the relationships
// namespace, whatever its prefix ("r:id" in Excel's files).
std::string_view relationship_id(pugi::xml_node sheet) {
    for (pugi::xml_attribute a : sheet.attributes()) {
        const std::string_view n = a.name();
        if (n.find(':') != std::string_view::npos && local_name(a.name()) == "id") return a.value();
    }
    return {};
}

// The text of a shared or inline string: every <t> except phonetic runs,
// with Office's "_xHHHH_" escapes decoded.
std::string string_text(pugi::xml_node si) {
    std::string out;
    for (pugi::xml_node c : si.children()) {
        const std::string_view n = local_name(c.name());
        if (n == "t") out += c.text().get();
        else if (n == "r") out += child(c, "t").text().get();
    }
    return xml::ooxml_unescape(out);
}

// A format code shows a date or time when it has d, y, h or s outside
// quoted text, escapes and [colour]/[locale] sections ("m" alone is also minutes).
bool is_date_code(std::string_view code) {
    bool quoted = false, bracket = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (quoted) { quoted = c != '"'; continue; }
        if (bracket) { bracket = c != ']'; continue; }
        if (c == '"') quoted = true;
        else if (c == '[') bracket = true;
        else if (c == '\\' || c == '_' || c == '*') ++i;
        else if (std::string_view("dDyYhHsS").find(c) != std::string_view::npos) return true;
    }
    return false;
}

bool is_date_format(unsigned id, const std::map<unsigned, std::string>& custom) {
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return true;
    const auto it = custom.find(id);
    return it != custom.end() && is_date_code(it->second);
}

bool parse_ref(std::string_view ref, std::uint32_t& row, std::uint32_t& col) {
    std::size_t i = 0;
    col = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
        col = col * 26 + static_cast<std::uint32_t>(ref[i] - 'A' + 1);
        if (col > 16384) return false;
    }
    if (i == 0 || i == ref.size()) return false;
    row = 0;
    for (; i < ref.size(); ++i) {
        if (ref[i] < '0' || ref[i] > '9') return false;
        row = row * 10 + static_cast<std::uint32_t>(ref[i] - '0');
        if (row > 1048576) return false;
    }
    return row > 0;
}

// The zip name of a relationship's target: absolute ("/xl/worksheets/a.xml")
// or relative to xl/ ("worksheets/a.xml", "../xl/worksheets/a.xml"), with
// "." and ".." resolved as in a URI path. "" when it climbs above the root.
std::string part_path(std::string_view target) {
    std::vector<std::string_view> parts;
    if (target.empty() || target.front() != '/') parts.push_back("xl");
    for (std::size_t i = 0; i <= target.size();) {
        const std::size_t end = std::min(target.find('/', i), target.size());
        const std::string_view seg = target.substr(i, end - i);
        if (seg == "..") {
            if (parts.empty()) return {};
            parts.pop_back();
        } else if (!seg.empty() && seg != ".") {
            parts.push_back(seg);
        }
        i = end + 1;
    }
    std::string out;
    for (const auto p : parts) out += (out.empty() ? "" : "/") + std::string(p);
    return out;
}

// A shared-string index: digits only (strtoul would read "abc" as 0, the first string).
std::optional<std::size_t> string_index(std::string_view v) {
    if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    return static_cast<std::size_t>(std::stoul(std::string(v)));
}

}  // namespace

std::string cell_name(std::uint32_t row, std::uint32_t col) {
    std::string letters;
    for (std::uint32_t c = col; c > 0; c = (c - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters + std::to_string(row);
}

std::string cell_name(const std::string& sheet, std::uint32_t row, std::uint32_t col) {
    return sheet + "!" + cell_name(row, col);
}

std::variant<Workbook, ReadError> read_workbook(const std::string& bytes, const ReadLimits& limits) {
    static constexpr std::string_view kOle = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if (bytes.compare(0, kOle.size(), kOle) == 0)
        // Excel saves a password-protected .xlsx (and an old .xls) as an OLE compound file.
        return error("xlsx.encrypted",
                     "filen är lösenordsskyddad (krypterad) eller en gammal .xls; spara den utan lösenord som "
                     "Excel-arbetsbok (.xlsx) och försök igen",
                     "the file is password-protected (encrypted) or an old .xls; save it without a password as an "
                     "Excel workbook (.xlsx) and try again");
    if (bytes.compare(0, 4, "PK\x03\x04") != 0)
        return error("xlsx.not-xlsx", "filen är ingen Excel-arbetsbok (.xlsx är en zip-fil; den här börjar inte som en)",
                     "the file is not an Excel workbook (an .xlsx is a zip file; this one does not start like one)");
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zerr);
    zip_t* raw = source ? zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : nullptr;
    if (!raw) {
        if (source) zip_source_free(source);
        ReadError e = error("xlsx.corrupt",
                            fmt::format("filen är en trasig zip-fil och går inte att öppna som arbetsbok ({})",
                                        zip_error_strerror(&zerr)),
                            fmt::format("the file is a damaged zip file and cannot be opened as a workbook ({})",
                                        zip_error_strerror(&zerr)));
        zip_error_fini(&zerr);
        return e;
    }
    zip_error_fini(&zerr);
    Package package(raw, limits);
    if (static_cast<std::uint64_t>(zip_get_num_entries(raw, 0)) > limits.max_entries)
        return error("xlsx.too-large", fmt::format("zip-filen har fler än {} delar", limits.max_entries),
                     fmt::format("the zip file has more than {} parts", limits.max_entries));
    if (!package.has("xl/workbook.xml"))
        return error("xlsx.not-xlsx", "zip-filen är ingen Excel-arbetsbok (xl/workbook.xml saknas)",
                     "the zip file is not an Excel workbook (xl/workbook.xml is missing)");

    const auto load = [&](const std::string& name, pugi::xml_document& doc) -> std::optional<ReadError> {
        auto text = package.read(name);
        if (auto* e = std::get_if<ReadError>(&text)) return *e;
        return parse_xml(doc, std::get<std::string>(text), name);
    };

    pugi::xml_document workbook_xml, rels_xml;
    if (auto e = load("xl/workbook.xml", workbook_xml)) return *e;
    if (auto e = load("xl/_rels/workbook.xml.rels", rels_xml)) return *e;
    // Parts by relationship: sheets by id, the shared strings and styles by
    // type (their names are the writer's choice; Excel's are the fallback).
    std::map<std::string, std::string, std::less<>> targets;
    std::string strings_part = "xl/sharedStrings.xml", styles_part = "xl/styles.xml";
    for_each_child(child(rels_xml, "Relationships"), "Relationship", [&](pugi::xml_node r) {
        const std::string path = part_path(r.attribute("Target").value());
        const std::string_view type = r.attribute("Type").value();
        targets[r.attribute("Id").value()] = path;
        if (type.ends_with("/sharedStrings") && !path.empty()) strings_part = path;
        if (type.ends_with("/styles") && !path.empty()) styles_part = path;
    });

    std::vector<std::string> shared;
    if (package.has(strings_part)) {
        pugi::xml_document sst;
        if (auto e = load(strings_part, sst)) return *e;
        for_each_child(child(sst, "sst"), "si", [&](pugi::xml_node si) { shared.push_back(string_text(si)); });
    }
    std::vector<bool> date_styles;
    if (package.has(styles_part)) {
        pugi::xml_document styles;
        if (auto e = load(styles_part, styles)) return *e;
        std::map<unsigned, std::string> custom;
        const pugi::xml_node root = child(styles, "styleSheet");
        for_each_child(child(root, "numFmts"), "numFmt",
                       [&](pugi::xml_node f) { custom[f.attribute("numFmtId").as_uint()] = f.attribute("formatCode").value(); });
        for_each_child(child(root, "cellXfs"), "xf",
                       [&](pugi::xml_node xf) { date_styles.push_back(is_date_format(xf.attribute("numFmtId").as_uint(), custom)); });
    }

    Workbook book;
    std::uint64_t cells = 0;
    std::optional<ReadError> failed;
    const auto fail = [&](ReadError e) {
        if (!failed) failed = std::move(e);
    };
    for_each_child(child(child(workbook_xml, "workbook"), "sheets"), "sheet", [&](pugi::xml_node s) {
        if (failed) return;
        Sheet sheet;
        sheet.name = s.attribute("name").value();
        const auto target = targets.find(relationship_id(s));
        if (target == targets.end() || target->second.empty())
            return fail(error("xlsx.corrupt", fmt::format("bladet {} saknar sin del i arbetsboken", sheet.name),
                              fmt::format("sheet {} has no part in the workbook", sheet.name)));
        pugi::xml_document xml;
        if (auto e = load(target->second, xml)) return fail(*e);
        const pugi::xml_node ws = child(xml, "worksheet");
        // "r" is optional on rows and cells (ECMA-376 18.3.1.73, 18.3.1.4):
        // without it a row follows the previous row, a cell the previous cell.
        std::uint32_t row_number = 0;
        for_each_child(child(ws, "sheetData"), "row", [&](pugi::xml_node row) {
            if (failed) return;
            const pugi::xml_attribute row_ref = row.attribute("r");
            if (row_ref) {
                const std::string_view r = row_ref.value();
                if (r.empty() || r.size() > 7 || r.find_first_not_of("0123456789") != std::string_view::npos ||
                    std::stoul(std::string(r)) == 0 || std::stoul(std::string(r)) > 1048576)
                    return fail(error("xlsx.corrupt", fmt::format("bladet {} har en rad utan giltigt nummer ('{}')", sheet.name, r),
                                      fmt::format("sheet {} has a row without a valid number ('{}')", sheet.name, r)));
                row_number = static_cast<std::uint32_t>(std::stoul(std::string(r)));
            } else {
                ++row_number;
            }
            std::uint32_t col_number = 0;
            for_each_child(row, "c", [&](pugi::xml_node c) {
                if (failed) return;
                Cell cell;
                if (const pugi::xml_attribute ref = c.attribute("r")) {
                    if (!parse_ref(ref.value(), cell.row, cell.col))
                        return fail(error("xlsx.corrupt",
                                          fmt::format("bladet {} har en cell utan giltig adress ('{}')", sheet.name, ref.value()),
                                          fmt::format("sheet {} has a cell without a valid address ('{}')", sheet.name, ref.value())));
                } else {
                    cell.row = std::max<std::uint32_t>(row_number, 1);
                    cell.col = col_number + 1;
                }
                col_number = cell.col;
                if (++cells > limits.max_cells)
                    return fail(error("xlsx.too-large", fmt::format("arbetsboken har fler än {} celler", limits.max_cells),
                                      fmt::format("the workbook has more than {} cells", limits.max_cells)));
                const std::string at = cell_name(sheet.name, cell.row, cell.col);
                const std::string_view t = c.attribute("t").value();
                const pugi::xml_node v = child(c, "v");
                const pugi::xml_node f = child(c, "f");
                const unsigned style = c.attribute("s").as_uint();
                // An empty <v/> in a number, boolean or error cell (some
                // writers store blank cells so) holds no value, like no <v>.
                const bool no_value = !v || (t != "s" && t != "str" && *v.text().get() == '\0');
                if (t == "inlineStr") {
                    cell.text = string_text(child(c, "is"));
                } else if (no_value) {
                    if (!f) return;  // a styled empty cell
                    cell.type = Cell::Type::FormulaWithoutValue;
                    cell.text = f.text().get();
                } else if (t == "s") {
                    const auto i = string_index(v.text().get());
                    if (!i || *i >= shared.size())
                        return fail(error("xlsx.corrupt", fmt::format("cellen {} pekar på en text som saknas", at),
                                          fmt::format("cell {} refers to a missing string", at)));
                    cell.text = shared[*i];
                } else if (t == "b") {
                    cell.type = Cell::Type::Bool;
                    cell.text = v.text().get();
                } else if (t == "e") {
                    cell.type = Cell::Type::Error;
                    cell.text = v.text().get();
                } else if (t == "str") {
                    cell.text = xml::ooxml_unescape(v.text().get());
                } else {
                    cell.type = Cell::Type::Number;
                    cell.text = v.text().get();
                    cell.date_format = style < date_styles.size() && date_styles[style];
                }
                // XML parts are UTF-8; pugixml does not check, and a bad byte
                // would otherwise become U+FFFD in the JSON unnoticed.
                if (!utf8::is_valid(cell.text))
                    return fail(error("xlsx.corrupt", fmt::format("cellen {} har text som inte är giltig UTF-8 (skadad fil)", at),
                                      fmt::format("cell {} has text that is not valid UTF-8 (a damaged file)", at)));
                sheet.cells.push_back(std::move(cell));
            });
        });
        if (failed) return;
        for_each_child(child(ws, "mergeCells"), "mergeCell", [&](pugi::xml_node m) { sheet.merged.emplace_back(m.attribute("ref").value()); });
        std::stable_sort(sheet.cells.begin(), sheet.cells.end(),
                         [](const Cell& a, const Cell& b) { return std::tie(a.row, a.col) < std::tie(b.row, b.col); });
        // Two cells at one address: which one Excel would show is anyone's guess.
        const auto twice = std::adjacent_find(sheet.cells.begin(), sheet.cells.end(),
                                              [](const Cell& a, const Cell& b) { return a.row == b.row && a.col == b.col; });
        if (twice != sheet.cells.end()) {
            const std::string at = cell_name(sheet.name, twice->row, twice->col);
            return fail(error("xlsx.corrupt", fmt::format("cellen {} står två gånger i bladet (skadad fil)", at),
                              fmt::format("cell {} occurs twice in the sheet (a damaged file)", at)));
        }
        book.sheets.push_back(std::move(sheet));
    });
    if (failed) return *failed;
    return book;
}

}  // namespace budgetcheck::xlsx
