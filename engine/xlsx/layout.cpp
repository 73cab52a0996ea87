#include "xlsx/layout.hpp"

#include <algorithm>

namespace budgetcheck::xlsx {

const std::vector<SheetSpec>& data_sheets() {
    static const std::vector<SheetSpec> sheets = {
        {"Uppgifter", "Uppgifter om inlämningen",
         {"$schema", "format_version", "municipality", "organisation", "kf_decision", "document", "budget_year",
          "plan_years", "earlier_years", "unit", "decimals", "notes", "transcription_notes"}},
        {"Drift", "Drift: budgetram, budget inom ram och äskanden", {"operating", "frame_changes"}},
        {"Verksamhetsområden", "Verksamhetsområden (intäktsfinansierad förvaltning)", {"business_areas"}},
        {"Eget kapital", "Eget kapital och omsättning", {"equity"}},
        {"Investeringar", "Investeringar", {"investments"}},
        {"Mål", "Nämndmål", {"goals"}},
        {"Indikatorer", "Indikatorer", {"indicators"}},
        {"Åtgärdsprogram", "Åtgärdsprogram", {"savings_programme"}},
        {"Uppdrag", "Strategiska utvecklingsuppdrag", {"assignments"}},
    };
    return sheets;
}

const SheetSpec& sheet_for(std::string_view member) {
    for (const auto& s : data_sheets())
        if (std::find(s.sections.begin(), s.sections.end(), member) != s.sections.end()) return s;
    return data_sheets().front();
}

std::vector<json::Value> SchemaFields::expand(json::Value node) const {
    std::vector<json::Value> out;
    std::vector<json::Value> todo{node};
    // Bounded: a schema that refers to itself in a loop stops after 64 nodes.
    while (!todo.empty() && out.size() < 64) {
        const json::Value v = todo.back();
        todo.pop_back();
        if (!v.valid() || !v.is_object()) continue;
        out.push_back(v);
        if (const auto ref = v.find("$ref"); ref.valid() && ref.is_string() && ref.as_string().starts_with("#"))
            todo.push_back(schema_.resolve(ref.as_string().substr(1)));
        for (const std::string_view k : {"allOf", "oneOf", "anyOf"})
            if (const auto list = v.find(k); list.valid() && list.is_array())
                for (std::size_t i = list.size(); i-- > 0;) todo.push_back(list.at(i));
    }
    return out;
}

std::vector<json::Value> SchemaFields::nodes(const std::vector<std::string>& tokens) const {
    std::vector<json::Value> current = expand(schema_.root());
    for (const std::string& token : tokens) {
        std::vector<json::Value> next;
        for (const json::Value& n : current) {
            if (const auto props = n.find("properties"); props.valid() && props.find(token).valid()) {
                next.push_back(props.find(token));
            } else if (const auto items = n.find("items"); items.valid() && !token.empty() &&
                                                          std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                next.push_back(items);
            } else if (const auto extra = n.find("additionalProperties"); extra.valid() && extra.is_object() &&
                                                                        !(props.valid() && props.find(token).valid())) {
                next.push_back(extra);
            }
        }
        current.clear();
        for (const auto& n : next)
            for (const auto& e : expand(n)) current.push_back(e);
        if (current.empty()) break;
    }
    return current;
}

FieldKind SchemaFields::kind(const std::vector<std::string>& tokens) const {
    FieldKind found = FieldKind::Unknown;
    for (const json::Value& n : nodes(tokens)) {
        if (const auto money = n.find("x-money"); money.valid() && money.is_bool() && money.as_bool()) return FieldKind::Money;
        const auto type = n.find("type");
        if (type.valid() && type.is_string()) {
            const auto t = type.as_string();
            if (t == "integer") found = FieldKind::Integer;
            else if (t == "number" && found != FieldKind::Integer) found = FieldKind::Number;
            else if (t == "boolean") found = FieldKind::Boolean;
            else if (t == "string" && found == FieldKind::Unknown) found = FieldKind::String;
        } else if (const auto e = n.find("enum"); e.valid() && e.is_array() && e.size() && e.at(0).is_string()) {
            if (found == FieldKind::Unknown) found = FieldKind::String;
        }
    }
    return found;
}

std::string SchemaFields::title(const std::vector<std::string>& tokens) const {
    for (const json::Value& n : nodes(tokens))
        if (const auto t = n.find("title"); t.valid() && t.is_string()) return std::string(t.as_string());
    return {};
}

std::optional<std::string> excel_decimal(std::string_view s) {
    std::size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
    std::string digits;
    long point = 0;  // digits before the decimal point
    bool any = false, seen_point = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= '0' && c <= '9') {
            any = true;
            if (digits.empty() && c == '0') {
                if (seen_point) --point;  // leading zeros after the point shift the scale
                continue;
            }
            digits += c;
            if (!seen_point) ++point;
        } else if (c == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    if (!any) return std::nullopt;
    if (i < s.size()) {
        if (s[i] != 'e' && s[i] != 'E') return std::nullopt;
        ++i;
        bool neg_exp = false;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg_exp = s[i++] == '-';
        long exp = 0;
        if (i == s.size()) return std::nullopt;
        for (; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9' || exp > 1000) return std::nullopt;
            exp = exp * 10 + (s[i] - '0');
        }
        point += neg_exp ? -exp : exp;
    }
    if (point > 400 || point < -400) return std::nullopt;  // beyond a double: not from Excel
    if (digits.empty()) return std::string("0");
    // Round half up to 15 significant digits.
    if (digits.size() > 15) {
        const bool up = digits[15] >= '5';
        digits.resize(15);
        if (up) {
            std::size_t k = digits.size();
            while (k > 0 && digits[k - 1] == '9') digits[--k] = '0';
            if (k == 0) {
                digits.insert(digits.begin(), '1');
                digits.pop_back();
                ++point;
            } else {
                ++digits[k - 1];
            }
        }
    }
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    if (digits.empty()) return std::string("0");
    std::string out = negative ? "-" : "";
    const long n = static_cast<long>(digits.size());
    if (point <= 0) {
        out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
    } else if (point >= n) {
        out += digits + std::string(static_cast<std::size_t>(point - n), '0');
    } else {
        out += digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
    }
    return out;
}

int significant_digits(std::string_view number) {
    std::string digits;
    for (const char c : number) {
        if (c == 'e' || c == 'E') break;
        if (c >= '0' && c <= '9' && !(digits.empty() && c == '0')) digits += c;
    }
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    return static_cast<int>(digits.size());
}

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::string current;
    for (std::size_t i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '/') {
            out.push_back(std::move(current));
            current.clear();
        } else if (path[i] == '~' && i + 1 < path.size() && (path[i + 1] == '0' || path[i + 1] == '1')) {
            current += path[++i] == '1' ? '/' : '~';
        } else {
            current += path[i];
        }
    }
    return out;
}

std::string join_path(const std::vector<std::string>& tokens) {
    std::string out;
    for (const auto& t : tokens) {
        if (!out.empty()) out += '/';
        out += json::escape_pointer_token(t);
    }
    return out;
}

}  // namespace budgetcheck::xlsx
