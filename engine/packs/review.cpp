#include "packs/review.hpp"

#include <fmt/format.h>

namespace budgetcheck::packs {

namespace {

// Rule-keyed maps whose entries are decided per KF decision. rule_parameters
// is listed by name so a pack that has it is covered as soon as it exists.
constexpr const char* kRuleMaps[] = {"severity_overrides", "disabled_rules", "rule_parameters"};

InputError at(const json::Document& doc, json::Value where, const std::string& file, std::string code,
              Message message) {
    const auto pos = where.position();
    return InputError{file, pos.line, pos.column, std::move(code), std::move(message),
                      json::error_snippet(doc.line_text(pos.line))};
}

// What the item is, in words a controller knows, with the Swedish
// participle that agrees with it ("KF-målet … är överfört", "driftramen …
// är överförd", "parametrarna … är överförda").
struct Described {
    std::string sv, en;
    const char* moved = "överfört";
};

Described describe(std::string_view pointer, json::Value item) {
    const auto tokens = json::split_pointer(pointer).value_or(std::vector<std::string>{});
    const std::string id = item["id"].is_string() ? std::string(item["id"].as_string()) : std::string();
    const std::string first = tokens.empty() ? std::string() : tokens[0];
    const std::string last = tokens.empty() ? std::string() : tokens.back();
    if (pointer == "/pack/kf_decision")
        return {"KF-beslutets rubrik och paragraf", "the KF decision's title and paragraph", "överförda"};
    if (pointer == "/pack/sources")
        return {"källförteckningen (pack.sources)", "the list of sources (pack.sources)", "överförd"};
    if (first == "goal_areas") return {fmt::format("målområdet '{}'", id), fmt::format("the goal area '{}'", id)};
    if (first == "kf_goals") return {fmt::format("KF-målet '{}'", id), fmt::format("the KF goal '{}'", id)};
    if (first == "mandatory_indicators")
        return {fmt::format("den obligatoriska indikatorn '{}'", id), fmt::format("the mandatory indicator '{}'", id),
                "överförd"};
    if (first == "strategic_assignments")
        return {fmt::format("uppdraget '{}'", id), fmt::format("the strategic assignment '{}'", id)};
    if (first == "organisations" && tokens.size() == 3 && last == "operating_frame")
        return {fmt::format("driftramen för '{}'", tokens[1]), fmt::format("the operating frame of '{}'", tokens[1]),
                "överförd"};
    if (first == "organisations" && tokens.size() == 3 && last == "investment_frame")
        return {fmt::format("investeringsramen för '{}'", tokens[1]),
                fmt::format("the investment frame of '{}'", tokens[1]), "överförd"};
    if (pointer == "/equity") return {"reglerna för eget kapital (equity)", "the equity rules", "överförda"};
    if (first == "severity_overrides" && tokens.size() == 2)
        return {fmt::format("den ändrade allvarlighetsgraden för regeln {}", last),
                fmt::format("the changed severity of the rule {}", last), "överförd"};
    if (first == "disabled_rules" && tokens.size() == 2)
        return {fmt::format("avstängningen av regeln {}", last), fmt::format("the switching off of the rule {}", last),
                "överförd"};
    if (first == "rule_parameters" && tokens.size() == 2)
        return {fmt::format("parametrarna för regeln {}", last), fmt::format("the parameters of the rule {}", last),
                "överförda"};
    return {fmt::format("värdet {}", pointer), fmt::format("the value {}", pointer)};
}

}  // namespace

std::vector<ReviewItem> carried_over_items(const json::Document& pack) {
    const json::Value root = pack.root();
    std::vector<ReviewItem> out{{"/pack/kf_decision", {}}, {"/pack/sources", {}}};
    for (const char* list : {"goal_areas", "kf_goals", "mandatory_indicators", "strategic_assignments"}) {
        const json::Value items = root[list];
        for (std::size_t i = 0; i < items.size(); ++i)
            out.push_back({fmt::format("/{}/{}", list, i),
                           items.at(i)["id"].is_string() ? std::string(items.at(i)["id"].as_string()) : ""});
    }
    const json::Value orgs = root["organisations"];
    for (std::size_t i = 0; i < orgs.size(); ++i)
        for (const char* frame : {"operating_frame", "investment_frame"})
            if (orgs.at(i)[frame].valid())
                out.push_back({"/organisations/" + json::escape_pointer_token(orgs.key_at(i)) + "/" + frame, {}});
    if (root["equity"].valid()) out.push_back({"/equity", {}});
    for (const char* map : kRuleMaps) {
        const json::Value entries = root[map];
        if (!entries.is_object()) continue;
        for (std::size_t i = 0; i < entries.size(); ++i)
            out.push_back({fmt::format("/{}/{}", map, json::escape_pointer_token(entries.key_at(i))), {}});
    }
    return out;
}

std::vector<InputError> review_errors(const json::Document& pack, const std::string& file) {
    std::vector<InputError> out;
    const json::Value items = pack.root()["review"]["items"];
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json::Value pointer = items.at(i)["pointer"], id = items.at(i)["id"];
        if (!pointer.is_string()) continue;
        const json::Value item = pack.resolve(pointer.as_string());
        if (!item.valid()) {
            out.push_back(at(pack, pointer, file, "policy.review-pointer",
                             {fmt::format("review-posten '{}' pekar inte på något i paketet; ta bort posten om "
                                          "värdet är borttaget, annars rätta pekaren",
                                          pointer.as_string()),
                              fmt::format("the review entry '{}' points at nothing in the pack; delete the entry if "
                                          "the value was removed, else correct the pointer",
                                          pointer.as_string())}));
            continue;
        }
        const json::Value actual = item["id"];
        if (id.is_string() && actual.is_string() && id.as_string() != actual.as_string())
            out.push_back(at(pack, id, file, "policy.review-id",
                             {fmt::format("review-posten '{}' gäller '{}', men där står nu '{}'; listan har ändrat "
                                          "ordning: rätta pekaren så att den pekar på '{}'",
                                          pointer.as_string(), id.as_string(), actual.as_string(), id.as_string()),
                              fmt::format("the review entry '{}' is for '{}' but '{}' is there now; the list was "
                                          "reordered: correct the pointer to point at '{}'",
                                          pointer.as_string(), id.as_string(), actual.as_string(), id.as_string())}));
    }
    return out;
}

std::vector<InputError> review_warnings(const json::Document& pack, const std::string& file) {
    std::vector<InputError> out;
    const json::Value review = pack.root()["review"];
    const std::string from(review["carried_over_from"].as_string());
    const json::Value items = review["items"];
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json::Value pointer = items.at(i)["pointer"];
        const json::Value item = pointer.is_string() ? pack.resolve(pointer.as_string()) : json::Value();
        if (!item.valid()) continue;  // an error already (review_errors)
        const Described what = describe(pointer.as_string(), item);
        out.push_back(at(pack, item, file, "policy.carried-over",
                         {fmt::format("{} är {} från {} och väntar på beslut: stäm av mot det nya KF-beslutet, "
                                      "ändra vid behov och ta sedan bort posten {} ur review",
                                      what.sv, what.moved, from, pointer.as_string()),
                          fmt::format("{} is carried over from {} and awaits a decision: check it against the new KF "
                                      "decision, change it if needed, then delete the entry {} from review",
                                      what.en, from, pointer.as_string())}));
    }
    return out;
}

}  // namespace budgetcheck::packs
