#include "src/expr/field_access.h"

#include <google/protobuf/descriptor.h>

#include <tuple>

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

ColumnRead FindColumnRead(const google::protobuf::FieldDescriptor* list,
                          const google::protobuf::FieldDescriptor* via,
                          const google::protobuf::FieldDescriptor* leaf) {
  using Key = std::tuple<const google::protobuf::FieldDescriptor*,
                         const google::protobuf::FieldDescriptor*,
                         const google::protobuf::FieldDescriptor*>;
  static const auto* const by_path = [] {
    auto* map = new absl::flat_hash_map<Key, ColumnRead>();
    for (int i = 0; i < internal::kColumnTableSize; ++i) {
      const internal::ColumnEntry& e = internal::kColumnTable[i];
      const google::protobuf::FieldDescriptor* l = e.descriptor()->FindFieldByNumber(e.list);
      if (l == nullptr || l->message_type() == nullptr) continue;
      const google::protobuf::FieldDescriptor* v =
          e.via == 0 ? nullptr : l->message_type()->FindFieldByNumber(e.via);
      if (e.via != 0 && (v == nullptr || v->message_type() == nullptr)) continue;
      const google::protobuf::Descriptor* holder =
          v != nullptr ? v->message_type() : l->message_type();
      const google::protobuf::FieldDescriptor* f = holder->FindFieldByNumber(e.leaf);
      if (f != nullptr) (*map)[Key(l, v, f)] = e.read;
    }
    return map;
  }();
  auto it = by_path->find(Key(list, via, leaf));
  return it == by_path->end() ? nullptr : it->second;
}

}  // namespace povmon::expr
