#include "output/html/context.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace budgetcheck::output::html {

std::string string_at(json::Value v) { return v.valid() && v.is_string() ? std::string(v.as_string()) : std::string(); }

std::vector<std::string> pointer_tokens(std::string_view pointer) {
    auto tokens = json::split_pointer(pointer);
    return tokens ? std::move(*tokens) : std::vector<std::string>{};
}

std::optional<std::size_t> index_token(const std::vector<std::string>& tokens, std::size_t at) {
    if (tokens.size() <= at || tokens[at].empty()) return std::nullopt;
    std::size_t n = 0;
    for (const char c : tokens[at]) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return n;
}

std::optional<std::int64_t> kronor_of(json::Value series, int year, Unit unit) {
    if (!series.valid() || !series.is_object()) return std::nullopt;
    const json::Value v = series.find(std::to_string(year));
    if (!v.valid() || !v.is_number()) return std::nullopt;
    return to_kronor(v.number_text(), unit).kronor;
}

std::optional<double> amount(json::Value series, int year, Unit unit) {
    const auto kronor = kronor_of(series, year, unit);
    if (!kronor) return std::nullopt;
    return static_cast<double>(*kronor) / static_cast<double>(kronor_per_unit(unit));
}

std::string format_money(const Context& ctx, double v) {
    const double kronor = v * static_cast<double>(kronor_per_unit(ctx.unit));
    return format_amount(std::llround(kronor), ctx.unit, ctx.decimals);
}

std::string target_text(json::Value target, bool en) {
    if (!target.valid() || !target.is_object()) return "";
    const std::string written = string_at(target.find("written"));
    if (target.find("missing").valid()) return "";
    if (!written.empty()) return written;
    if (const json::Value n = target.find("number"); n.valid() && n.is_number()) return std::string(n.number_text());
    if (const json::Value b = target.find("bound"); b.valid()) {
        const std::string bound = string_at(b);
        const std::string shown = bound == ">=" ? "≥" : bound == "<=" ? "≤" : bound;
        const json::Value v = target.find("value");
        return shown + (v.valid() && v.is_number() ? std::string(v.number_text()) : "");
    }
    if (const json::Value d = target.find("direction"); d.valid()) {
        const std::string dir = string_at(d);
        static const std::map<std::string, std::pair<const char*, const char*>> words = {
            {"increase", {"Öka", "Increase"}}, {"decrease", {"Minska", "Decrease"}},
            {"not-increase", {"Ej öka", "Not increase"}}, {"not-decrease", {"Ej minska", "Not decrease"}},
            {"stabilise", {"Stabiliseras", "Stabilise"}}};
        const auto it = words.find(dir);
        return it == words.end() ? dir : en ? it->second.second : it->second.first;
    }
    if (const json::Value t = target.find("text"); t.valid()) return string_at(t);
    return "";
}

Context make_context(const RunReport& run, const FileReport& file, std::size_t index, bool en) {
    Context ctx(file);
    ctx.en = en;
    ctx.prefix = "f" + std::to_string(index + 1) + "-";
    if (run.packs)
        for (const auto& p : *run.packs)
            if (p.id == file.policy_pack) ctx.pack = &p;
    if (ctx.pack && ctx.pack->document) {
        ctx.pack_root = ctx.pack->document->root();
        if (const auto u = parse_unit(string_at(ctx.pack_root.find("unit")))) ctx.pack_unit = *u;
    }
    if (file.document) {
        ctx.root = file.document->root();
        if (const auto u = parse_unit(string_at(ctx.root.find("unit")))) ctx.unit = *u;
        if (const auto d = ctx.root.find("decimals").as_integer(); ctx.root.find("decimals").valid() && d)
            ctx.decimals = static_cast<int>(std::clamp<std::int64_t>(*d, 0, 6));
        if (const auto by = ctx.root.find("budget_year"); by.valid() && by.is_number())
            if (const auto y = by.as_integer()) ctx.years.push_back(static_cast<int>(*y));
        const json::Value plan = ctx.root.find("plan_years");
        for (std::size_t i = 0; plan.valid() && plan.is_array() && i < plan.size() && i < 50; ++i)
            if (plan.at(i).is_number())
                // A budget year listed again among the plan years (plan.period's finding) is one column.
                if (const auto y = plan.at(i).as_integer();
                    y && std::find(ctx.years.begin(), ctx.years.end(), static_cast<int>(*y)) == ctx.years.end())
                    ctx.years.push_back(static_cast<int>(*y));
    }
    return ctx;
}

}  // namespace budgetcheck::output::html
