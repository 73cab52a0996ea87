// Small blocks for one Lua state (issue 12 item 11): Lua allocates and frees
// hundreds of thousands of small objects per validation (table headers, hash
// parts, strings, closures), and glibc's malloc/realloc/free were ≈ 9 % of a
// typical validation's instructions. Blocks up to kLargest bytes come from
// one region reserved per host, in 16-byte size classes with a free list
// each; larger blocks, and everything once the region is used up, go to
// malloc. Lua passes every block's size back on free and realloc, so blocks
// carry no header.
//
// The accounting in state.cpp's allocator is unchanged: it counts the sizes
// Lua asks for, never the pool's rounding. What the pool keeps after its
// blocks are freed stays with the host (at most kRegion bytes of touched
// pages, docs/performance.md). Sanitizer builds use malloc alone, so ASan
// still sees every use after free.
#pragma once

#include <cstddef>
#include <cstdint>

namespace budgetcheck::lua {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kPooled = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kPooled = false;
#else
inline constexpr bool kPooled = true;
#endif
#else
inline constexpr bool kPooled = true;
#endif

class BlockPool {
public:
    static constexpr std::size_t kGranule = 16;
    static constexpr std::size_t kLargest = 512;
    static constexpr std::size_t kRegion = std::size_t{4} << 20;

    BlockPool() = default;
    BlockPool(const BlockPool&) = delete;
    BlockPool& operator=(const BlockPool&) = delete;
    ~BlockPool();

    // realloc's contract as Lua's allocator needs it (`old` is the block's
    // size, 0 for a new block; `size` > 0): the block, moved or not, or
    // nullptr with `ptr` untouched. Inline: it runs for every allocation.
    void* resize(void* ptr, std::size_t old, std::size_t size) {
        if (!ptr) {
            if (size <= kLargest) {
                if (FreeBlock* b = free_[class_of(size)]) {
                    free_[class_of(size)] = b->next;
                    return b;
                }
            }
            return fresh(size);
        }
        if (owns(ptr) && size <= kLargest && class_of(size) == class_of(old)) return ptr;
        return move(ptr, old, size);
    }
    void release(void* ptr, std::size_t old) {
        if (!owns(ptr)) return release_elsewhere(ptr);
        auto* b = static_cast<FreeBlock*>(ptr);
        b->next = free_[class_of(old)];
        free_[class_of(old)] = b;
    }

private:
    static std::size_t class_of(std::size_t size) { return (size + kGranule - 1) / kGranule; }
    bool owns(const void* p) const {
        return base_ != nullptr && static_cast<const char*>(p) >= base_ && static_cast<const char*>(p) < base_ + kRegion;
    }
    void* take(std::size_t size);
    void* fresh(std::size_t size);  // a new block when its class's free list is empty
    void* move(void* ptr, std::size_t old, std::size_t size);
    static void release_elsewhere(void* ptr);  // malloc's

    struct FreeBlock {
        FreeBlock* next;
    };
    char* base_ = nullptr;
    std::size_t next_ = 0;  // bytes of the region handed out at least once
    bool reserved_ = false;  // tried to reserve the region (it may have failed)
    FreeBlock* free_[kLargest / kGranule + 1] = {};
};

}  // namespace budgetcheck::lua
