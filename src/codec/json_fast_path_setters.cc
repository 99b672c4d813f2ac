#include "src/codec/json_fast_path_setters.h"

#include "absl/container/flat_hash_map.h"

namespace povmon {
namespace json_reader_internal {

const FieldSetter* FindFieldSetter(const google::protobuf::FieldDescriptor* field) {
  // Built once per process from the generated table, at the first reader.
  static const auto* const by_field = [] {
    auto* map = new absl::flat_hash_map<const google::protobuf::FieldDescriptor*,
                                        const FieldSetter*>();
    for (int i = 0; i < kFieldSetterTableSize; ++i) {
      const FieldSetterEntry& e = kFieldSetterTable[i];
      const google::protobuf::FieldDescriptor* fd = e.descriptor()->FindFieldByNumber(e.number);
      if (fd != nullptr) (*map)[fd] = &e.setter;
    }
    return map;
  }();
  auto it = by_field->find(field);
  return it == by_field->end() ? nullptr : it->second;
}

const google::protobuf::Message* GeneratedPrototype(const google::protobuf::Descriptor* type) {
  static const auto* const by_type = [] {
    auto* map = new absl::flat_hash_map<const google::protobuf::Descriptor*,
                                        const google::protobuf::Message*>();
    for (int i = 0; i < kGeneratedTypeTableSize; ++i) {
      const GeneratedTypeEntry& e = kGeneratedTypeTable[i];
      (*map)[e.descriptor()] = &e.prototype();
    }
    return map;
  }();
  auto it = by_type->find(type);
  return it == by_type->end() ? nullptr : it->second;
}

}  // namespace json_reader_internal
}  // namespace povmon
