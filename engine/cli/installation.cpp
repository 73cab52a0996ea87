#include "cli/installation.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace budgetcheck::cli {

namespace {

bool holds_data(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "rules", ec) && fs::is_directory(dir / "schemas", ec);
}

}  // namespace

std::string executable_dir() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : self.parent_path().string();
}

std::string default_data_dir() {
    if (const char* env = std::getenv("BUDGETCHECK_DATA_DIR"); env && *env) return env;
    const std::string bin = executable_dir();
    // BUDGETCHECK_DATA_FROM_BIN: the data folder relative to the binary's in
    // the installed layout (GNUInstallDirs: ../share/budgetcheck).
    const fs::path installed = bin.empty() ? fs::path() : (fs::path(bin) / BUDGETCHECK_DATA_FROM_BIN).lexically_normal();
    if (!installed.empty() && holds_data(installed)) return installed.string();
    if (installed.empty() || holds_data(BUDGETCHECK_DATA_DIR)) return BUDGETCHECK_DATA_DIR;
    return installed.string();
}

}  // namespace budgetcheck::cli
