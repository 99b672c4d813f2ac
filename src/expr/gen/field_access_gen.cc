// Writes the table of direct field accessors (src/expr/field_access.h) for
// every message of the given .proto files, from their compiled-in
// descriptors:
//
//   povmon_field_access_gen OUT.cc povmon/v1/household.proto ...
//
// Each field gets small functions calling the generated class's own
// accessors; maps and extensions get none (they stay with Reflection).
// Each repeated message field also gets, for every bool, integer or enum
// field of its element (e.g. Member.labour_capacity) and of the element's
// singular message fields (Member.employment.public_body_stable_salary), a
// column read: that number of every element, in one call.
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

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using povmon::gen::Accessor;
using povmon::gen::ClassName;

// The expression that makes a Value of `read` (a C++ expression).
std::string MakeValue(const FieldDescriptor* f, const std::string& read) {
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      return "Value::Bool(" + read + ")";
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
      return "Value::Int(static_cast<std::int64_t>(" + read + "))";
    case FieldDescriptor::CPPTYPE_ENUM:
      return "Value::Enum(static_cast<std::int64_t>(" + read + "))";
    case FieldDescriptor::CPPTYPE_STRING:
      return "StringValue(" + read + ")";
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return "MessageValue(&" + read + ")";
    default:
      return "";
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: povmon_field_access_gen OUT.cc FILE.proto...\n");
    return 2;
  }
  std::vector<const Descriptor*> messages;
  std::string includes;
  if (!povmon::gen::CompiledMessages("povmon_field_access_gen", argc, argv, &messages, &includes)) {
    return 1;
  }
  std::ostringstream functions;
  std::ostringstream table;
  std::ostringstream columns;
  int n = 0;
  int column_count = 0;
  const auto is_number = [](const FieldDescriptor* f) {
    return !f->is_repeated() && (f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL ||
                                 f->cpp_type() == FieldDescriptor::CPPTYPE_INT32 ||
                                 f->cpp_type() == FieldDescriptor::CPPTYPE_INT64 ||
                                 f->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 ||
                                 f->cpp_type() == FieldDescriptor::CPPTYPE_ENUM);
  };
  // The column read of `list`'s elements' `via`.`leaf` (`via` null: the
  // element's own `leaf`).
  const auto column = [&](const Descriptor* d, const FieldDescriptor* list,
                          const FieldDescriptor* via, const FieldDescriptor* leaf) {
    const std::string read = "e." + (via != nullptr ? Accessor(via) + "()." : std::string()) +
                             Accessor(leaf) + "()";
    functions << "void C" << column_count << "(const Message& m, std::int64_t* out) {\n"
              << "  for (const auto& e : static_cast<const " << ClassName(d) << "&>(m)."
              << Accessor(list) << "()) *out++ = static_cast<std::int64_t>(" << read
              << ");\n}\n";
    columns << "    {&" << ClassName(d) << "::descriptor, " << list->number() << ", "
            << (via != nullptr ? via->number() : 0) << ", " << leaf->number() << ", &C"
            << column_count << "},\n";
    ++column_count;
  };
  for (const Descriptor* d : messages) {
    const std::string cls = ClassName(d);
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (f->is_map() || f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE ||
          f->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT ||
          f->cpp_type() == FieldDescriptor::CPPTYPE_UINT64) {
        continue;
      }
      const std::string self = "static_cast<const " + cls + "&>(m)";
      const std::string name = Accessor(f);
      functions << "// " << f->full_name() << "\n";
      // The typed reads (FieldAccess::number, message and their element
      // forms): numbers for bool, integer and enum fields, a pointer for
      // message fields.
      const bool number = f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL ||
                          f->cpp_type() == FieldDescriptor::CPPTYPE_INT32 ||
                          f->cpp_type() == FieldDescriptor::CPPTYPE_INT64 ||
                          f->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 ||
                          f->cpp_type() == FieldDescriptor::CPPTYPE_ENUM;
      const bool message = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
      const std::string index = f->is_repeated() ? "(i)" : "()";
      const std::string params = f->is_repeated() ? "(const Message& m, int i)" : "(const Message& m)";
      if (number) {
        functions << "std::int64_t N" << n << params << " { return static_cast<std::int64_t>("
                  << self << "." << name << index << "); }\n";
      }
      if (message) {
        functions << "const Message* P" << n << params << " { return &" << self << "." << name
                  << index << "; }\n";
      }
      const std::string typed_number = number ? "&N" + std::to_string(n) : "nullptr";
      const std::string typed_message = message ? "&P" + std::to_string(n) : "nullptr";
      if (f->is_repeated()) {
        functions << "int S" << n << "(const Message& m) { return " << self << "." << name
                  << "_size(); }\n";
        functions << "Value E" << n << "(const Message& m, int i) { return "
                  << MakeValue(f, self + "." + name + "(i)") << "; }\n";
        table << "    {&" << cls << "::descriptor, " << f->number() << ", {nullptr, &S" << n
              << ", &E" << n << ", nullptr, nullptr, " << typed_number << ", " << typed_message
              << "}},\n";
      } else {
        functions << "Value G" << n << "(const Message& m) { return "
                  << MakeValue(f, self + "." + name + "()") << "; }\n";
        table << "    {&" << cls << "::descriptor, " << f->number() << ", {&G" << n
              << ", nullptr, nullptr, " << typed_number << ", " << typed_message
              << ", nullptr, nullptr}},\n";
      }
      ++n;
      if (f->is_repeated() && message && !f->is_map()) {
        const Descriptor* e = f->message_type();
        for (int j = 0; j < e->field_count(); ++j) {
          const FieldDescriptor* g = e->field(j);
          if (is_number(g)) column(d, f, nullptr, g);
          if (g->is_repeated() || g->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
          const Descriptor* s = g->message_type();
          for (int k = 0; k < s->field_count(); ++k) {
            if (is_number(s->field(k))) column(d, f, g, s->field(k));
          }
        }
      }
    }
  }
  std::ofstream out(argv[1]);
  out << "// Generated by povmon_field_access_gen from the schema's descriptors. Do not edit.\n"
      << "#include <cstdint>\n#include <string_view>\n\n"
      << "#include \"src/expr/field_access.h\"\n"
      << includes << "\n"
      << "namespace povmon::expr::internal {\nnamespace {\n\n"
      << "using google::protobuf::Message;\n\n"
      << "Value StringValue(std::string_view s) {\n  Value v;\n  v.tag = ValueTag::kString;\n"
      << "  v.s = s;\n  return v;\n}\n\n"
      << "Value MessageValue(const Message* m) {\n  Value v;\n  v.tag = ValueTag::kMessage;\n"
      << "  v.message = m;\n  return v;\n}\n\n"
      << functions.str() << "\n}  // namespace\n\n"
      << "const FieldAccessEntry kFieldAccessTable[] = {\n"
      << table.str() << "};\n"
      << "const int kFieldAccessTableSize = " << n << ";\n\n"
      << "const ColumnEntry kColumnTable[] = {\n"
      << columns.str() << "};\n"
      << "const int kColumnTableSize = " << column_count << ";\n\n"
      << "}  // namespace povmon::expr::internal\n";
  out.close();
  if (!out) {
    std::fprintf(stderr, "povmon_field_access_gen: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
