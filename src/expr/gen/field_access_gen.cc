// Writes the table of direct field accessors (src/expr/field_access.h) for
// every message of the given .proto files, from their compiled-in
// descriptors:
//
//   povmon_field_access_gen OUT.cc povmon/v1/household.proto ...
//
// Each field gets small functions calling the generated class's own
// accessors; maps and extensions get none (they stay with Reflection).
#include <google/protobuf/descriptor.h>

#include <cstdio>
#include <fstream>
#include <set>
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

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;

// "povmon.v1.Outer.Inner" -> "::povmon::v1::Outer_Inner".
std::string ClassName(const Descriptor* d) {
  std::string name = d->name();
  for (const Descriptor* p = d->containing_type(); p != nullptr; p = p->containing_type()) {
    name = p->name() + "_" + name;
  }
  std::string package = d->file()->package();
  std::string out = "::";
  for (char c : package) {
    if (c == '.') {
      out += "::";
    } else {
      out += c;
    }
  }
  return out + "::" + name;
}

// protoc's accessor name: the field name in lower case, with a trailing
// underscore when that is a C++ keyword.
std::string Accessor(const FieldDescriptor* f) {
  static const std::set<std::string> kKeywords = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
      "case", "catch", "char", "class", "compl", "const", "constexpr", "const_cast", "continue",
      "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
      "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline",
      "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr",
      "operator", "or", "or_eq", "private", "protected", "public", "register",
      "reinterpret_cast", "return", "short", "signed", "sizeof", "static", "static_assert",
      "static_cast", "struct", "switch", "template", "this", "thread_local", "throw", "true",
      "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void",
      "volatile", "wchar_t", "while", "xor", "xor_eq"};
  std::string name;
  for (char c : f->name()) name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (kKeywords.count(name) != 0) name += "_";
  return name;
}

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

void Collect(const Descriptor* d, std::vector<const Descriptor*>* out) {
  if (d->options().map_entry()) return;
  out->push_back(d);
  for (int i = 0; i < d->nested_type_count(); ++i) Collect(d->nested_type(i), out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: povmon_field_access_gen OUT.cc FILE.proto...\n");
    return 2;
  }
  std::vector<const Descriptor*> messages;
  std::ostringstream includes;
  for (int a = 2; a < argc; ++a) {
    const FileDescriptor* file =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(argv[a]);
    if (file == nullptr) {
      std::fprintf(stderr, "povmon_field_access_gen: %s is not compiled in\n", argv[a]);
      return 1;
    }
    std::string header = argv[a];
    header = header.substr(0, header.size() - 6) + ".pb.h";
    includes << "#include \"" << header << "\"\n";
    for (int i = 0; i < file->message_type_count(); ++i) Collect(file->message_type(i), &messages);
  }
  std::ostringstream functions;
  std::ostringstream table;
  int n = 0;
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
    }
  }
  std::ofstream out(argv[1]);
  out << "// Generated by povmon_field_access_gen from the schema's descriptors. Do not edit.\n"
      << "#include <cstdint>\n#include <string_view>\n\n"
      << "#include \"src/expr/field_access.h\"\n"
      << includes.str() << "\n"
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
      << "}  // namespace povmon::expr::internal\n";
  out.close();
  if (!out) {
    std::fprintf(stderr, "povmon_field_access_gen: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
