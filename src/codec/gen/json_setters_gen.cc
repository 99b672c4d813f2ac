// Writes the table of direct field setters for the JSON reader's fast path
// (src/codec/json_fast_path_setters.h) for every message of the given .proto
// files, from their compiled-in descriptors:
//
//   povmon_json_setters_gen OUT.cc povmon/v1/household.proto ...
//
// Each bool, integer, enum, string and message field gets one small function
// calling the generated class's own setter; maps, floats, doubles, bytes and
// extensions get none (the reader does not take them on its fast path).
#include <google/protobuf/descriptor.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "povmon/v1/assistance.pb.h"
#include "povmon/v1/common.pb.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/facts.pb.h"
#include "povmon/v1/household.pb.h"
#include "povmon/v1/lifecycle.pb.h"
#include "povmon/v1/policy.pb.h"
#include "src/gen/protoc_cpp.h"

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using povmon::gen::Accessor;
using povmon::gen::ClassName;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: povmon_json_setters_gen OUT.cc FILE.proto...\n");
    return 2;
  }
  std::vector<const Descriptor*> messages;
  std::string includes;
  if (!povmon::gen::CompiledMessages("povmon_json_setters_gen", argc, argv, &messages, &includes)) {
    return 1;
  }
  std::ostringstream functions;
  std::ostringstream fields;
  std::ostringstream types;
  int n = 0;
  for (const Descriptor* d : messages) {
    const std::string cls = ClassName(d);
    types << "    {&" << cls << "::descriptor, &Prototype<" << cls << ">},\n";
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (f->is_map()) continue;
      const std::string self = "static_cast<" + cls + "*>(m)";
      const std::string name = Accessor(f);
      const bool repeated = f->is_repeated();
      // The value's type, as the generated getter returns it (an enum's
      // own type without naming it).
      const std::string value_type =
          "decltype(std::declval<const " + cls + "&>()." + name + (repeated ? "(0)" : "()") + ")";
      const std::string id = std::to_string(n);
      std::string entry;
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_BOOL:
        case FieldDescriptor::CPPTYPE_INT32:
        case FieldDescriptor::CPPTYPE_INT64:
        case FieldDescriptor::CPPTYPE_UINT32:
        case FieldDescriptor::CPPTYPE_UINT64:
        case FieldDescriptor::CPPTYPE_ENUM: {
          std::string value;
          if (f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
            value = "v != 0";
          } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
            value = "static_cast<" + value_type + ">(static_cast<int>(static_cast<std::uint32_t>(v)))";
          } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT32) {
            value = "static_cast<std::int32_t>(static_cast<std::uint32_t>(v))";
          } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_UINT32) {
            value = "static_cast<std::uint32_t>(v)";
          } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
            value = "static_cast<std::int64_t>(v)";
          } else {
            value = "v";
          }
          functions << "// " << f->full_name() << "\n"
                    << "void N" << id << "(Message* m, std::uint64_t v) { " << self << "->"
                    << (repeated ? "add_" : "set_") << name << "(" << value << "); }\n";
          entry = "{&N" + id + ", nullptr, nullptr}";
          break;
        }
        case FieldDescriptor::CPPTYPE_STRING:
          if (f->type() == FieldDescriptor::TYPE_BYTES) continue;
          // clear() and append() (libstdc++'s _M_append) rather than
          // assign() (its _M_replace, which also handles overlapping text):
          // the same string, fewer instructions; both keep the capacity.
          functions << "// " << f->full_name() << "\n"
                    << "void S" << id << "(Message* m, std::string_view s) { ";
          if (!repeated && !f->has_presence()) {
            // A singular string without presence that is not the shared
            // empty default is the message's own, allocated on the heap
            // when the message is not on an arena (ArenaStringPtr's
            // kAllocated: mutable): it is written where it is, without
            // mutable_x()'s out-of-line ArenaStringPtr::Mutable, which would
            // return the same string. Anything else goes through mutable_x().
            functions << "auto* self = " << self << "; const std::string& current = self->" << name
                      << "(); std::string* t = &current != &" << cls << "::default_instance()."
                      << name << "() && self->GetArena() == nullptr ? "
                      << "const_cast<std::string*>(&current) : self->mutable_" << name << "(); ";
          } else {
            functions << "std::string* t = " << self << "->" << (repeated ? "add_" : "mutable_")
                      << name << "(); ";
          }
          functions << "t->clear(); t->append(s.data(), s.size()); }\n";
          entry = "{nullptr, &S" + id + ", nullptr}";
          break;
        case FieldDescriptor::CPPTYPE_MESSAGE:
          functions << "// " << f->full_name() << "\n"
                    << "Message* M" << id << "(Message* m) { return " << self << "->"
                    << (repeated ? "add_" : "mutable_") << name << "(); }\n";
          entry = "{nullptr, nullptr, &M" + id + "}";
          break;
        default:  // float, double
          continue;
      }
      fields << "    {&" << cls << "::descriptor, " << f->number() << ", " << entry << "},\n";
      ++n;
    }
  }
  std::ofstream out(argv[1]);
  out << "// Generated by povmon_json_setters_gen from the schema's descriptors. Do not edit.\n"
      << "#include <cstdint>\n#include <string>\n#include <string_view>\n#include <utility>\n\n"
      << "#include \"src/codec/json_fast_path_setters.h\"\n"
      << includes << "\n"
      << "namespace povmon {\nnamespace json_reader_internal {\nnamespace {\n\n"
      << "using google::protobuf::Message;\n\n"
      << "template <typename T>\nconst Message& Prototype() {\n  return T::default_instance();\n}\n\n"
      << functions.str() << "\n}  // namespace\n\n"
      << "const FieldSetterEntry kFieldSetterTable[] = {\n"
      << fields.str() << "};\n"
      << "const int kFieldSetterTableSize = " << n << ";\n\n"
      << "const GeneratedTypeEntry kGeneratedTypeTable[] = {\n"
      << types.str() << "};\n"
      << "const int kGeneratedTypeTableSize = " << messages.size() << ";\n\n"
      << "}  // namespace json_reader_internal\n}  // namespace povmon\n";
  out.close();
  if (!out) {
    std::fprintf(stderr, "povmon_json_setters_gen: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
