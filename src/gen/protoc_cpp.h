// What protoc's C++ generator calls a message's class and a field's
// accessors, and the messages of compiled-in .proto files: shared by
// povmon's build-time generators (src/expr/gen/field_access_gen.cc,
// src/codec/gen/json_setters_gen.cc), which write code calling the generated
// classes directly.
#ifndef POVMON_SRC_GEN_PROTOC_CPP_H_
#define POVMON_SRC_GEN_PROTOC_CPP_H_

#include <google/protobuf/descriptor.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace povmon::gen {

// "povmon.v1.Outer.Inner" -> "::povmon::v1::Outer_Inner" (protoc's class).
inline std::string ClassName(const google::protobuf::Descriptor* d) {
  std::string name = d->name();
  for (const google::protobuf::Descriptor* p = d->containing_type(); p != nullptr;
       p = p->containing_type()) {
    name = p->name() + "_" + name;
  }
  std::string out = "::";
  for (char c : d->file()->package()) {
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
inline std::string Accessor(const google::protobuf::FieldDescriptor* f) {
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

// `d` and the messages nested in it, depth first; map entries have no class
// of their own.
inline void CollectMessages(const google::protobuf::Descriptor* d,
                            std::vector<const google::protobuf::Descriptor*>* out) {
  if (d->options().map_entry()) return;
  out->push_back(d);
  for (int i = 0; i < d->nested_type_count(); ++i) CollectMessages(d->nested_type(i), out);
}

// The messages of the .proto files argv[2..] (compiled into the generator),
// in file order, and an #include line per file's .pb.h. False, with the
// reason on stderr, when a file is not compiled in.
inline bool CompiledMessages(const char* program, int argc, char** argv,
                             std::vector<const google::protobuf::Descriptor*>* messages,
                             std::string* includes) {
  for (int a = 2; a < argc; ++a) {
    const google::protobuf::FileDescriptor* file =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(argv[a]);
    if (file == nullptr) {
      std::fprintf(stderr, "%s: %s is not compiled in\n", program, argv[a]);
      return false;
    }
    std::string header = argv[a];
    header = header.substr(0, header.size() - 6) + ".pb.h";
    *includes += "#include \"" + header + "\"\n";
    for (int i = 0; i < file->message_type_count(); ++i) {
      CollectMessages(file->message_type(i), messages);
    }
  }
  return true;
}

}  // namespace povmon::gen

#endif  // POVMON_SRC_GEN_PROTOC_CPP_H_
