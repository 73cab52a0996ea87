// Writes the fuzzers' seed corpora from what the repository already has:
//   fuzz_seeds REPO SUITE OUT
// REPO: samples/*.json, schemas/*.json, rules/policies/*/policy.json, rules/**/*.cases.json, rules/**/*.lua;
// SUITE: the JSON-Schema-Test-Suite checkout (its tests/draft7/*.json give
// schema NUL document pairs). OUT gets json/, schema/, policy/, validate/, rule/.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine.hpp"
#include "json/document.hpp"
#include "json/editable.hpp"

using namespace budgetcheck;
namespace fs = std::filesystem;

namespace {
// The engine's reader; a seed or data file that cannot be read stops the run.
std::string slurp(const fs::path& path) {
    FileRead read = read_file(path.string(), std::uint64_t{1} << 30);
    if (read.error) {
        std::fprintf(stderr, "%s: %s\n", path.string().c_str(), read.error->message.en.c_str());
        std::abort();
    }
    return std::move(read.text);
}

int written = 0;
void put(const fs::path& dir, const std::string& name, const std::string& text) {
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << text;
    ++written;
}

std::vector<fs::path> files(const fs::path& dir, const std::string& suffix, bool recursive) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    auto take = [&](const fs::directory_entry& e) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file() && name.size() >= suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            out.push_back(e.path());
    };
    if (recursive) for (const auto& e : fs::recursive_directory_iterator(dir)) take(e);
    else for (const auto& e : fs::directory_iterator(dir)) take(e);
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: fuzz_seeds REPO JSON-SCHEMA-TEST-SUITE OUT\n");
        return 2;
    }
    const fs::path repo(argv[1]), suite(argv[2]), out(argv[3]);
    int n = 0;
    std::string sample_text;
    for (const auto& f : files(repo / "samples", ".json", false)) {
        const std::string text = slurp(f);
        if (sample_text.empty()) sample_text = text;
        put(out / "json", "sample-" + f.stem().string(), text);
        put(out / "validate", "sample-" + f.stem().string(), text);
    }
    for (const auto& f : files(repo / "rules/policies", "policy.json", true)) {
        const std::string text = slurp(f);
        put(out / "policy", "policy-" + f.parent_path().filename().string(), text);
        put(out / "json", "policy-" + f.parent_path().filename().string(), text);
    }
    for (const auto& f : files(repo / "schemas", ".json", false)) {
        const std::string text = slurp(f);
        put(out / "json", "schema-" + f.stem().string(), text);
        if (!sample_text.empty()) put(out / "schema", "repo-" + f.stem().string(), text + std::string(1, '\0') + sample_text);
    }
    // The shipped rules (not rules/lib/): fuzz_rule's seeds.
    for (const auto& f : files(repo / "rules", ".lua", true))
        if (f.parent_path().filename() != "lib")
            put(out / "rule", f.parent_path().filename().string() + "-" + f.stem().string(), slurp(f));
    for (const auto& f : files(repo / "rules", ".cases.json", true))
        put(out / "json", "cases-" + std::to_string(n++), slurp(f));
    // draft-07 suite: every test's schema and data, pretty-printed by our own printer.
    for (const auto& f : files(suite / "tests/draft7", ".json", true)) {
        auto parsed = json::parse(slurp(f));
        if (parsed.error || !parsed.document->root().is_array()) continue;
        const json::Value groups = parsed.document->root();
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const json::Value schema = groups.at(g)["schema"];
            const json::Value tests = groups.at(g)["tests"];
            if (!schema.valid() || !tests.is_array()) continue;
            const std::string schema_text = json::to_json_text(json::to_editable(schema));
            for (std::size_t t = 0; t < tests.size(); ++t) {
                const json::Value data = tests.at(t)["data"];
                if (!data.valid()) continue;
                const std::string data_text = json::to_json_text(json::to_editable(data));
                const std::string name = "suite-" + f.stem().string() + "-" + std::to_string(g) + "-" + std::to_string(t);
                put(out / "schema", name, schema_text + std::string(1, '\0') + data_text);
                if (t == 0) put(out / "json", name, schema_text);
            }
        }
    }
    std::printf("fuzz_seeds: %d seed files in %s\n", written, out.c_str());
    return written > 0 ? 0 : 1;
}
