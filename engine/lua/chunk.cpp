#include "lua/chunk.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <utility>

namespace budgetcheck::lua {

std::string short_src_of(const std::string& name) {
    constexpr std::size_t idsize = LUA_IDSIZE;
    if (name.size() + 1 <= idsize) return name;
    const std::size_t keep = idsize - 4;  // "..." + tail + NUL
    return "..." + name.substr(name.size() - keep);
}

namespace {

// Executable lines from the compiled chunk.
//
// The public C API gives a function's own lines (lua_getinfo "L") but not
// those of the functions nested in it, which exist only as prototypes until
// the code runs. lua_dump writes every prototype with its line information
// (Lua 5.4 binary chunk format, lundump.c), so the lines are read from there:
// per instruction, lineinfo holds the delta from the previous line, or
// ABSLINEINFO (-128) when abslineinfo holds the absolute line.

class DumpReader {
public:
    explicit DumpReader(std::string_view data) : data_(data) {}
    bool ok() const { return ok_; }

    bool header() {
        // signature, version, format, LUAC_DATA, 3 sizes, LUAC_INT, LUAC_NUM, size of upvalues
        constexpr std::size_t fixed = 4 + 1 + 1 + 6 + 3;
        if (data_.size() < fixed || data_.substr(0, 4) != LUA_SIGNATURE || static_cast<unsigned char>(data_[4]) != 0x54)
            return ok_ = false;
        instruction_size_ = static_cast<unsigned char>(data_[12]);
        integer_size_ = static_cast<unsigned char>(data_[13]);
        number_size_ = static_cast<unsigned char>(data_[14]);
        pos_ = fixed;
        skip(integer_size_ + number_size_ + 1);
        return ok_;
    }

    // Appends the executable lines of one function and all nested ones.
    void function(std::vector<std::uint32_t>& lines, int depth = 0) {
        if (!ok_ || depth > 200) {
            ok_ = false;
            return;
        }
        skip_string();                        // source
        const std::size_t linedefined = size();
        size();                               // lastlinedefined
        skip(1);                              // numparams
        const bool vararg = byte() != 0;      // is_vararg
        skip(1);                              // maxstacksize
        const std::size_t ncode = size();
        std::vector<unsigned> opcodes;
        for (std::size_t i = 0; i < ncode && ok_; ++i) {
            if (pos_ + instruction_size_ > data_.size()) return void(ok_ = false);
            std::uint32_t instruction = 0;
            std::memcpy(&instruction, data_.data() + pos_, std::min<std::size_t>(4, instruction_size_));
            opcodes.push_back(instruction & 0x7f);
            pos_ += instruction_size_;
        }
        const std::size_t nconstants = size();
        for (std::size_t i = 0; i < nconstants && ok_; ++i) {
            const int tag = byte();
            if (tag == 3) skip(integer_size_);                 // LUA_VNUMINT
            else if (tag == 19) skip(number_size_);            // LUA_VNUMFLT
            else if (tag == 4 || tag == 20) skip_string();     // short / long string
            else if (tag != 0 && tag != 1 && tag != 17) ok_ = false;  // nil, false, true
        }
        const std::size_t nupvalues = size();
        skip(3 * nupvalues);
        const std::size_t nprotos = size();
        for (std::size_t i = 0; i < nprotos && ok_; ++i) function(lines, depth + 1);
        // debug information
        const std::size_t nlineinfo = size();
        if (!ok_ || pos_ + nlineinfo > data_.size()) return void(ok_ = false);
        const std::string_view lineinfo = data_.substr(pos_, nlineinfo);
        pos_ += nlineinfo;
        const std::size_t nabs = size();
        std::vector<std::pair<std::size_t, std::size_t>> abs;  // pc, line
        for (std::size_t i = 0; i < nabs && ok_; ++i) {
            const std::size_t pc = size();
            abs.emplace_back(pc, size());
        }
        const std::size_t nlocals = size();
        for (std::size_t i = 0; i < nlocals && ok_; ++i) {
            skip_string();
            size();
            size();
        }
        const std::size_t nupnames = size();
        for (std::size_t i = 0; i < nupnames && ok_; ++i) skip_string();
        if (!ok_ || lineinfo.size() != opcodes.size()) return;  // stripped: no lines

        // The implicit return that ends every function is dead code when an
        // explicit return comes just before it (`... return x end`).
        constexpr unsigned kReturn = 70, kReturn0 = 71, kReturn1 = 72;
        auto is_return = [&](unsigned op) { return op == kReturn || op == kReturn0 || op == kReturn1; };
        std::size_t end = opcodes.size();
        if (end >= 2 && is_return(opcodes[end - 1]) && is_return(opcodes[end - 2])) --end;

        std::size_t line = linedefined;
        std::size_t next_abs = 0;
        for (std::size_t pc = 0; pc < end; ++pc) {
            const auto delta = static_cast<signed char>(lineinfo[pc]);
            if (delta == -128) {
                while (next_abs < abs.size() && abs[next_abs].first < pc) ++next_abs;
                if (next_abs < abs.size() && abs[next_abs].first == pc) line = abs[next_abs].second;
            } else {
                line = static_cast<std::size_t>(static_cast<long long>(line) + delta);
            }
            if (pc == 0 && vararg) continue;  // OP_VARARGPREP: as lua_getinfo "L", not a line of its own
            if (line > 0 && line < (1u << 24)) lines.push_back(static_cast<std::uint32_t>(line));
        }
    }

private:
    int byte() {
        if (pos_ >= data_.size()) return ok_ = false, 0;
        return static_cast<unsigned char>(data_[pos_++]);
    }
    std::size_t size() {  // MSB first, 7 bits a byte, the last byte has 0x80
        std::size_t x = 0;
        for (int i = 0; i < 10 && ok_; ++i) {
            const int b = byte();
            x = (x << 7) | static_cast<std::size_t>(b & 0x7f);
            if (b & 0x80) return x;
        }
        ok_ = false;
        return 0;
    }
    void skip(std::size_t n) {
        if (pos_ + n > data_.size()) ok_ = false;
        else pos_ += n;
    }
    void skip_string() {
        const std::size_t n = size();
        if (n > 0) skip(n - 1);
    }

    std::string_view data_;
    std::size_t pos_ = 0;
    bool ok_ = true;
    std::size_t instruction_size_ = 4, integer_size_ = 8, number_size_ = 8;
};

int dump_writer(lua_State*, const void* p, std::size_t size, void* ud) {
    try {
        static_cast<std::string*>(ud)->append(static_cast<const char*>(p), size);
        return 0;
    } catch (...) {
        return 1;
    }
}

}  // namespace

// Executable lines of the compiled chunk on top of the stack (sorted, unique).
std::vector<std::uint32_t> executable_lines(lua_State* L) {
    std::string dump;
    std::vector<std::uint32_t> lines;
    if (lua_dump(L, dump_writer, &dump, 0) != 0) return lines;
    DumpReader reader(dump);
    if (reader.header()) reader.function(lines);
    if (!reader.ok()) lines.clear();
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    return lines;
}

}  // namespace budgetcheck::lua
