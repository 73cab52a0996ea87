// The field names a document schema defines for each object, for rule
// authors' typos: during check-rules and test a rule that reads a field the
// submission or policy schema does not define (`submission.investmnts`)
// fails with the closest defined name (engine/lua/field_check.cpp raises it).
// Derived from the schema itself, never from a hand-written list.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "json/document.hpp"

namespace budgetcheck::rules {

class FieldNames {
public:
    // `schema`: a draft-07 schema document; `name` as messages show it
    // ("schemas/submission.schema.json").
    FieldNames(std::shared_ptr<const json::Document> schema, std::string name);

    const std::string& schema_name() const { return name_; }

    struct Verdict {
        bool defined = true;
        std::string closest;  // the defined name closest to the field read, or ""
    };
    // Whether reading member `field` of `object` (a value of a document
    // valid under the schema) can be right: the schema defines it for that
    // object, or the object is open (additionalProperties not false and no
    // propertyNames pattern), or it is a year-keyed map whose
    // patternProperties / propertyNames pattern matches, or the schema
    // defines `field` for some other object. The last keeps generic code
    // working that probes several kinds of object (`v.name or v.label`);
    // a name the schema defines nowhere is a misspelling.
    Verdict check(json::Value object, std::string_view field) const;

private:
    std::shared_ptr<const json::Document> schema_;
    std::string name_;
    std::vector<std::string> all_names_;  // every name under any `properties`, sorted
};

}  // namespace budgetcheck::rules
