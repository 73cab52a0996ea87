// Where --output reports land on disk: the one place they are written.
//
// A regular file (or a name that does not exist yet) is written through a
// temporary file created exclusively (O_EXCL, an unpredictable mkstemp name)
// in the target's own directory, then renamed over the target: a reader
// never sees half a report, a symbolic link planted at the temporary name is
// never followed, and a run stopped by SIGINT or SIGTERM removes its
// temporary file. A symbolic link at the target itself is replaced, not
// written through (what rename does).
//
// A character device or a FIFO (/dev/stdout, /dev/null, a pipe from `>(…)`)
// is written directly: renaming over it would replace the device node with a
// regular file (as root, `-o /dev/full` did). A directory, socket or block
// device is refused.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <optional>
#include <string>
#include <string_view>

#include "findings.hpp"

namespace budgetcheck::output {

class TemporaryGuard;

// One report file, written as the report is produced (streamed): open()
// before the first byte, stream() for the bytes, commit() at the end (the
// rename; for a device or FIFO, the close). Destroyed without commit(), the
// temporary file is removed and the target left as it was.
class ReportFile {
public:
    explicit ReportFile(std::string path);
    ~ReportFile();
    ReportFile(const ReportFile&) = delete;
    ReportFile& operator=(const ReportFile&) = delete;

    // nullopt when open, else why not. `while_temporary` (tests only) runs
    // while the temporary file exists.
    std::optional<Message> open(const std::function<void()>& while_temporary = {});
    std::ostream& stream();  // after a successful open()
    std::optional<Message> commit();
    const std::string& path() const { return path_; }

private:
    class Buffer;
    void start();
    std::string path_, temporary_;
    int fd_ = -1;
    std::unique_ptr<TemporaryGuard> guard_;
    std::unique_ptr<Buffer> buffer_;
    std::unique_ptr<std::ostream> stream_;
};

// The whole report at once (a ReportFile). nullopt when written, else why not (Swedish and English). `while_temporary`
// (tests only) runs while the temporary file exists.
std::optional<Message> write_report_file(const std::string& path, std::string_view content,
                                         const std::function<void()>& while_temporary = {});

// Two spellings of one file (r.json, ./r.json, dir/../r.json, a symbolic
// link to it) give the same identity: the device and inode of an existing
// file, else the resolved directory plus the name.
std::string file_identity(const std::string& path);

// The --format an output file's extension implies when none is given:
// .json → json, .sarif → sarif, .xml → junit, .html/.htm → html,
// .txt/.log → text; "" for any other name.
std::string_view format_for_extension(std::string_view path);
// Whether `format` may be written to a file with this name: a known
// extension takes only the formats of its kind (.json: json, sarif and
// gitlab, all JSON; .txt/.log: text and github; .html/.htm: html and
// overview; .csv: overview-csv and
// findings-csv; .xlsx: overview-xlsx and findings-xlsx); others take any format.
bool extension_fits(std::string_view path, std::string_view format);

}  // namespace budgetcheck::output
