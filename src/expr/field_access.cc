#include "src/expr/field_access.h"

#include <google/protobuf/descriptor.h>

#include "absl/container/flat_hash_map.h"

namespace povmon::expr {

const FieldAccess* FindFieldAccess(const google::protobuf::FieldDescriptor* field) {
  // Built once per process from the generated table, at the first plan.
  static const auto* const by_field = [] {
    auto* map = new absl::flat_hash_map<const google::protobuf::FieldDescriptor*,
                                        const FieldAccess*>();
    for (int i = 0; i < internal::kFieldAccessTableSize; ++i) {
      const internal::FieldAccessEntry& e = internal::kFieldAccessTable[i];
      const google::protobuf::FieldDescriptor* fd = e.descriptor()->FindFieldByNumber(e.number);
      if (fd != nullptr) (*map)[fd] = &e.access;
    }
    return map;
  }();
  auto it = by_field->find(field);
  return it == by_field->end() ? nullptr : it->second;
}

}  // namespace povmon::expr
