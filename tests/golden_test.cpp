// Golden files: each sample's findings (JSON output, Swedish) compared
// exactly with tests/golden/<sample>.json. A new, missing or changed finding
// fails. To accept a deliberate change: BUDGETCHECK_UPDATE_GOLDEN=1 ctest -R golden
// and review the diff of tests/golden/ before committing.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "output/reporter.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace budgetcheck;

namespace {
}  // namespace

TEST_CASE("each sample's findings equal its golden file") {
    const auto& engine = testing::repository_engine();
    const fs::path root = BUDGETCHECK_SOURCE_DIR;
    std::vector<fs::path> samples;
    for (const auto& entry : fs::directory_iterator(root / "samples"))
        if (entry.path().extension() == ".json") samples.push_back(entry.path());
    std::sort(samples.begin(), samples.end());
    REQUIRE(samples.size() >= 4);
    const bool update = std::getenv("BUDGETCHECK_UPDATE_GOLDEN") != nullptr;

    for (const auto& sample : samples) {
        const std::string relative = fs::relative(sample, root).generic_string();
        CAPTURE(relative);
        output::RunReport run;
        run.files.push_back(engine.validate_file((root / relative).string()));
        run.files.back().file = relative;  // paths in the golden file do not depend on the checkout
        std::ostringstream out;
        output::make_reporter("json")->write(run, output::OutputOptions{}, out);
        const fs::path golden = root / "tests/golden" / (sample.stem().string() + ".json");
        if (update) {
            std::ofstream(golden, std::ios::binary) << out.str();
            continue;
        }
        REQUIRE_MESSAGE(fs::exists(golden), "no golden file " << golden << "; create it with BUDGETCHECK_UPDATE_GOLDEN=1");
        const std::string want = testing::read_text(golden);
        if (want != out.str()) {
            // Show the first differing line, not two walls of JSON.
            std::istringstream a(want), b(out.str());
            std::string la, lb;
            int line = 0;
            while (true) {
                ++line;
                const bool more_a = static_cast<bool>(std::getline(a, la));
                const bool more_b = static_cast<bool>(std::getline(b, lb));
                if (!more_a && !more_b) break;
                if (la != lb || more_a != more_b) {
                    FAIL_CHECK("golden " << golden.filename() << " differs at line " << line << "\n  want: " << la
                                         << "\n  got:  " << lb);
                    break;
                }
            }
        }
    }
}
