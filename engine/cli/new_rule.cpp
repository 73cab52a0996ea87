// `budgetcheck new-rule GROUP.NAME`: the rule file, its documentation (the
// explain text inside it) and its test cases, all named after the id. Every
// text is a TODO placeholder, so the rule is unfinished (unfinished.hpp):
// `validate` does not run it and `check-rules` fails until it is written.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "output/report_file.hpp"

namespace budgetcheck::cli {

namespace {

std::string rule_template(const std::string& id) {
    return fmt::format(R"(-- {id}: one sentence on what this rule checks and why.
return {{
  id = "{id}",
  title = {{ sv = "TODO rubrik på svenska", en = "TODO title in English" }},
  severity = "warning",  -- error | warning | notice
  source = {{
    decision = "TODO: KF/KS-beslut, t.ex. KF 2023-06-13 § 222",
    document = "TODO: dokument",
    quote = "TODO: beslutets egna ord",
  }},
  applies_to = {{ "appropriation", "revenue" }},
  explain = {{
    sv = [[
TODO: vad regeln kontrollerar.

Varför: beslutets ord och skälet.

Åtgärd: hur nämnden rättar budgeten.

Exempel: ett litet exempel.]],
    en = [[
TODO: what the rule checks.

Why: the decision's words and the reason.

Fix: how the board corrects its budget.

Example: a small example.]],
  }},
  check = function(submission, policy, report)
    for _, year in ipairs(budget.years(submission)) do
      -- Read the submission (money is integer kronor) and the policy pack,
      -- and call report{{ at = <pointer or node>, key = <member>, year = year,
      --   sv = "…", en = "…", expected = …, actual = … }} for each problem;
      -- comparing two amounts, through c = budget.compare(...), also
      -- difference = c.diff (actual − expected in kronor).
      local _ = year
    end
  end,
}}
)",
                       fmt::arg("id", id));
}

std::string cases_template(const std::string& id) {
    return fmt::format(R"({{
  "rule": "{id}",
  "cases": [
    {{
      "name": "TODO: a clean submission stays silent",
      "submission": "samples/vss-2024.json",
      "expect": []
    }},
    {{
      "name": "TODO: fires when …",
      "submission": "samples/vss-2024.json",
      "patch": [
        {{ "op": "replace", "path": "/TODO", "value": 0 }}
      ],
      "expect": [
        {{ "severity": "warning", "pointer": "/TODO", "year": 2024 }}
      ]
    }}
  ]
}}
)",
                       fmt::arg("id", id));
}

}  // namespace

Command add_new_rule(CLI::App& app, Common&) {
    auto id = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("new-rule", "Create a rule file and its test cases from an id (group.name)");
    cmd->add_option("id", *id, "Rule id: lower-case words, the group and the name joined by a dot")->required();
    return {cmd, [id](Common& common) {
        static const std::regex valid("^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z][a-z0-9]*(-[a-z0-9]+)*$");
        const bool en = common.lang == "en";
        if (!std::regex_match(*id, valid)) {
            std::cerr << (en ? fmt::format("'{}' is not a rule id: write group.name in lower case, e.g. "
                                           "investment.growth-limit\n",
                                           *id)
                             : fmt::format("'{}' är inget regel-id: skriv område.namn med gemener, t.ex. "
                                           "investment.growth-limit\n",
                                           *id));
            return kExitUsage;
        }
        const auto dot = id->find('.');
        namespace fs = std::filesystem;
        const fs::path dir = fs::path(common.config.data_dir) / "rules" / id->substr(0, dot);
        const fs::path rule = dir / (id->substr(dot + 1) + ".lua");
        const fs::path cases = dir / (id->substr(dot + 1) + ".cases.json");
        for (const auto& path : {rule, cases})
            if (fs::exists(path)) {
                std::cerr << (en ? fmt::format("{} already exists; nothing written\n", path.string())
                                 : fmt::format("{} finns redan; ingenting skrevs\n", path.string()));
                return kExitUsage;
            }
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (output::write_report_file(rule.string(), rule_template(*id)) ||
            output::write_report_file(cases.string(), cases_template(*id))) {
            std::cerr << (en ? fmt::format("cannot write into {}\n", dir.string())
                             : fmt::format("kan inte skriva i {}\n", dir.string()));
            return kExitUsage;
        }
        // Paths as the other commands name them: relative to the data dir.
        const auto shown = [&](const fs::path& p) {
            const auto rel = fs::relative(p, common.config.data_dir, ec).generic_string();
            return rel.empty() ? p.generic_string() : rel;
        };
        if (en)
            std::cout << fmt::format("created {}\ncreated {}\nnext: fill in the TODOs, then run `budgetcheck test {} "
                                     "--coverage` and `budgetcheck explain {}`; until its texts are written the rule "
                                     "does not run in `validate` and `check-rules` fails\n",
                                     shown(rule), shown(cases), shown(dir), *id);
        else
            std::cout << fmt::format("skapade {}\nskapade {}\nnästa steg: fyll i alla TODO, kör sedan `budgetcheck "
                                     "test {} --coverage` och `budgetcheck explain {}`; tills texterna är skrivna "
                                     "körs regeln inte av `validate` och `check-rules` misslyckas\n",
                                     shown(rule), shown(cases), shown(dir), *id);
        return kExitPass;
    }};
}

}  // namespace budgetcheck::cli
