// Text from records (household ids, names, messages quoting them) on its way
// to a terminal: control characters and invalid UTF-8 made visible, so that
// no record can move the cursor, clear the screen, retitle the window or
// hide a line of an explanation.
#ifndef POVMON_TERMINAL_TEXT_H_
#define POVMON_TERMINAL_TEXT_H_

#include <string>
#include <string_view>

namespace povmon {

// `text` with every C0 control character but line feed (and tab when
// `keep_tab`), DEL, every C1 control character (U+0080..U+009F) and every
// byte that is not part of valid UTF-8 written as \xNN (C1 as \u{NN});
// everything else, line feeds included, unchanged.
std::string EscapeControls(std::string_view text, bool keep_tab = true);

// The same, line feeds escaped too (\n): for a value printed on one line.
std::string EscapeControlsInLine(std::string_view text);

}  // namespace povmon

#endif  // POVMON_TERMINAL_TEXT_H_
