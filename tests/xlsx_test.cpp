// Excel workbooks: exact numbers, the template, export/import round trips of
// the four samples, and bad workbooks made from a good one by rewriting its
// parts with libzip (no binary fixtures).
#include <zip.h>

#include <algorithm>
#include <regex>
#include <tuple>

#include "json/document.hpp"
#include "output/diff_reporter.hpp"
#include "output/sheet.hpp"
#include "revision_diff.hpp"
#include "server/api.hpp"
#include "text/xml.hpp"
#include "test_support.hpp"
#include "xlsx/import.hpp"
#include "xlsx/layout.hpp"
#include "xlsx/validate.hpp"
#include "xlsx/writer.hpp"

using namespace budgetcheck;
using budgetcheck::testing::read_text;
using budgetcheck::testing::repository_engine;
using budgetcheck::testing::TempDir;

namespace {

// This test program reads workbooks itself, as budgetcheck-serve does.
const bool workbooks_enabled = (xlsx::enable_workbooks(), true);

const json::Document& submission_schema() {
    static const auto doc = [] {
        InputError e;
        auto d = xlsx::submission_schema(repository_engine().config(), e);
        REQUIRE(d);
        return d;
    }();
    return *doc;
}

std::unique_ptr<const json::Document> parse(std::string text) {
    auto p = json::parse(std::move(text));
    REQUIRE(p.document);
    return std::move(p.document);
}

std::string export_sample(const TempDir& dir, const std::string& sample) {
    const std::string out = dir / (sample + ".xlsx");
    const auto doc = parse(read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/" + sample + ".json"));
    const auto error = xlsx::write_export(out, submission_schema(), *doc);
    REQUIRE_MESSAGE(!error, (error ? error->message.en : ""));
    return out;
}

std::string part(const std::string& xlsx, const std::string& name) {
    int err = 0;
    zip_t* z = zip_open(xlsx.c_str(), ZIP_RDONLY, &err);
    REQUIRE(z);
    zip_stat_t st;
    REQUIRE(zip_stat(z, name.c_str(), 0, &st) == 0);
    std::string out(st.size, '\0');
    zip_file_t* f = zip_fopen(z, name.c_str(), 0);
    REQUIRE(f);
    REQUIRE(zip_fread(f, out.data(), out.size()) == static_cast<zip_int64_t>(out.size()));
    zip_fclose(f);
    zip_discard(z);
    return out;
}

// A copy of `xlsx` at `out` with part `name` replaced by `text`.
std::string rewrite(const std::string& xlsx, const std::string& out, const std::string& name, const std::string& text) {
    std::filesystem::copy_file(xlsx, out, std::filesystem::copy_options::overwrite_existing);
    int err = 0;
    zip_t* z = zip_open(out.c_str(), 0, &err);
    REQUIRE(z);
    zip_source_t* src = zip_source_buffer(z, text.data(), text.size(), 0);
    REQUIRE(src);
    REQUIRE(zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) >= 0);
    REQUIRE(zip_close(z) == 0);
    return out;
}

xlsx::ImportResult import(const std::string& path, const xlsx::ReadLimits& limits = {}) {
    return xlsx::import_workbook(read_text(path), path, submission_schema(), limits);
}

// The sheet part of a sheet name, through workbook.xml and its relationships.
std::string sheet_part(const std::string& xlsx, const std::string& sheet) {
    const std::string wb = part(xlsx, "xl/workbook.xml");
    std::smatch m;
    REQUIRE(std::regex_search(wb, m, std::regex("<sheet name=\"" + sheet + "\" sheetId=\"\\d+\" r:id=\"(rId\\d+)\"")));
    const std::string rels = part(xlsx, "xl/_rels/workbook.xml.rels");
    std::smatch t;
    REQUIRE(std::regex_search(rels, t, std::regex("Id=\"" + m[1].str() + "\"[^>]*Target=\"([^\"]+)\"")));
    return "xl/" + t[1].str();
}

using FindingKey = std::tuple<std::string, std::string, int, std::string, std::string>;
std::vector<FindingKey> keys(const FileReport& r) {
    std::vector<FindingKey> out;
    for (const auto& f : r.findings)
        out.emplace_back(f.rule_id, f.location.pointer, static_cast<int>(f.severity), f.message.en, f.year ? std::to_string(*f.year) : "");
    std::sort(out.begin(), out.end());
    return out;
}

void expect_error(const xlsx::ImportResult& r, const std::string& code, const std::string& in_message) {
    REQUIRE_FALSE(r.errors.empty());
    CHECK(r.json.empty());
    const auto it = std::find_if(r.errors.begin(), r.errors.end(), [&](const InputError& e) { return e.code == code; });
    REQUIRE_MESSAGE(it != r.errors.end(), code << " not among " << r.errors.front().code << ": " << r.errors.front().message.en);
    CHECK_MESSAGE(it->message.sv.find(in_message) != std::string::npos, it->message.sv);
    CHECK_MESSAGE(it->message.en.find(in_message) != std::string::npos, it->message.en);
}

}  // namespace

TEST_CASE("a number as Excel stores it is read as the decimal a person typed, never through a double") {
    CHECK(xlsx::excel_decimal("9.199999999999999") == "9.2");      // libxlsxwriter's %.16G of 9.2
    CHECK(xlsx::excel_decimal("29.399999999999999") == "29.4");    // Excel's 17 digits of 29.4
    CHECK(xlsx::excel_decimal("0.30000000000000004") == "0.3");
    CHECK(xlsx::excel_decimal("1E-3") == "0.001");
    CHECK(xlsx::excel_decimal("2.5E+6") == "2500000");
    CHECK(xlsx::excel_decimal("-61000") == "-61000");
    CHECK(xlsx::excel_decimal("0") == "0");
    CHECK(xlsx::excel_decimal("99999999999999999") == "100000000000000000");
    CHECK(xlsx::excel_decimal("123456789012345") == "123456789012345");
    CHECK_FALSE(xlsx::excel_decimal("29,4 mnkr"));
    CHECK_FALSE(xlsx::excel_decimal(""));
    CHECK(xlsx::significant_digits("0.0250") == 2);
}

TEST_CASE("the four samples round-trip: export then import gives the same values and the same findings, with cells") {
    TempDir dir("xlsx-roundtrip");
    for (const std::string sample : {"vss-2024", "leanlink-2023", "socialnamnden-2019", "norrkoping-kultur-fritid-2024"}) {
        CAPTURE(sample);
        const std::string original = read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/" + sample + ".json");
        const std::string book = export_sample(dir, sample);
        const auto imported = import(book);
        REQUIRE_MESSAGE(imported.errors.empty(), (imported.errors.empty() ? "" : imported.errors.front().message.en));
        const auto a = parse(original), b = parse(imported.json);
        CHECK(json::json_equal(a->root(), b->root()));

        const FileReport from_json = repository_engine().validate_text(original, sample + ".json");
        const FileReport from_book = repository_engine().validate_file(book);
        CHECK(from_book.errors.empty());
        CHECK(keys(from_json) == keys(from_book));
        for (const auto& f : from_book.findings) {
            CAPTURE(f.location.pointer);
            if (!f.location.pointer.empty()) CHECK(std::regex_match(f.location.cell, std::regex("[A-Za-zåäöÅÄÖ ]+![A-Z]+[0-9]+")));
            CHECK(f.location.line == 0);
        }
    }
}

TEST_CASE("a finding names the sheet and cell of the value it is about") {
    TempDir dir("xlsx-cell");
    const std::string book = export_sample(dir, "vss-2024");
    const auto imported = import(book);
    REQUIRE(imported.errors.empty());
    // Column A names the field; the years start in column D, in ascending
    // order, each sheet with the years its values have: on Investeringar the
    // sample's earlier year 2023 in D, then 2024-2029 from E.
    const std::string cell = imported.map.cell_for("/investments/stated_total/net/2024");
    CAPTURE(cell);
    CHECK(std::regex_match(cell, std::regex("Investeringar!E[0-9]+")));
    CHECK(std::regex_match(imported.map.cell_for("/investments/stated_total/earlier/net/2023"), std::regex("Investeringar!D[0-9]+")));
    CHECK(imported.map.cell_for("/organisation/name") .rfind("Uppgifter!C", 0) == 0);
    // A pointer below a mapped value (or one the JSON lacks) gets its nearest mapped ancestor's cell.
    CHECK(imported.map.cell_for("/investments/stated_total/net/2024/x") == cell);
}

TEST_CASE("the template lists the decision's years, mandatory indicators and assignments, with formats and drop-downs") {
    TempDir dir("xlsx-template");
    const PolicyPack* pack = nullptr;
    for (const auto& p : repository_engine().policy_packs())
        if (p.id == "linkoping-2024") pack = &p;
    REQUIRE(pack);
    const std::string book = dir / "vss-2024.xlsx";
    REQUIRE_FALSE(xlsx::write_template(book, submission_schema(), *pack->document, "vss"));
    const auto unknown = xlsx::write_template(dir / "x.xlsx", submission_schema(), *pack->document, "nobody");
    REQUIRE(unknown);
    CHECK(unknown->code == "xlsx.organisation");

    const std::string wb = part(book, "xl/workbook.xml");
    std::vector<std::string> names;
    const std::regex sheet_name("<sheet name=\"([^\"]+)\"");
    for (std::sregex_iterator it(wb.begin(), wb.end(), sheet_name), end; it != end; ++it) names.push_back((*it)[1]);
    CHECK(names == std::vector<std::string>{"Instruktioner", "Uppgifter", "Drift", "Verksamhetsområden", "Eget kapital",
                                            "Investeringar", "Mål", "Indikatorer", "Åtgärdsprogram", "Uppdrag"});
    CHECK(part(book, "xl/styles.xml").find("formatCode=\"#,##0&quot; tkr&quot;") != std::string::npos);
    const std::string goals = part(book, sheet_part(book, "Mål"));
    CHECK(goals.find("<formula1>Instruktioner!$A$") != std::string::npos);
    // The header's years are numbers (not text), budget year first, then the plan years.
    const std::string drift = part(book, sheet_part(book, "Drift"));
    CHECK(std::regex_search(drift, std::regex("<c r=\"D3\"[^>]*><v>2024</v>")));
    CHECK(std::regex_search(drift, std::regex("<c r=\"I3\"[^>]*><v>2029</v>")));
    CHECK_FALSE(std::regex_search(drift, std::regex("<c r=\"J3\"")));

    // The empty template reads back: the pre-filled fields and nothing else.
    const auto imported = import(book);
    REQUIRE_MESSAGE(imported.errors.empty(), (imported.errors.empty() ? "" : imported.errors.front().message.en));
    const auto doc = parse(imported.json);
    const json::Value root = doc->root();
    CHECK(root["organisation"]["id"].as_string() == "vss");
    CHECK(root["organisation"]["funding"].as_string() == "revenue");
    CHECK(root["budget_year"].number_text() == "2024");
    CHECK(root["plan_years"].size() == 5);
    CHECK(root["indicators"].size() == pack->document->root()["mandatory_indicators"].size());
    CHECK(root["indicators"].at(0)["policy_id"].as_string() == "total-sjukfranvaro");
    CHECK(root["indicators"].at(0)["marked_mandatory"].as_bool());
    CHECK(root["assignments"].size() >= 1);
    CHECK_FALSE(root["operating"].valid());  // empty rows give no values, not zeros
}

TEST_CASE("missing-value markers and empty cells are missing, a decimal comma in text is understood") {
    TempDir dir("xlsx-missing");
    const std::string book = export_sample(dir, "vss-2024");
    const std::string sheet = sheet_part(book, "Investeringar");
    const std::string xml = part(book, sheet);
    std::smatch m;
    // The first number in a year column of a money row.
    REQUIRE(std::regex_search(xml, m, std::regex("<c r=\"(D([4-9]|[1-9][0-9]+))\" s=\"([0-9]+)\"><v>[^<]*</v></c>")));
    const std::string ref = m[1], row = m[2];
    const auto imported_with = [&](const std::string& cell_xml, const std::string& tag) {
        std::string changed = xml;
        changed.replace(static_cast<std::size_t>(m.position(0)), static_cast<std::size_t>(m.length(0)), cell_xml);
        return import(rewrite(book, dir / (tag + ".xlsx"), sheet, changed));
    };
    const auto original = import(book);
    std::string pointer;
    for (const auto& [p, c] : original.map.cells())
        if (c == "Investeringar!" + ref) pointer = p;
    REQUIRE_FALSE(pointer.empty());
    CAPTURE(pointer);
    for (const std::string marker : {"IU", "X", "?", "\u2013", ""}) {
        const auto r = imported_with("<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + marker + "</t></is></c>", "m");
        REQUIRE(r.errors.empty());
        CHECK_FALSE(parse(r.json)->resolve(pointer).valid());
    }
    const auto comma = imported_with("<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>-1 234,5</t></is></c>", "comma");
    REQUIRE(comma.errors.empty());
    CHECK(parse(comma.json)->resolve(pointer).number_text() == "-1234.5");
    const auto zero = imported_with("<c r=\"" + ref + "\"><v>0</v></c>", "zero");
    CHECK(parse(zero.json)->resolve(pointer).number_text() == "0");
    // Blank cells as some writers store them: an empty <v/> is no value, never 0 or an error.
    for (const std::string blank : {"<v/>", "<v></v>"}) {
        const auto r = imported_with("<c r=\"" + ref + "\" s=\"" + std::string(m[3]) + "\">" + blank + "</c>", "blank");
        REQUIRE(r.errors.empty());
        CHECK_FALSE(parse(r.json)->resolve(pointer).valid());
    }

    SUBCASE("text in a money cell") {
        expect_error(imported_with("<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>29,4 mnkr</t></is></c>", "text"),
                     "xlsx.not-a-number", "Investeringar!" + ref + ": '29,4 mnkr'");
    }
    SUBCASE("a formula without a cached value") {
        expect_error(imported_with("<c r=\"" + ref + "\"><f>SUM(D1:D2)</f></c>", "formula"), "xlsx.formula-without-value",
                     "Investeringar!" + ref + ": ");
    }
    SUBCASE("a formula with its cached value is read by the value") {
        const auto r = imported_with("<c r=\"" + ref + "\"><f>1+1</f><v>2</v></c>", "formula-value");
        REQUIRE(r.errors.empty());
        CHECK(parse(r.json)->resolve(pointer).number_text() == "2");
    }
    SUBCASE("a date where a number belongs") {
        // A date style appended to the workbook's styles.
        std::string styles = part(book, "xl/styles.xml");
        const auto cell_xfs = styles.find("</cellXfs>");
        REQUIRE(cell_xfs != std::string::npos);
        const std::string in_cell_xfs = styles.substr(styles.find("<cellXfs"), cell_xfs - styles.find("<cellXfs"));
        const std::regex xf("<xf ");
        const auto index = std::distance(std::sregex_iterator(in_cell_xfs.begin(), in_cell_xfs.end(), xf), std::sregex_iterator());
        styles.insert(cell_xfs, "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>");
        const std::string with_styles = rewrite(book, dir / "styles.xlsx", "xl/styles.xml", styles);
        std::string changed = xml;
        changed.replace(static_cast<std::size_t>(m.position(0)), static_cast<std::size_t>(m.length(0)),
                        "<c r=\"" + ref + "\" s=\"" + std::to_string(index) + "\"><v>45292</v></c>");
        expect_error(import(rewrite(with_styles, dir / "date.xlsx", sheet, changed)), "xlsx.date", "Investeringar!" + ref + ": ");
    }
    SUBCASE("merged cells") {
        std::string changed = xml;
        changed.insert(changed.find("</sheetData>") + 12, "<mergeCells count=\"1\"><mergeCell ref=\"B" + row + ":C" + row + "\"/></mergeCells>");
        expect_error(import(rewrite(book, dir / "merged.xlsx", sheet, changed)), "xlsx.merged-cells", "Investeringar!B" + row + ":C" + row);
    }
    SUBCASE("a header moved down a row") {
        // Every cell of row 3 to row 2, as when the row above the header is
        // deleted (row 2's own cells go with it: two cells at one address are a damaged file).
        const std::string without_row_2 = std::regex_replace(xml, std::regex("<row r=\"2\"[^>]*>.*?</row>"), "");
        std::string changed;
        std::size_t from = 0;
        const std::regex header_cell("<c r=\"([A-Z]+)3\"");
        for (std::sregex_iterator it(without_row_2.begin(), without_row_2.end(), header_cell), end; it != end; ++it) {
            changed += without_row_2.substr(from, static_cast<std::size_t>(it->position(0)) - from) + "<c r=\"" + (*it)[1].str() + "2\"";
            from = static_cast<std::size_t>(it->position(0) + it->length(0));
        }
        changed += without_row_2.substr(from);
        expect_error(import(rewrite(book, dir / "header.xlsx", sheet, changed)), "xlsx.header", "Investeringar!A3");
    }
}

TEST_CASE("a workbook that is not the template's, or not a workbook, is an error with its sheet, exit 2 material") {
    TempDir dir("xlsx-bad");
    const std::string book = export_sample(dir, "vss-2024");
    const std::string wb = part(book, "xl/workbook.xml");
    // The workbook with sheets renamed: {{template name, new name}, ...}.
    const auto renamed = [&](std::vector<std::pair<std::string, std::string>> names, const std::string& tag) {
        std::string changed = wb;
        for (const auto& [from, to] : names) {
            const std::string attribute = "name=\"" + from + "\"";
            changed.replace(changed.find(attribute), attribute.size(), "name=\"" + to + "\"");
        }
        return import(rewrite(book, dir / (tag + ".xlsx"), "xl/workbook.xml", changed));
    };
    SUBCASE("a sheet renamed") {
        const auto r = renamed({{"Drift", "Driften"}}, "renamed");
        expect_error(r, "xlsx.sheet-unknown", "Driften");
        expect_error(r, "xlsx.sheet-missing", "'Drift'");
    }
    SUBCASE("sheet names differing in case or spacing are the template's sheets, as in Excel") {
        const auto r = renamed({{"Drift", "DRIFT"}, {"Eget kapital", "eget  kapital."}}, "case");
        REQUIRE(r.errors.empty());
        CHECK(r.json == import(book).json);
    }
    SUBCASE("two sheets that are the same template sheet") {
        const auto r = renamed({{"Eget kapital", "drift."}}, "twice");
        expect_error(r, "xlsx.sheet-twice", "'drift.'");
        expect_error(r, "xlsx.sheet-missing", "'Eget kapital'");
    }
    SUBCASE("a sheet missing") {
        const std::string changed = std::regex_replace(wb, std::regex("<sheet name=\"Eget kapital\"[^>]*/>"), "");
        expect_error(import(rewrite(book, dir / "missing.xlsx", "xl/workbook.xml", changed)), "xlsx.sheet-missing", "'Eget kapital'");
    }
    SUBCASE("password-protected: Excel's encrypted OLE container") {
        const std::string path = dir / "secret.xlsx";
        std::ofstream(path, std::ios::binary) << std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) << std::string(4096, '\0');
        expect_error(import(path), "xlsx.encrypted", "");
    }
    SUBCASE("not a workbook at all") {
        const std::string path = dir / "notes.xlsx";
        std::ofstream(path, std::ios::binary) << "Budget 2024\n";
        expect_error(import(path), "xlsx.not-xlsx", "");
    }
    SUBCASE("a truncated (corrupt) zip") {
        const std::string bytes = read_text(book);
        const std::string path = dir / "cut.xlsx";
        std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
        expect_error(import(path), "xlsx.corrupt", "");
    }
    SUBCASE("a zip bomb: a part larger than the limit uncompressed is not inflated") {
        std::string big = part(book, "xl/sharedStrings.xml");
        big.insert(big.find("<sst"), std::string(3u << 20, ' '));  // 3 MiB of spaces compress to a few KiB
        const std::string path = rewrite(book, dir / "bomb.xlsx", "xl/sharedStrings.xml", big);
        CHECK(std::filesystem::file_size(path) < (1u << 20));
        xlsx::ReadLimits limits;
        limits.max_part_bytes = 2u << 20;
        expect_error(import(path, limits), "xlsx.too-large", "xl/sharedStrings.xml");
        limits.max_part_bytes = 8u << 20;
        limits.max_total_bytes = 3u << 20;
        expect_error(import(path, limits), "xlsx.too-large", "zip");
        CHECK(import(path).errors.empty());  // within the default limits
    }
}

TEST_CASE("the web app's API serves the template and checks an uploaded workbook") {
    EngineConfig config;
    config.data_dir = BUDGETCHECK_SOURCE_DIR;
    auto created = server::Api::create(config);
    REQUIRE(std::holds_alternative<std::unique_ptr<server::Api>>(created));
    const auto& api = *std::get<std::unique_ptr<server::Api>>(created);
    server::Request get{"GET", "/api/template", {{"policy", "linkoping-2024"}, {"organisation", "vss"}}, "", ""};
    const server::Response t = api.handle(get);
    CHECK(t.status == 200);
    CHECK(t.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    CHECK(t.body.rfind("PK\x03\x04", 0) == 0);
    server::Request unknown = get;
    unknown.query = {{"policy", "linkoping-2024"}, {"organisation", "nobody"}};
    CHECK(api.handle(unknown).body.find("xlsx.organisation") != std::string::npos);

    TempDir dir("xlsx-api");
    const std::string book = read_text(export_sample(dir, "vss-2024"));
    server::Request post{"POST", "/api/validate", {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", book};
    const server::Response v = api.handle(post);
    CHECK(v.status == 200);
    CHECK(v.body.find("\"cell\": \"Indikatorer!") != std::string::npos);
    post.body = "PK\x03\x04 not really";
    const server::Response bad = api.handle(post);
    CHECK(bad.status == 422);
    CHECK(bad.body.find("xlsx.corrupt") != std::string::npos);
}

TEST_CASE("Office's _xHHHH_ escapes: a CR and a literal _x0041_ in a submission's text come back exactly") {
    CHECK(xml::ooxml_unescape("Rad ett_x000D_\nrad två") == "Rad ett\r\nrad två");
    CHECK(xml::ooxml_unescape("_x005F_x0041_") == "_x0041_");
    CHECK(xml::ooxml_unescape("_xD83D__xDE00_") == "\U0001F600");  // a surrogate pair
    CHECK(xml::ooxml_unescape("_x12_ och _xZZZZ_") == "_x12_ och _xZZZZ_");
    CHECK(xml::ooxml_escape_literal("a_x0041_b") == "a_x005F_x0041_b");
    CHECK(xml::ooxml_unescape(xml::ooxml_escape_literal("_x005F_ _X00e5_")) == "_x005F_ _X00e5_");

    TempDir dir("xlsx-escapes");
    std::string text = read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json");
    const std::string title = "\"title\": \"Verksamhetsstöd och service, förvaltningsbudget";
    REQUIRE(text.find(title) != std::string::npos);
    text.replace(text.find(title), title.size(), "\"title\": \"Rad ett\\r\\nrad två _x0041_ och \\u0001,");
    const auto doc = parse(text);
    const std::string book = dir / "escapes.xlsx";
    REQUIRE_FALSE(xlsx::write_export(book, submission_schema(), *doc));
    const auto imported = import(book);
    REQUIRE(imported.errors.empty());
    CHECK(parse(imported.json)->root()["document"]["title"].as_string().starts_with("Rad ett\r\nrad två _x0041_ och \x01,"));
}

TEST_CASE("workbook XML as other writers save it: prefixes, relative part names, rows and cells without addresses") {
    TempDir dir("xlsx-writers");
    const std::string book = export_sample(dir, "vss-2024");
    const std::string expected = import(book).json;
    REQUIRE_FALSE(expected.empty());
    const std::string sheet = sheet_part(book, "Investeringar");
    const std::string xml = part(book, sheet);

    SUBCASE("elements with a namespace prefix (x:worksheet, x:c), as the Open XML SDK writes them") {
        std::string prefixed = std::regex_replace(xml, std::regex("<(/?)([a-zA-Z]+)([ >/])"), "<$1x:$2$3");
        const std::string ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
        REQUIRE(prefixed.find(ns) != std::string::npos);
        prefixed.replace(prefixed.find(ns), ns.size(), "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"");
        const auto r = import(rewrite(book, dir / "prefixed.xlsx", sheet, prefixed));
        REQUIRE_MESSAGE(r.errors.empty(), (r.errors.empty() ? "" : r.errors.front().message.en));
        CHECK(r.json == expected);
    }
    SUBCASE("relationship targets absolute or with ..") {
        std::string rels = part(book, "xl/_rels/workbook.xml.rels");
        const std::string target = "Target=\"" + sheet.substr(3) + "\"";
        REQUIRE(rels.find(target) != std::string::npos);
        rels.replace(rels.find(target), target.size(), "Target=\"../xl/./" + sheet.substr(3) + "\"");
        rels = std::regex_replace(rels, std::regex("Target=\"sharedStrings.xml\""), "Target=\"/xl/sharedStrings.xml\"");
        const auto r = import(rewrite(book, dir / "relative.xlsx", "xl/_rels/workbook.xml.rels", rels));
        REQUIRE_MESSAGE(r.errors.empty(), (r.errors.empty() ? "" : r.errors.front().message.en));
        CHECK(r.json == expected);
    }
    SUBCASE("rows without r follow the previous row; header cells without r follow the previous cell") {
        std::string plain = std::regex_replace(xml, std::regex("<row r=\"[0-9]+\""), "<row");
        plain = std::regex_replace(plain, std::regex("<c r=\"[A-Z]+3\""), "<c");
        REQUIRE(plain.find("<c r=\"D3\"") == std::string::npos);
        const auto r = import(rewrite(book, dir / "no-refs.xlsx", sheet, plain));
        REQUIRE_MESSAGE(r.errors.empty(), (r.errors.empty() ? "" : r.errors.front().message.en));
        CHECK(r.json == expected);
    }
}

TEST_CASE("a damaged sheet is an error naming the cell, never a quiet guess") {
    TempDir dir("xlsx-damaged");
    const std::string book = export_sample(dir, "vss-2024");
    const std::string sheet = sheet_part(book, "Investeringar");
    const std::string xml = part(book, sheet);
    std::smatch m;
    REQUIRE(std::regex_search(xml, m, std::regex("<c r=\"(D([4-9]|[1-9][0-9]+))\" s=\"([0-9]+)\"><v>[^<]*</v></c>")));
    const std::string ref = m[1];
    const auto with_cell = [&](const std::string& cell_xml, const std::string& tag) {
        std::string changed = xml;
        changed.replace(static_cast<std::size_t>(m.position(0)), static_cast<std::size_t>(m.length(0)), cell_xml);
        return import(rewrite(book, dir / (tag + ".xlsx"), sheet, changed));
    };
    // strtoul read "abc" as 0: the first shared string, silently.
    expect_error(with_cell("<c r=\"" + ref + "\" t=\"s\"><v>abc</v></c>", "index"), "xlsx.corrupt", "Investeringar!" + ref);
    expect_error(with_cell("<c r=\"" + ref + "\"><v>1</v></c><c r=\"" + ref + "\"><v>2</v></c>", "twice"), "xlsx.corrupt",
                 "Investeringar!" + ref);
    // json::quote would have turned the bad bytes into U+FFFD unnoticed.
    expect_error(with_cell("<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>12\xFF\xFE</t></is></c>", "utf8"), "xlsx.corrupt",
                 "Investeringar!" + ref);
}

TEST_CASE("an export that fails leaves no half workbook, and an existing file as it was") {
    TempDir dir("xlsx-export-fails");
    std::string text = read_text(std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json");
    const std::string title = "\"title\": \"Verksamhetsstöd och service, förvaltningsbudget";
    text.replace(text.find(title), title.size(), "\"title\": \"" + std::string(40000, 'T'));
    const auto doc = parse(text);
    const std::string fresh = dir / "fresh.xlsx";
    const auto e = xlsx::write_export(fresh, submission_schema(), *doc);
    REQUIRE(e);
    CHECK(e->code == "xlsx.too-long");
    CHECK(e->message.sv.find("document/title har 40") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(fresh));
    const std::string existing = dir / "existing.xlsx";
    std::ofstream(existing) << "earlier";
    CHECK(xlsx::write_export(existing, submission_schema(), *doc));
    CHECK(read_text(existing) == "earlier");
}

TEST_CASE("diff of two workbooks: amounts and findings by cell, never by the lines of the JSON made from them") {
    TempDir dir("xlsx-diff");
    const std::string book = export_sample(dir, "vss-2024");
    const std::string sheet = sheet_part(book, "Investeringar");
    const std::string xml = part(book, sheet);
    std::smatch m;
    REQUIRE(std::regex_search(xml, m, std::regex("<c r=\"(D([4-9]|[1-9][0-9]+))\" s=\"([0-9]+)\"><v>[^<]*</v></c>")));
    std::string changed = xml;
    changed.replace(static_cast<std::size_t>(m.position(0)), static_cast<std::size_t>(m.length(0)),
                    "<c r=\"" + m[1].str() + "\"><v>1234</v></c>");
    const std::string revised = rewrite(book, dir / "revised.xlsx", sheet, changed);
    const auto& engine = repository_engine();
    const FileReport old_file = engine.validate_file(book), new_file = engine.validate_file(revised);
    REQUIRE(old_file.errors.empty());
    REQUIRE(new_file.errors.empty());
    const auto diff = revision::diff(engine, old_file, new_file);
    REQUIRE(diff.amounts.size() == 1);
    CHECK(diff.amounts[0].old_cell == "Investeringar!" + m[1].str());
    CHECK(diff.amounts[0].new_cell == "Investeringar!" + m[1].str());
    CHECK(diff.amounts[0].old_line == 0);
    CHECK(diff.amounts[0].new_line == 0);
    REQUIRE(diff.count(revision::FindingStatus::New) >= 1);
    CHECK(diff.findings.front().finding.location.cell.rfind("Investeringar!", 0) == 0);
    output::OutputOptions options;
    std::ostringstream json_text, text;
    output::write_diff(diff, "json", options, 0, json_text);
    output::write_diff(diff, "text", options, 0, text);
    CHECK(json_text.str().find("\"new_cell\": \"Investeringar!" + m[1].str() + "\"") != std::string::npos);
    CHECK(json_text.str().find("\"cell\": \"Investeringar!") != std::string::npos);
    CHECK(text.str().find("revised.xlsx Investeringar!") != std::string::npos);
}

TEST_CASE("a year in two header columns is an error, not the second column's values under the first one's year") {
    TempDir dir("xlsx-years");
    const std::string book = export_sample(dir, "vss-2024");
    const std::string sheet = sheet_part(book, "Investeringar");
    const std::string xml = part(book, sheet);
    // D3 is the earlier year 2023, E3 the budget year 2024: E3 made 2023 too.
    const std::string changed = std::regex_replace(xml, std::regex("<c r=\"E3\"( s=\"[0-9]+\")?><v>2024</v></c>"), "<c r=\"E3\"$1><v>2023</v></c>");
    REQUIRE(changed != xml);
    expect_error(import(rewrite(book, dir / "years.xlsx", sheet, changed)), "xlsx.header", "Investeringar!E3");
    const auto r = import(rewrite(book, dir / "years.xlsx", sheet, changed));
    CHECK(r.errors.front().message.sv.find("året 2023 står redan i D3") != std::string::npos);
}

TEST_CASE("the overview and findings .xlsx keep a literal _x0041_ in a text as written") {
    TempDir dir("xlsx-sheet-escape");
    output::Sheet sheet;
    sheet.name = "Fynd";
    sheet.headers = {"Namn"};
    sheet.rows.push_back({output::Cell::of_text("Rad _x0041_")});
    const std::string path = dir / "fynd.xlsx";
    {
        std::ofstream out(path, std::ios::binary);
        REQUIRE_FALSE(output::write_xlsx({sheet}, out));
    }
    CHECK(part(path, "xl/sharedStrings.xml").find("Rad _x005F_x0041_") != std::string::npos);
}

TEST_CASE("an error found after the import (no policy pack for the decision) names the cell, not a line of the JSON") {
    TempDir dir("xlsx-after-import");
    const std::string book = export_sample(dir, "vss-2024");
    const std::string cell = import(book).map.cell_for("/kf_decision/date");
    REQUIRE(cell.rfind("Uppgifter!C", 0) == 0);
    const std::string strings = part(book, "xl/sharedStrings.xml");
    const std::string changed = std::regex_replace(strings, std::regex("<t>2023-06-13</t>"), "<t>1999-01-01</t>");
    REQUIRE(changed != strings);
    const FileReport r = repository_engine().validate_file(rewrite(book, dir / "no-pack.xlsx", "xl/sharedStrings.xml", changed));
    REQUIRE_FALSE(r.errors.empty());
    CHECK(r.errors.front().code == "policy.not-found");
    CHECK(r.errors.front().line == 0);
    CHECK_MESSAGE(r.errors.front().message.sv.rfind(cell + ": ", 0) == 0, r.errors.front().message.sv);
}
