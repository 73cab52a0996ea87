#include "schema/uri.hpp"

#include <optional>

namespace budgetcheck::schema {
namespace {

struct Components {
    std::optional<std::string_view> scheme, authority, query, fragment;
    std::string_view path;
};

bool is_scheme_char(char c, bool first) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (first) return alpha;
    return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

Components parse(std::string_view uri) {
    Components c;
    if (const auto hash = uri.find('#'); hash != std::string_view::npos) {
        c.fragment = uri.substr(hash + 1);
        uri = uri.substr(0, hash);
    }
    if (const auto question = uri.find('?'); question != std::string_view::npos) {
        c.query = uri.substr(question + 1);
        uri = uri.substr(0, question);
    }
    if (const auto colon = uri.find(':'); colon != std::string_view::npos && colon > 0) {
        bool scheme = true;
        for (std::size_t i = 0; i < colon && scheme; ++i) scheme = is_scheme_char(uri[i], i == 0);
        if (scheme) {
            c.scheme = uri.substr(0, colon);
            uri = uri.substr(colon + 1);
        }
    }
    if (uri.starts_with("//")) {
        const auto end = uri.find('/', 2);
        c.authority = uri.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
        uri = end == std::string_view::npos ? std::string_view{} : uri.substr(end);
    }
    c.path = uri;
    return c;
}

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string_view input) {
    std::string output;
    while (!input.empty()) {
        if (input.starts_with("../")) {
            input.remove_prefix(3);
        } else if (input.starts_with("./")) {
            input.remove_prefix(2);
        } else if (input.starts_with("/./")) {
            input.remove_prefix(2);
        } else if (input == "/.") {
            input = "/";
        } else if (input.starts_with("/../") || input == "/..") {
            input = input.size() == 3 ? std::string_view("/") : input.substr(3);
            const auto slash = output.rfind('/');
            output.erase(slash == std::string::npos ? 0 : slash);
        } else if (input == "." || input == "..") {
            input = {};
        } else {
            const auto next = input.find('/', input.front() == '/' ? 1 : 0);
            output += input.substr(0, next);
            input = next == std::string_view::npos ? std::string_view{} : input.substr(next);
        }
    }
    return output;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string resolve_uri(std::string_view base, std::string_view reference) {
    const Components r = parse(reference);
    const Components b = parse(base);
    Components t;
    std::string path;
    if (r.scheme) {
        t = r;
        path = remove_dot_segments(r.path);
    } else {
        t.scheme = b.scheme;
        if (r.authority) {
            t.authority = r.authority;
            path = remove_dot_segments(r.path);
            t.query = r.query;
        } else {
            t.authority = b.authority;
            if (r.path.empty()) {
                path = b.path;
                t.query = r.query ? r.query : b.query;
            } else {
                if (r.path.front() == '/') {
                    path = remove_dot_segments(r.path);
                } else if (b.authority && b.path.empty()) {
                    path = remove_dot_segments("/" + std::string(r.path));
                } else {
                    const auto slash = b.path.rfind('/');
                    const std::string merged =
                        std::string(slash == std::string_view::npos ? std::string_view{}
                                                                    : b.path.substr(0, slash + 1)) +
                        std::string(r.path);
                    path = remove_dot_segments(merged);
                }
                t.query = r.query;
            }
        }
    }
    t.fragment = r.fragment;

    std::string out;
    if (t.scheme) out.append(*t.scheme).append(":");
    if (t.authority) out.append("//").append(*t.authority);
    out += path;
    if (t.query) out.append("?").append(*t.query);
    if (t.fragment) out.append("#").append(*t.fragment);
    return out;
}

UriParts split_fragment(std::string_view uri) {
    const auto hash = uri.find('#');
    if (hash == std::string_view::npos) return {uri, {}};
    return {uri.substr(0, hash), uri.substr(hash + 1)};
}

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace budgetcheck::schema
