// Finding fingerprints (issue 14 item 3): stable under edits that change
// nothing about a finding, different across files. docs/ci.md.
#include <algorithm>
#include <set>

#include "json/editable.hpp"
#include "json/stable_pointer.hpp"
#include "output/reporter.hpp"
#include "test_support.hpp"

using namespace budgetcheck;

namespace {

const std::string kSample = std::string(BUDGETCHECK_SOURCE_DIR) + "/samples/vss-2024.json";

json::Editable sample() {
    auto parsed = json::parse(testing::read_text(kSample));
    REQUIRE(parsed.document);
    return json::to_editable(parsed.document->root());
}

json::Editable& member(json::Editable& object, std::string_view key) {
    for (auto& [k, v] : std::get<json::Editable::Object>(object.data))
        if (k == key) return v;
    FAIL("no member " << key);
    throw;
}

json::Editable::Array& array(json::Editable& value) { return std::get<json::Editable::Array>(value.data); }

FileReport check(const json::Editable& doc, const std::string& name) {
    return testing::repository_engine().validate_text(json::to_json_text(doc), name);
}

std::multiset<std::string> fingerprints(const FileReport& file) {
    const auto list = output::finding_fingerprints(file);
    return {list.begin(), list.end()};
}

// The fingerprint of the one finding of `rule` at `pointer`.
std::string fingerprint_at(const FileReport& file, std::string_view rule, std::string_view pointer) {
    const auto list = output::finding_fingerprints(file);
    std::vector<std::string> found;
    for (std::size_t i = 0; i < file.findings.size(); ++i)
        if (file.findings[i].rule_id == rule && file.findings[i].location.pointer == pointer) found.push_back(list[i]);
    REQUIRE(found.size() == 1);
    return found[0];
}

}  // namespace

TEST_CASE("stable pointers name array elements by id, name or number, the index only when none") {
    auto parsed = json::parse(R"({
      "indicators": [{"id": "a", "x": [5, 6]}, {"name": "b"}, {"number": 3}, {"nummer": "4"}, {"namn": "c"},
                     {"title": "d"}, {"label": "e"}, {"other": 1}, 7, {"id": "a"}, {"id": "a"}, {"id": true, "name": "f"},
                     {"id": "x/y~z"}],
      "big": {"k0": 0, "k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5, "k6": 6, "k7": 7, "k8": 8, "k9": 9,
              "k10": 10, "k11": 11, "k12": 12, "k13": 13, "k14": 14, "k15": 15, "k16": 16, "k17": 17, "k18": 18,
              "k19": 19, "k20": 20, "k21": 21, "k22": 22, "k23": 23, "k24": 24, "k25": 25, "k26": 26, "k27": 27,
              "k28": 28, "k29": 29, "k30": 30, "k31": 31, "list": [{"id": "deep"}]}
    })");
    REQUIRE(parsed.document);
    json::StablePointers stable(*parsed.document);
    CHECK(stable("/indicators/0/x/1") == "/indicators/[id=\"a\"]/x/1");  // numbers in a list: the index
    CHECK(stable("/indicators/1") == "/indicators/[name=\"b\"]");
    CHECK(stable("/indicators/2/value") == "/indicators/[number=3]/value");  // past the document: as written
    CHECK(stable("/indicators/3") == "/indicators/[nummer=\"4\"]");
    CHECK(stable("/indicators/4") == "/indicators/[namn=\"c\"]");
    CHECK(stable("/indicators/5") == "/indicators/[title=\"d\"]");
    CHECK(stable("/indicators/6") == "/indicators/[label=\"e\"]");
    CHECK(stable("/indicators/7") == "/indicators/7");
    CHECK(stable("/indicators/8") == "/indicators/8");
    // The second and third element of one name; the first keeps the plain name.
    CHECK(stable("/indicators/9") == "/indicators/[id=\"a\"]#2");
    CHECK(stable("/indicators/10") == "/indicators/[id=\"a\"]#3");
    CHECK(stable("/indicators/11") == "/indicators/[name=\"f\"]");  // an id that is not text or a number
    CHECK(stable("/indicators/12") == "/indicators/[id=\"x~1y~0z\"]");  // escaped as a pointer token
    CHECK(stable("/indicators/13") == "/indicators/13");                  // no such element
    CHECK(stable("/indicators/01") == "/indicators/01");
    CHECK(stable("/big/list/0/a~1b") == "/big/list/[id=\"deep\"]/a~1b");  // through an indexed object
    CHECK(stable("") == "");
    CHECK(stable("no-slash") == "no-slash");
}

TEST_CASE("fingerprints survive reordering indicators and business areas, and changed values") {
    const json::Editable original = sample();
    const FileReport before = check(original, "samples/vss-2024.json");
    REQUIRE(before.findings.size() == 31);  // tests/golden/vss-2024.json

    // The last indicator moved to the front, the business areas in reverse.
    json::Editable moved = original;
    auto& indicators = array(member(moved, "indicators"));
    std::rotate(indicators.rbegin(), indicators.rbegin() + 1, indicators.rend());
    auto& areas = array(member(member(moved, "business_areas"), "areas"));
    std::reverse(areas.begin(), areas.end());
    const FileReport after = check(moved, "samples/vss-2024.json");
    REQUIRE(after.findings.size() == before.findings.size());
    // The same findings, most of them now at other indices.
    std::size_t pointers_changed = 0;
    for (std::size_t i = 0; i < before.findings.size(); ++i)
        pointers_changed += before.findings[i].location.pointer != after.findings[i].location.pointer;
    CHECK(pointers_changed >= 10);
    CHECK(fingerprints(after) == fingerprints(before));
    // One indicator finding followed to its new index: the same fingerprint.
    CHECK(fingerprint_at(before, "indicators.missing-outcome", "/indicators/3/outcomes/2022") ==
          fingerprint_at(after, "indicators.missing-outcome", "/indicators/4/outcomes/2022"));

    // The stated cost 2022 (594 mnkr, rows 585) changed: the finding about
    // it has another actual value and the same identity.
    json::Editable changed = original;
    member(member(member(member(member(changed, "business_areas"), "stated_total"), "earlier"), "cost"), "2022")
        .data = json::Editable::Number{"596"};
    const FileReport edited = check(changed, "samples/vss-2024.json");
    const std::string pointer = "/business_areas/stated_total/earlier/cost/2022";
    const auto actual = [&](const FileReport& file) {
        for (const auto& f : file.findings)
            if (f.location.pointer == pointer) return f.actual.value_or("");
        return std::string();
    };
    CHECK(actual(before) == "594,0 mnkr");
    CHECK(actual(edited) == "596,0 mnkr");
    CHECK(fingerprint_at(edited, "arithmetic.stated-totals", pointer) ==
          fingerprint_at(before, "arithmetic.stated-totals", pointer));
    CHECK(fingerprints(edited) == fingerprints(before));
}

TEST_CASE("fingerprints differ between two files with the same content, and outlive the document") {
    const json::Editable doc = sample();
    FileReport a = check(doc, "board-a/budget.json");
    const FileReport b = check(doc, "board-b/budget.json");
    const auto in_a = output::finding_fingerprints(a);
    const auto in_b = output::finding_fingerprints(b);
    REQUIRE(in_a.size() == 31);
    std::set<std::string> all(in_a.begin(), in_a.end());
    CHECK(all.size() == 31);  // unique within the file, the counter telling two alike apart
    all.insert(in_b.begin(), in_b.end());
    CHECK(all.size() == 62);  // and across the files
    // The same file named ./x or x: one file, one identity.
    CHECK(output::finding_fingerprints(check(doc, "./board-a/budget.json")) == in_a);
    // A batch keeps stable pointers, not documents: the same fingerprints.
    a.release_document();
    REQUIRE(a.document == nullptr);
    CHECK(output::finding_fingerprints(a) == in_a);
}
