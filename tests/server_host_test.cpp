// The Host check of `budgetcheck serve` against DNS rebinding: parsed, exact.
#include <doctest/doctest.h>

#include "server/host.hpp"

using namespace budgetcheck::server;

TEST_CASE("Host headers a browser sends for this server are allowed") {
    for (const char* host : {"127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "LocalHost.:8080", "[::1]:8080",
                             "[0:0:0:0:0:0:0:1]:8080", "127.255.3.4:8080", "127.0.0.1:08080"})
        CHECK_MESSAGE(host_allowed(host, 8080), host);
    CHECK(host_allowed("localhost", 80));
    CHECK(host_allowed("127.0.0.1", 80));
    CHECK(host_allowed("[::1]", 80));
}

TEST_CASE("Foreign names that merely start like loopback are refused") {
    for (const char* host :
         {"127.evil.example:8080", "127.0.0.1.evil.example:8080", "127.0.0.1.:8080", "localhost.evil.example:8080",
          "evil.example:8080", "localhost:8081", "127.0.0.1", "localhost", "127.0.0.1:80", "[::1]:8081",
          "128.0.0.1:8080", "127.1:8080", "0177.0.0.1:8080", "127.0.0.01:8080", "127.0.0.256:8080",
          "127.0.0.1.1:8080", "[::ffff:127.0.0.1]:8080", "[::2]:8080", "[localhost]:8080", "::1:8080",
          "127.0.0.1:8080:8080", "127.0.0.1:", "127.0.0.1:+8080", "127.0.0.1:99999", "[::1]x:8080", "[::1",
          "", ":8080", "localhost :8080", "local\nhost:8080", "user@localhost:8080", "localhost:8080/"})
        CHECK_MESSAGE(!host_allowed(host, 8080), host);
}

TEST_CASE("Host header parts") {
    const auto v6 = parse_host_header("[::1]:9");
    REQUIRE(v6);
    CHECK(v6->name == "::1");
    CHECK(v6->port == 9);
    const auto bare = parse_host_header("LocalHost");
    REQUIRE(bare);
    CHECK(bare->name == "LocalHost");
    CHECK(!bare->port);
    CHECK(!parse_host_header("localhost:0"));
    CHECK(!parse_host_header("localhost:123456"));
}

TEST_CASE("The addresses --host accepts as loopback") {
    for (const char* name : {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) CHECK_MESSAGE(is_loopback_name(name), name);
    for (const char* name : {"0.0.0.0", "::", "192.168.1.1", "127.0.0.1.nip.io", ""})
        CHECK_MESSAGE(!is_loopback_name(name), name);
}
