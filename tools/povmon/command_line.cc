#include "tools/povmon/command_line.h"

#include <algorithm>
#include <iostream>
#include <memory>
#include <utility>

#include "tools/povmon/commands.h"

namespace povmon::cli {
namespace {

constexpr std::size_t kHelpWidth = 80;
constexpr std::size_t kOptionColumn = 32;

// Characters, not bytes: UTF-8 continuation bytes are not counted.
std::size_t Width(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// `text` with its words on lines of at most `width` characters (a longer
// word gets a line of its own).
std::string Wrap(const std::string& text, std::size_t width) {
  std::string out, word;
  std::size_t column = 0;
  auto flush = [&] {
    if (word.empty()) return;
    std::size_t w = Width(word);
    if (column > 0 && column + 1 + w > width) {
      out += '\n';
      column = 0;
    } else if (column > 0) {
      out += ' ';
      ++column;
    }
    out += word;
    column += w;
    word.clear();
  };
  for (char c : text) {
    if (c == ' ') {
      flush();
    } else if (c == '\n') {
      flush();
      out += '\n';
      column = 0;
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

// CLI11's help, laid out for a terminal: the command's own synopsis first,
// then what it does, its options with their descriptions wrapped beside
// them, and its exit statuses.
class Formatter : public CLI::Formatter {
 public:
  explicit Formatter(std::string usage) : usage_(std::move(usage)) {
    column_width(kOptionColumn);
    label("REQUIRED", "(required)");
  }
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override {
    std::string out = make_usage(app, name);
    if (!app->get_description().empty()) {
      out += "\n" + Wrap(app->get_description(), kHelpWidth) + "\n";
    }
    out += make_positionals(app);
    out += make_groups(app, mode);
    if (!app->get_footer().empty()) out += "\n" + Wrap(app->get_footer(), kHelpWidth) + "\n";
    return out;
  }
  std::string make_usage(const CLI::App*, std::string) const override {
    return "usage: " + usage_ + "\n";
  }
  // "--progress,--no-progress", without CLI11's "{false}" after a negated
  // flag's name.
  std::string make_option_name(const CLI::Option* option, bool positional) const override {
    std::string name = CLI::Formatter::make_option_name(option, positional);
    for (std::size_t at; (at = name.find("{false}")) != std::string::npos;) name.erase(at, 7);
    return name;
  }
  std::string make_option_desc(const CLI::Option* option) const override {
    return Wrap(option->get_description(), kHelpWidth - kOptionColumn);
  }

 private:
  std::string usage_;
};

// Edit distance, for "did you mean".
std::size_t Distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

CommandLine::CommandLine(const char* command, std::string usage, std::string description,
                         std::string footer)
    : command_(command), usage_(std::move(usage)),
      app_(std::move(description), std::string("povmon ") + command) {
  app_.formatter(std::make_shared<Formatter>(usage_));
  app_.set_help_flag("-h,--help", "print this help and exit");
  if (!footer.empty()) app_.footer(std::move(footer));
}

CLI::Option* CommandLine::Value(const std::string& names, std::string* value,
                                const std::string& type, const std::string& help) {
  return app_.add_option(names, *value, help)
      ->type_name(type)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

CLI::Option* CommandLine::Repeated(const std::string& names, std::vector<std::string>* values,
                                   const std::string& type, const std::string& help) {
  // One value per occurrence: `--set a=1 FILE` leaves FILE to the input.
  return app_.add_option(names, *values, help)->type_name(type)->allow_extra_args(false);
}

CLI::Option* CommandLine::Input(std::string* path, const std::string& help) {
  return app_.add_option("FILE", *path, help)->type_name("");
}

std::optional<int> CommandLine::Parse(const std::vector<std::string>& args) {
  // CLI11 reads `--help=x` as a request for help; it is a mistake.
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg.rfind("--help=", 0) == 0 || arg.rfind("-h=", 0) == 0) {
      return UsageError("--help takes no value (" + arg + ")");
    }
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  try {
    app_.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::cout << app_.help();
    return kOk;
  } catch (const CLI::ParseError& e) {
    if (std::string taken = OptionTakenForAValue(); !taken.empty()) return UsageError(taken);
    return UsageError(Message(e));
  }
  if (std::string taken = OptionTakenForAValue(); !taken.empty()) return UsageError(taken);
  return std::nullopt;
}

std::string CommandLine::OptionTakenForAValue() const {
  // CLI11 gives an option the next argument whatever it looks like:
  // `--as-of --policy P` would make "--policy" the date.
  for (const CLI::Option* o : app_.get_options()) {
    if (o->get_positional()) continue;
    for (const std::string& value : o->results()) {
      if (value.size() < 2 || value[0] != '-') continue;
      if (app_.get_option_no_throw(value.substr(0, value.find('='))) == nullptr) continue;
      return o->get_name() + " needs a value (" + value + " is an option)";
    }
  }
  return "";
}

int CommandLine::UsageError(const std::string& message) const {
  std::cerr << "povmon " << command_ << ": " << message << "\n"
            << "usage: " << usage_ << "\n"
            << "(povmon " << command_ << " --help describes every option)\n";
  return kFailed;
}

std::string CommandLine::Suggestion(const std::string& option) const {
  std::string best;
  std::size_t best_distance = 3;  // at most two edits away
  for (const CLI::Option* o : app_.get_options()) {
    for (const std::string& name : o->get_lnames()) {
      std::size_t d = Distance(option, "--" + name);
      if (d < best_distance) {
        best_distance = d;
        best = "--" + name;
      }
    }
  }
  return best.empty() ? "" : " (did you mean " + best + "?)";
}

std::string CommandLine::Message(const CLI::ParseError& error) const {
  const std::string what = error.what();
  // An unknown option first, whatever else went wrong: `--polcy X` is a
  // misspelt --policy, not a missing one.
  std::vector<std::string> extras = app_.remaining();
  for (const std::string& a : extras) {
    if (a.size() > 1 && a[0] == '-') {
      std::string option = a.substr(0, a.find('='));
      return "unknown option " + option + Suggestion(option);
    }
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    if (!extras.empty()) {
      std::string positional = "argument";
      for (const CLI::Option* o : app_.get_options()) {
        if (o->get_positional()) positional = o->get_name();
      }
      return "one " + positional + " at most; \"" + extras.front() + "\" is one too many";
    }
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr &&
      what.find(" missing") != std::string::npos) {
    return what.substr(0, what.find(':')) + " needs a value";
  }
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    std::string name = what.substr(0, what.find(" is required"));
    if (const CLI::Option* o = app_.get_option_no_throw(name); o != nullptr) {
      if (!o->get_type_name().empty() && !o->get_positional()) {
        return name + " " + o->get_type_name() + " is required";
      }
    }
  }
  return what;
}

}  // namespace povmon::cli
