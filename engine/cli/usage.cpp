// A command line CLI11 could not parse. A misspelt sub-command or option is
// the common case ("budgetcheck valdate"): name it and the closest valid
// one, in the chosen language, as every other budgetcheck error does. Other
// parse errors keep CLI11's own message.
#include <fmt/format.h>

#include "cli/cli.hpp"
#include "text/suggest.hpp"

namespace budgetcheck::cli {

namespace {

std::string joined(const std::vector<std::string_view>& names) {
    std::string out;
    for (std::string_view name : names) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

InputError unknown_command(const CLI::App& app, const std::string& word) {
    std::vector<std::string_view> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        names.push_back(sub->get_name());
    const std::string closest = text::closest_name(word, names);
    Message message;
    if (!closest.empty())
        message = {fmt::format("okänt underkommando '{}'; menade du '{}'?", word, closest),
                   fmt::format("unknown sub-command '{}'; did you mean '{}'?", word, closest)};
    else
        message = {fmt::format("okänt underkommando '{}'; underkommandona är {}", word, joined(names)),
                   fmt::format("unknown sub-command '{}'; the sub-commands are {}", word, joined(names))};
    return InputError{"", 0, 0, "usage.unknown-command", std::move(message), {}};
}

InputError unknown_option(const CLI::App& app, const CLI::App* command, std::string word) {
    if (const std::size_t equals = word.find('='); equals != std::string::npos) word.resize(equals);
    // Long names only: a one-letter option is one edit from every other.
    std::vector<std::string> long_names;
    for (const CLI::App* owner : {command, &app})
        if (owner != nullptr)
            for (const CLI::Option* option : owner->get_options())
                for (const std::string& name : option->get_lnames()) long_names.push_back("--" + name);
    const std::vector<std::string_view> names(long_names.begin(), long_names.end());
    const std::string closest = word.rfind("--", 0) == 0 ? text::closest_name(word, names) : std::string();
    const std::string help = command ? fmt::format("budgetcheck {} --help", command->get_name())
                                     : std::string("budgetcheck --help");
    const std::string of_sv = command ? fmt::format(" till {}", command->get_name()) : std::string();
    const std::string of_en = command ? fmt::format(" for {}", command->get_name()) : std::string();
    Message message;
    if (!closest.empty())
        message = {fmt::format("okänt alternativ '{}'{}; menade du '{}'?", word, of_sv, closest),
                   fmt::format("unknown option '{}'{}; did you mean '{}'?", word, of_en, closest)};
    else
        message = {fmt::format("okänt alternativ '{}'{}; `{}` listar alternativen", word, of_sv, help),
                   fmt::format("unknown option '{}'{}; `{}` lists the options", word, of_en, help)};
    return InputError{"", 0, 0, "usage.unknown-option", std::move(message), {}};
}

}  // namespace

int usage_error(CLI::App& app, const CLI::ParseError& error, std::string_view lang) {
    const std::vector<std::string> extras = app.remaining(true);
    const std::vector<CLI::App*> chosen = app.get_subcommands();
    const CLI::App* command = chosen.empty() ? nullptr : chosen.front();
    // The first word left over decides: fix one mistake at a time.
    if (!extras.empty()) {
        const std::string& word = extras.front();
        if (word.size() > 1 && word[0] == '-') {
            print_input_errors({unknown_option(app, command, word)}, lang);
            return kExitUsage;
        }
        if (command == nullptr) {
            print_input_errors({unknown_command(app, word)}, lang);
            return kExitUsage;
        }
    }
    app.exit(error);
    return kExitUsage;
}

}  // namespace budgetcheck::cli
