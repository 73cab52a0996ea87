#include "lua/block_pool.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace budgetcheck::lua {

BlockPool::~BlockPool() {
    if (base_) munmap(base_, kRegion);
}

void* BlockPool::take(std::size_t size) {
    const std::size_t c = class_of(size);
    if (FreeBlock* b = free_[c]) {
        free_[c] = b->next;
        return b;
    }
    if (!reserved_) {
        reserved_ = true;
        // Address space only: pages cost memory when first written.
        void* p = kPooled ? mmap(nullptr, kRegion, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                                 -1, 0)
                          : MAP_FAILED;
        base_ = p == MAP_FAILED ? nullptr : static_cast<char*>(p);
    }
    const std::size_t bytes = c * kGranule;
    if (!base_ || kRegion - next_ < bytes) return nullptr;
    void* b = base_ + next_;
    next_ += bytes;
    return b;
}

void BlockPool::release_elsewhere(void* ptr) { std::free(ptr); }

void* BlockPool::fresh(std::size_t size) {
    if (void* b = size <= kLargest ? take(size) : nullptr) return b;
    return std::malloc(size);
}

void* BlockPool::move(void* ptr, std::size_t old, std::size_t size) {
    if (!owns(ptr)) return std::realloc(ptr, size);
    void* b = size <= kLargest ? take(size) : nullptr;
    if (!b) b = std::malloc(size);
    if (!b) return nullptr;
    std::memcpy(b, ptr, std::min(old, size));
    release(ptr, old);
    return b;
}

}  // namespace budgetcheck::lua
