// libFuzzer target: the whole validate path, as `budgetcheck validate` runs
// it on one file: parse, the submission schema, exact money, policy pack
// selection, the 21 rules of rules/, and both reporters. The JSON report
// must itself parse as JSON.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <variant>

#include "engine.hpp"
#include "json/document.hpp"
#include "output/reporter.hpp"

using namespace budgetcheck;

namespace {
const Engine& engine() {
    static const std::unique_ptr<Engine> e = [] {
        EngineConfig config;
        config.data_dir = BUDGETCHECK_SOURCE_DIR;
        auto created = Engine::create(config);
        if (!std::holds_alternative<std::unique_ptr<Engine>>(created)) std::abort();
        return std::move(std::get<std::unique_ptr<Engine>>(created));
    }();
    return *e;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    output::RunReport run;
    run.rules = &engine().rules();
    run.files.push_back(engine().validate_text(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json"));
    const FileReport& file = run.files.back();
    // No document means an input error says why. (A document may come with
    // errors too: a parsed file whose KF decision no policy pack covers.)
    if (!file.document && file.errors.empty()) std::abort();
    if (!file.errors.empty() && !file.findings.empty()) std::abort();  // rules never run on an unchecked file
    for (const auto& f : file.findings)
        if (f.rule_id.empty() || f.message.sv.empty() || f.message.en.empty()) std::abort();
    const int code = output::exit_code(run);
    if (code < 0 || code > 2) std::abort();

    for (const char* lang : {"sv", "en"}) {
        output::OutputOptions options;
        options.lang = lang;
        std::ostringstream text;
        output::make_reporter("text")->write(run, options, text);
        std::ostringstream json;
        output::make_reporter("json")->write(run, options, json);
        json::ParseLimits limits;
        limits.max_bytes = 1u << 30;
        limits.max_string_bytes = 1u << 30;
        limits.max_values = 1u << 30;
        const auto parsed = json::parse(json.str(), limits);
        if (parsed.error) {
            fprintf(stderr, "the JSON report does not parse: %s at %u:%u\n", parsed.error->message.en.c_str(),
                    parsed.error->position.line, parsed.error->position.column);
            std::abort();
        }
    }
    return 0;
}
