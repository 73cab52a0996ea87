// Where this program's parts are: the data folder it reads by default, and
// budgetcheck-serve beside the binary (docs/cli.md, docs/architecture.md).
#pragma once

#include <string>

namespace budgetcheck::cli {

// This executable's folder, symbolic links resolved; empty when unknown.
std::string executable_dir();

// The default of --data-dir, first that applies: env BUDGETCHECK_DATA_DIR;
// the installed layout beside the binary (<bin>/../share/budgetcheck, as the
// .deb installs it) when it holds rules/ and schemas/; the source tree the
// binary was built from. When neither holds them, the installed folder, so
// the error names where an installed budgetcheck looks.
std::string default_data_dir();

}  // namespace budgetcheck::cli
