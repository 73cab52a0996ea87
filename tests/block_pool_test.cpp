// engine/lua/block_pool: the small-block allocator under each Lua state.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "lua/block_pool.hpp"

using budgetcheck::lua::BlockPool;

namespace {

void fill(void* p, std::size_t n, unsigned char seed) {
    auto* b = static_cast<unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<unsigned char>(seed + i);
}

bool holds(const void* p, std::size_t n, unsigned char seed) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i)
        if (b[i] != static_cast<unsigned char>(seed + i)) return false;
    return true;
}

}  // namespace

TEST_CASE("a resized block keeps its bytes, within a size class, across classes and to and from malloc's sizes") {
    BlockPool pool;
    void* p = pool.resize(nullptr, 0, 24);
    REQUIRE(p != nullptr);
    fill(p, 24, 7);
    void* same = pool.resize(p, 24, 30);
    REQUIRE(same != nullptr);
    if (budgetcheck::lua::kPooled) CHECK(same == p);  // same 16-byte class (17..32): not moved
    CHECK(holds(same, 24, 7));
    void* q = pool.resize(same, 30, 100);  // another class: moved, bytes kept
    REQUIRE(q != nullptr);
    CHECK(holds(q, 24, 7));
    fill(q, 100, 9);
    void* r = pool.resize(q, 100, BlockPool::kLargest + 1000);  // beyond the pool: malloc
    REQUIRE(r != nullptr);
    CHECK(holds(r, 100, 9));
    void* s = pool.resize(r, BlockPool::kLargest + 1000, 40);  // a malloc block stays malloc's (realloc)
    REQUIRE(s != nullptr);
    CHECK(holds(s, 40, 9));
    pool.release(s, 40);
}

TEST_CASE("a freed block is handed out again for its size class, blocks are 16-byte aligned and never overlap") {
    BlockPool pool;
    std::vector<void*> blocks;
    for (std::size_t size = 1; size <= BlockPool::kLargest; size += 7) {
        void* p = pool.resize(nullptr, 0, size);
        REQUIRE(p != nullptr);
        CHECK(reinterpret_cast<std::uintptr_t>(p) % 16 == 0);
        fill(p, size, static_cast<unsigned char>(size));
        blocks.push_back(p);
    }
    std::size_t size = 1;
    for (void* p : blocks) {
        CHECK(holds(p, size, static_cast<unsigned char>(size)));
        size += 7;
    }
    void* a = pool.resize(nullptr, 0, 48);
    pool.release(a, 48);
    void* b = pool.resize(nullptr, 0, 40);
    if (budgetcheck::lua::kPooled) CHECK(b == a);  // 33..48: the same class, the block just freed
    pool.release(b, 40);
    size = 1;
    for (void* p : blocks) {
        pool.release(p, size);
        size += 7;
    }
}

TEST_CASE("when the region is used up, blocks come from malloc and are freed there") {
    BlockPool pool;
    std::vector<void*> blocks;
    const std::size_t n = BlockPool::kRegion / BlockPool::kLargest + 10;
    for (std::size_t i = 0; i < n; ++i) {
        void* p = pool.resize(nullptr, 0, BlockPool::kLargest);
        REQUIRE(p != nullptr);
        std::memset(p, static_cast<int>(i & 0xff), BlockPool::kLargest);
        blocks.push_back(p);
    }
    for (std::size_t i = 0; i < n; ++i)
        CHECK(static_cast<unsigned char*>(blocks[i])[BlockPool::kLargest - 1] == static_cast<unsigned char>(i & 0xff));
    for (void* p : blocks) pool.release(p, BlockPool::kLargest);
}
