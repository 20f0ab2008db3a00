// HTML output shared by the respondent forms and the staff workspace: escaping and a tiny
// template language over files in web/templates/. Every text that came from a questionnaire
// file or a respondent goes through escape(); only fragments this program built itself may be
// inserted raw. No routing, no questionnaire knowledge here.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace otos::web::html {

// Escapes & < > " ' so that the text is safe in element content and quoted attributes.
std::string escape(std::string_view text);
void append_escaped(std::string& out, std::string_view text);

using Vars = std::map<std::string, std::string, std::less<>>;

// A template: literal text with placeholders. `{{name}}` inserts vars[name] escaped,
// `{{{name}}}` inserts it raw (for HTML this program built). A missing name is an empty string.
class Template {
 public:
  static Template parse(std::string_view text);
  std::string render(const Vars& vars) const;

 private:
  struct Part {
    std::string text;  // literal text, or the placeholder's name
    bool placeholder = false;
    bool raw = false;
  };
  std::vector<Part> parts_;
};

// The folder holding templates/ and static/: $OTOS_WEB_DIR if set, else the source tree's web/.
const std::string& asset_dir();

// web/templates/NAME parsed once and kept for the process's life. Throws std::runtime_error
// when the file cannot be read (a broken installation, not user input).
const Template& load_template(std::string_view name);

// The bytes of web/static/NAME, read once; empty when there is no such file.
const std::string& static_file(std::string_view name);

}  // namespace otos::web::html
