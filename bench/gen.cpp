// budgetcheck_gen KIND COUNT OUTDIR [--seed N] [--samples DIR]
// Writes COUNT generated submissions (bench/generator.hpp) as
// OUTDIR/KIND-00000.json, KIND-00001.json, ...; OUTDIR "-" prints one to stdout.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "generator.hpp"

int main(int argc, char** argv) {
    std::string samples = std::string(BUDGETCHECK_DATA_DIR) + "/samples";
    std::uint64_t seed = 1;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--samples" && i + 1 < argc) samples = argv[++i];
        else if (arg == "-h" || arg == "--help") positional.clear(), positional.resize(9);
        else positional.push_back(arg);
    }
    const auto kind = positional.size() == 3 ? budgetcheck::bench::parse_kind(positional[0]) : std::nullopt;
    if (!kind) {
        std::cerr << "usage: budgetcheck_gen small|typical|large|huge COUNT OUTDIR|- [--seed N] [--samples DIR]\n";
        return 2;
    }
    const long count = std::strtol(positional[1].c_str(), nullptr, 10);
    const std::string out = positional[2];
    try {
        if (out == "-") {
            std::cout << budgetcheck::bench::generate(*kind, seed, samples);
            return 0;
        }
        std::filesystem::create_directories(out);
        for (long i = 0; i < count; ++i) {
            char name[64];
            std::snprintf(name, sizeof name, "/%s-%05ld.json", budgetcheck::bench::kind_name(*kind), i);
            std::ofstream file(out + name, std::ios::binary);
            file << budgetcheck::bench::generate(*kind, seed + static_cast<std::uint64_t>(i), samples);
            if (!file) {
                std::cerr << out << name << ": cannot write\n";
                return 2;
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "budgetcheck_gen: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
