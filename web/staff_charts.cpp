// SVG bar and trend charts (see staff_charts.h). Geometry only; no questionnaire knowledge.
#include "web/staff_charts.h"

#include <algorithm>
#include <cstdio>

#include "web/html.h"
#include "web/staff_page.h"

namespace otos::web::staff {

namespace {

constexpr const char* kInk = "#1f3b57";
constexpr const char* kGrid = "#b8c2cc";

std::string num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

std::string clip_label(const std::string& label, size_t max_chars) {
  // Counts UTF-8 code points so that a cut never splits a character.
  size_t chars = 0;
  for (size_t i = 0; i < label.size(); ++i) {
    if ((static_cast<unsigned char>(label[i]) & 0xC0) != 0x80 && ++chars > max_chars) {
      return label.substr(0, i) + "…";
    }
  }
  return label;
}

std::string interval_text(const analysis::Interval& ci) {
  return percent(ci.low) + " – " + percent(ci.high);
}

std::string svg_open(const std::string& id, const std::string& title, const std::string& desc,
                     int width, int height) {
  return "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
         "aria-labelledby=\"" +
         id + "-t " + id + "-d\" viewBox=\"0 0 " + std::to_string(width) + " " +
         std::to_string(height) + "\" width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" font-family=\"sans-serif\" font-size=\"12\"><title id=\"" +
         id + "-t\">" + html::escape(title) + "</title><desc id=\"" + id + "-d\">" +
         html::escape(desc) + "</desc>";
}

// Marker shapes for trend series, so that series differ without colour.
std::string marker(size_t series, double x, double y) {
  const std::string fill = series % 2 == 0 ? kInk : "#ffffff";
  const std::string common = " fill=\"" + fill + "\" stroke=\"" + kInk + "\" stroke-width=\"1.5\"";
  switch (series % 4) {
    case 0:
      return "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"4\"" + common + "/>";
    case 1:
      return "<rect x=\"" + num(x - 4) + "\" y=\"" + num(y - 4) + "\" width=\"8\" height=\"8\"" +
             common + "/>";
    case 2:
      return "<polygon points=\"" + num(x) + "," + num(y - 5) + " " + num(x + 5) + "," +
             num(y + 4) + " " + num(x - 5) + "," + num(y + 4) + "\"" + common + "/>";
    default:
      return "<polygon points=\"" + num(x) + "," + num(y - 5) + " " + num(x + 5) + "," + num(y) +
             " " + num(x) + "," + num(y + 5) + " " + num(x - 5) + "," + num(y) + "\"" + common +
             "/>";
  }
}

const char* dash(size_t series) {
  static const char* kDashes[] = {"", "6 3", "2 3", "8 3 2 3"};
  return kDashes[series % 4];
}

}  // namespace

std::string bar_chart(const std::string& id, const std::string& title,
                      const std::vector<BarDatum>& bars) {
  constexpr int kWidth = 760, kLabelRight = 280, kPlotLeft = 290, kPlotWidth = 320, kRow = 26,
                kTop = 24;
  const int height = kTop + kRow * static_cast<int>(bars.size()) + 8;
  std::string desc = "Horizontal bars: share with its 95 % confidence interval. ";
  for (const auto& b : bars) {
    desc += b.label + ": " + b.value_text;
    if (b.share) desc += ", interval " + interval_text(b.ci);
    desc += ". ";
  }
  std::string out = svg_open(id, title, desc, kWidth, height);
  out += "<defs><pattern id=\"" + id +
         "-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#d4e3f2\"/>"
         "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#5b7fa6\" stroke-width=\"2\"/>"
         "</pattern></defs>";
  auto x_of = [&](double share) { return kPlotLeft + kPlotWidth * std::clamp(share, 0.0, 1.0); };
  for (int tick = 0; tick <= 100; tick += 25) {
    double x = x_of(tick / 100.0);
    out += "<line x1=\"" + num(x) + "\" y1=\"" + std::to_string(kTop - 4) + "\" x2=\"" + num(x) +
           "\" y2=\"" + std::to_string(height - 8) + "\" stroke=\"" + kGrid +
           "\" stroke-width=\"1\"/><text x=\"" + num(x) + "\" y=\"" + std::to_string(kTop - 8) +
           "\" text-anchor=\"middle\" fill=\"" + kInk + "\">" + std::to_string(tick) + " %</text>";
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    const BarDatum& b = bars[i];
    const double y = kTop + kRow * static_cast<double>(i);
    const double mid = y + kRow / 2.0;
    out += "<g><title>" + html::escape(b.label + ": " + b.value_text) + "</title>";
    out += "<text x=\"" + std::to_string(kLabelRight) + "\" y=\"" + num(mid + 4) +
           "\" text-anchor=\"end\" fill=\"" + kInk + "\">" + html::escape(clip_label(b.label, 42)) +
           "</text>";
    if (b.share) {
      out += "<rect x=\"" + std::to_string(kPlotLeft) + "\" y=\"" + num(y + 5) + "\" width=\"" +
             num(x_of(*b.share) - kPlotLeft) + "\" height=\"" + std::to_string(kRow - 10) +
             "\" fill=\"url(#" + id + "-hatch)\" stroke=\"" + kInk + "\" stroke-width=\"1\"/>";
      const double lo = x_of(b.ci.low), hi = x_of(b.ci.high);
      out += "<path d=\"M" + num(lo) + " " + num(mid) + "H" + num(hi) + "M" + num(lo) + " " +
             num(mid - 6) + "V" + num(mid + 6) + "M" + num(hi) + " " + num(mid - 6) + "V" +
             num(mid + 6) + "\" stroke=\"#000000\" stroke-width=\"1.5\" fill=\"none\"/>";
    }
    out += "<text x=\"" + std::to_string(kPlotLeft + kPlotWidth + 10) + "\" y=\"" + num(mid + 4) +
           "\" fill=\"" + kInk + "\">" + html::escape(b.value_text) + "</text></g>";
  }
  out += "</svg><figcaption>" + html::escape(title) +
         " (bars: share; whiskers: 95 % confidence interval)</figcaption></figure>";
  return out;
}

std::string trend_chart(const std::string& id, const std::string& title,
                        const std::vector<int>& versions, const std::vector<TrendSeries>& series) {
  constexpr int kWidth = 680, kLeft = 56, kRight = 470, kTop = 16, kBottom = 226;
  const int legend_rows = static_cast<int>(series.size());
  const int height = kBottom + 30 + 20 * legend_rows;
  std::string desc = "Trend over the waves with 95 % confidence intervals. ";
  for (const auto& s : series) {
    desc += s.label + ":";
    for (size_t i = 0; i < versions.size() && i < s.points.size(); ++i) {
      // Appended piece by piece: GCC 12 warns (-Wrestrict) on "x" + std::to_string(...).
      desc += ' ';
      desc += std::to_string(versions[i]);
      desc += ' ';
      desc += s.points[i] ? percent(s.points[i]->share) : std::string("not asked");
      desc += ';';
    }
    desc += " ";
  }
  std::string out = svg_open(id, title, desc, kWidth, height);
  auto y_of = [&](double share) {
    return kBottom - (kBottom - kTop) * std::clamp(share, 0.0, 1.0);
  };
  const double step = versions.size() > 1 ? static_cast<double>(kRight - kLeft - 40) /
                                                static_cast<double>(versions.size() - 1)
                                          : 0;
  auto x_of = [&](size_t i) { return kLeft + 20 + step * static_cast<double>(i); };
  for (int tick = 0; tick <= 100; tick += 25) {
    double y = y_of(tick / 100.0);
    out += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" + num(y) + "\" x2=\"" +
           std::to_string(kRight) + "\" y2=\"" + num(y) + "\" stroke=\"" + kGrid +
           "\"/><text x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + num(y + 4) +
           "\" text-anchor=\"end\" fill=\"" + kInk + "\">" + std::to_string(tick) + " %</text>";
  }
  for (size_t i = 0; i < versions.size(); ++i) {
    out += "<text x=\"" + num(x_of(i)) + "\" y=\"" + std::to_string(kBottom + 18) +
           "\" text-anchor=\"middle\" fill=\"" + kInk + "\">" + std::to_string(versions[i]) +
           "</text>";
  }
  for (size_t s = 0; s < series.size(); ++s) {
    const TrendSeries& ts = series[s];
    std::string path;
    bool pen_down = false;
    for (size_t i = 0; i < versions.size() && i < ts.points.size(); ++i) {
      if (!ts.points[i]) {
        pen_down = false;  // a wave without the item breaks the line
        continue;
      }
      path += pen_down ? 'L' : 'M';
      path += num(x_of(i));
      path += ' ';
      path += num(y_of(ts.points[i]->share));
      pen_down = true;
    }
    out += "<g><title>" + html::escape(ts.label) + "</title>";
    if (!path.empty()) {
      out += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + kInk + "\" stroke-width=\"2\"" +
             (*dash(s) ? std::string(" stroke-dasharray=\"") + dash(s) + "\"" : "") + "/>";
    }
    for (size_t i = 0; i < versions.size() && i < ts.points.size(); ++i) {
      if (!ts.points[i]) continue;
      const TrendPoint& p = *ts.points[i];
      const double x = x_of(i) + 4.0 * static_cast<double>(s);  // whiskers of series side by side
      out += "<path d=\"M" + num(x) + " " + num(y_of(p.ci.low)) + "V" + num(y_of(p.ci.high)) + "M" +
             num(x - 4) + " " + num(y_of(p.ci.low)) + "H" + num(x + 4) + "M" + num(x - 4) + " " +
             num(y_of(p.ci.high)) + "H" + num(x + 4) +
             "\" stroke=\"#000000\" stroke-width=\"1\" fill=\"none\"/>";
      out += marker(s, x_of(i), y_of(p.share));
      if (series.size() <= 2) {
        out += "<text x=\"" + num(x_of(i) + 8) + "\" y=\"" +
               num(y_of(p.share) + (s == 0 ? -8 : 16)) + "\" fill=\"" + kInk + "\">" +
               html::escape(percent(p.share)) + "</text>";
      }
    }
    out += "</g>";
    // Legend: marker and dash sample, then the label.
    const double ly = kBottom + 38 + 20.0 * static_cast<double>(s);
    out += "<path d=\"M" + std::to_string(kLeft) + " " + num(ly) + "H" +
           std::to_string(kLeft + 36) + "\" stroke=\"" + kInk + "\" stroke-width=\"2\"" +
           (*dash(s) ? std::string(" stroke-dasharray=\"") + dash(s) + "\"" : "") + "/>" +
           marker(s, kLeft + 18, ly) + "<text x=\"" + std::to_string(kLeft + 44) + "\" y=\"" +
           num(ly + 4) + "\" fill=\"" + kInk + "\">" + html::escape(clip_label(ts.label, 70)) +
           "</text>";
  }
  out += "</svg><figcaption>" + html::escape(title) +
         " (points: share; whiskers: 95 % confidence interval)</figcaption></figure>";
  return out;
}

}  // namespace otos::web::staff
