// The staff workspace's pure pieces, without a server: the SVG charts (geometry of a bar and
// its whiskers, escaping, text for every value, markers and dashes per trend series), percent(),
// the read-only preview, and the urlencoded form parser. Lives with the integration suite because
// that suite links otos_web.
#include "web/staff_charts.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "engine/validate/validate.h"
#include "web/staff_http.h"
#include "web/staff_page.h"
#include "web/staff_preview.h"

namespace otos::web::staff {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("staff charts: a bar with its whiskers at exact positions, values as text") {
  std::vector<BarDatum> bars = {
      {"Turku", 0.5, {0.25, 0.75}, "50.0 % (n 20)"},
      {"<Kaarina & co>", std::nullopt, {}, "<5"},
  };
  std::string svg = bar_chart("c1", "Share \"willing\"", bars);
  // Plot from x = 290, 320 px wide: 50 % ends at 450; whiskers from 370 to 530.
  CHECK(contains(svg,
                 "<rect x=\"290\" y=\"29.0\" width=\"160.0\" height=\"16\" "
                 "fill=\"url(#c1-hatch)\""));
  CHECK(contains(svg, "<path d=\"M370.0 37.0H530.0M370.0 31.0V43.0M530.0 31.0V43.0\""));
  CHECK(contains(svg, ">50.0 % (n 20)</text>"));
  // The suppressed group: its label and "<5" as text, no bar.
  CHECK(contains(svg, ">&lt;Kaarina &amp; co&gt;</text>"));
  CHECK(contains(svg, ">&lt;5</text>"));
  CHECK(count(svg, "<rect x=\"290\"") == 1);
  CHECK(contains(svg, "<title id=\"c1-t\">Share &quot;willing&quot;</title>"));
  CHECK(contains(svg, "Turku: 50.0 % (n 20), interval 25.0 % – 75.0 %."));
  CHECK_FALSE(contains(svg, "<Kaarina"));
  // Shares outside 0..1 are drawn clamped.
  std::string over = bar_chart("c2", "t", {{"x", 1.5, {0.9, 1.2}, "150 %"}});
  CHECK(contains(over, "width=\"320.0\""));
}

TEST_CASE("staff percent: one rounding, half away from zero") {
  CHECK(percent(10.0 / 32.0) == "31.3 %");  // snprintf's half-to-even gave 31.2 %
  CHECK(percent(0.43448246478317476) == "43.4 %");
  CHECK(percent(29.0 / 80.0) == "36.3 %");
  CHECK(percent(0.5) == "50.0 %");
}

TEST_CASE("staff charts: long labels are cut on a character boundary") {
  std::string label(40, 'a');
  label += "äääää";  // two bytes each
  std::string svg = bar_chart("c", "t", {{label, 0.1, {0.05, 0.2}, "10 %"}});
  CHECK(contains(svg, ">" + std::string(40, 'a') + "ää…</text>"));
  // The full label stays in the tooltip.
  CHECK(contains(svg, "<title>" + label + ": 10 %</title>"));
}

TEST_CASE("staff charts: trend series differ by marker and dash, gaps break the line") {
  std::vector<TrendSeries> series = {
      {"First", {TrendPoint{0.5, {0.4, 0.6}}, TrendPoint{0.25, {0.2, 0.3}}}},
      {"Second", {std::nullopt, TrendPoint{1.0, {0.9, 1.0}}}},
  };
  std::string svg = trend_chart("t1", "Trend", {2025, 2026}, series);
  CHECK(contains(svg, ">2025</text>"));
  CHECK(contains(svg, ">2026</text>"));
  // y of 50 % is 226 - 210 * 0.5 = 121; x of the waves 76 and 450.
  CHECK(contains(svg, "<path d=\"M76.0 121.0L450.0 173.5\" fill=\"none\""));
  CHECK(contains(svg,
                 "<path d=\"M450.0 16.0\" fill=\"none\" stroke=\"#1f3b57\" "
                 "stroke-width=\"2\" stroke-dasharray=\"6 3\"/>"));
  CHECK(count(svg, "<circle") == 3);   // two points of the first series, one in its legend
  CHECK(count(svg, "<rect x=") == 2);  // one point of the second series, one in its legend
  CHECK(contains(svg, ">50.0 %</text>"));
  CHECK(contains(svg, "First: 2025 50.0 %; 2026 25.0 %;"));
  CHECK(contains(svg, "Second: 2025 not asked; 2026 100.0 %;"));
}

TEST_CASE("staff preview: every page in the chosen language, inputs disabled, text escaped") {
  auto r = validate::load_text(R"(id: p
version: 1
title: {fi: Otsikko, sv: Rubrik, en: "Title <i>"}
languages: [fi, sv, en]
pages:
  - id: a
    title: {fi: Sivu, sv: Sida, en: Page}
    questions:
      - id: q1
        type: single_choice
        text: {fi: Kysymys, sv: Fråga, en: Question}
        options:
          - {code: x, label: {fi: Eka, sv: Första, en: First}}
          - {code: dk, label: {fi: En tiedä, sv: Vet inte, en: "Don't know"}, missing: true}
      - id: q2
        type: number
        min: 0
        max: 9
        show_if: "q1 == 'x'"
        text: {fi: Luku, sv: Tal, en: Number}
)",
                               "p.yaml");
  REQUIRE(r.ok());
  std::string sv = preview_html(*r.questionnaire, "sv");
  CHECK(contains(sv, "<div class=\"preview\" lang=\"sv\"><p class=\"preview-title\">Rubrik</p>"));
  CHECK(contains(sv, "<h3>Page 1 of 1: Sida</h3>"));
  CHECK(contains(sv, "<legend>Fråga</legend>"));
  CHECK(contains(sv, "<input type=\"radio\" name=\"p_q1\" disabled> Första</label>"));
  CHECK(contains(sv, "Vet inte</label> <span class=\"missing-note\">(not counted in shares)"));
  CHECK(contains(sv,
                 "<label>Tal</label><br><span class=\"help\">0\u20139</span>"
                 "<input type=\"text\" disabled>"));
  CHECK(contains(sv, "Shown only when: <code>q1 == &#39;x&#39;</code>"));
  CHECK(contains(preview_html(*r.questionnaire, "en"), "Title &lt;i&gt;"));
}

TEST_CASE("staff forms: urlencoded bodies decode + and %XX; bad escapes stay as they are") {
  std::map<std::string, std::string> f;
  parse_urlencoded("a=1&b=x+y&c=%C3%A4%26&d&=e&a=2&bad=%zz%4&", f);
  CHECK(f.at("a") == "2");
  CHECK(f.at("b") == "x y");
  CHECK(f.at("c") == "ä&");
  CHECK(f.at("d") == "");
  CHECK(f.at("") == "e");
  CHECK(f.at("bad") == "%zz%4");
  CHECK(f.size() == 6);
}

}  // namespace otos::web::staff
