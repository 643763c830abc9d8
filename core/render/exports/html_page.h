// The pieces every HTML page of the core is made of (the report's export,
// the diff and the trend): one style sheet, the colours, and a writer that
// escapes every text it is given (core/render/exports/text_escape.h).
#ifndef CORE_RENDER_EXPORTS_HTML_PAGE_H_
#define CORE_RENDER_EXPORTS_HTML_PAGE_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/model/model.h"
#include "core/render/exports/text_escape.h"

namespace exposure {
namespace html {

// Light colours that print well and keep black text readable.
inline constexpr const char* kSeverityFill[kSeverityCount] = {
    "#dfe3e8",  // info
    "#b9d7f0",  // low
    "#f7e3a1",  // medium
    "#f6c08f",  // high
    "#eea3a3",  // critical
};
inline constexpr const char* kBarFill = "#b9d7f0";
inline constexpr const char* kBarStroke = "#5b7fa3";
inline constexpr const char* kLineStroke = "#b0413e";

inline constexpr const char kStyle[] = R"css(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica,
  Arial, sans-serif; color: #1f2328; background: #fff; margin: 2rem auto;
  max-width: 1120px; padding: 0 1rem; font-size: 14px; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #d0d7de;
  padding-bottom: .25rem; margin-top: 2rem; }
.meta, .note { color: #57606a; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #d0d7de; padding: .2rem .4rem; text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; }
.num { text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }
.text { overflow-wrap: anywhere; }
.date { white-space: nowrap; }
table.compact { width: auto; min-width: 20rem; }
.id { font-family: ui-monospace, Menlo, Consolas, monospace;
  font-size: .85em; white-space: nowrap; }
.tiles { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0;
  list-style: none; }
.tiles li { border: 1px solid #d0d7de; border-radius: 6px;
  padding: .5rem .75rem; min-width: 9rem; background: #f6f8fa; }
.tiles b { display: block; font-size: 1.3rem; }
.sev-critical { background: #f8d7d7; } .sev-high { background: #fbe3cc; }
.sev-medium { background: #fbf0cc; } .sev-low { background: #dcebf7; }
.sev-info { background: #eef0f2; }
svg { max-width: 100%; height: auto; }
svg text { font-size: 12px; fill: #1f2328; }
svg .axis { stroke: #57606a; stroke-width: 1; }
svg .grid { stroke: #d0d7de; stroke-width: 1; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; }
  section { break-before: page; }
  #summary { break-before: auto; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, svg { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

// `value` scaled from [0, max] to [0, length], rounded down, and at least
// 1 for a value above 0 so that a small count still shows.
inline uint64_t Scale(uint64_t value, uint64_t max, uint64_t length) {
  if (max == 0 || value == 0)
    return 0;
  return std::max<uint64_t>(1, value * length / max);
}

// Writes the page into a string, escaping every text.
class Page {
 public:
  std::string& out() { return out_; }
  Page& Raw(std::string_view markup) {
    out_.append(markup);
    return *this;
  }
  Page& Text(std::string_view text) {
    AppendHtml(text, &out_);
    return *this;
  }
  Page& Num(uint64_t n) {
    out_.append(std::to_string(n));
    return *this;
  }
  // <td class="cls">text</td>
  Page& Cell(std::string_view text, const char* cls = nullptr) {
    out_.append(cls ? "<td class=\"" : "<td");
    if (cls) {
      Text(cls);
      out_.append("\"");
    }
    out_.append(">");
    Text(text);
    out_.append("</td>");
    return *this;
  }
  Page& NumCell(uint64_t n) { return Cell(std::to_string(n), "num"); }
  // An SVG <text> at (x, y), with `anchor` "start", "middle" or "end".
  Page& SvgText(uint64_t x,
                uint64_t y,
                std::string_view text,
                const char* anchor = "start") {
    out_.append("<text x=\"" + std::to_string(x) + "\" y=\"" +
                std::to_string(y) + "\" text-anchor=\"");
    Text(anchor);
    out_.append("\">");
    Text(text);
    out_.append("</text>");
    return *this;
  }
  Page& Line(uint64_t x1,
             uint64_t y1,
             uint64_t x2,
             uint64_t y2,
             const char* cls) {
    out_.append("<line x1=\"" + std::to_string(x1) + "\" y1=\"" +
                std::to_string(y1) + "\" x2=\"" + std::to_string(x2) +
                "\" y2=\"" + std::to_string(y2) + "\" class=\"");
    Text(cls);
    out_.append("\"/>");
    return *this;
  }
  Page& Rect(uint64_t x,
             uint64_t y,
             uint64_t w,
             uint64_t h,
             const char* fill,
             const char* stroke) {
    out_.append("<rect x=\"" + std::to_string(x) + "\" y=\"" +
                std::to_string(y) + "\" width=\"" + std::to_string(w) +
                "\" height=\"" + std::to_string(h) + "\" fill=\"");
    Text(fill);
    out_.append("\" stroke=\"");
    Text(stroke);
    out_.append("\"/>");
    return *this;
  }
  // Opens an accessible SVG chart: role img, labelled by its <title>.
  Page& BeginSvg(std::string_view id,
                 uint64_t width,
                 uint64_t height,
                 std::string_view title) {
    const std::string size =
        std::to_string(width) + " " + std::to_string(height);
    out_.append("<svg role=\"img\" aria-labelledby=\"");
    Text(id);
    out_.append("\" viewBox=\"0 0 " + size + "\" width=\"" +
                std::to_string(width) + "\" height=\"" +
                std::to_string(height) + "\"><title id=\"");
    Text(id);
    out_.append("\">");
    Text(title);
    out_.append("</title>");
    return *this;
  }

 private:
  std::string out_;
};

// Writes the page's <head> (strict CSP: nothing but the inline style and
// images as data) and opens <body>.
inline void WriteHead(Page* p, std::string_view title) {
  p->Raw(
       "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
       "charset=\"utf-8\">\n")
      .Raw(
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
          "'none'; style-src 'unsafe-inline'; img-src data:\">\n")
      .Raw("<meta name=\"referrer\" content=\"no-referrer\">\n")
      .Raw(
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n")
      .Raw("<title>")
      .Text(title)
      .Raw("</title>\n<style>")
      .Raw(kStyle)
      .Raw("</style>\n</head>\n<body>\n");
}

}  // namespace html
}  // namespace exposure

#endif  // CORE_RENDER_EXPORTS_HTML_PAGE_H_
