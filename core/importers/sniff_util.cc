#include "core/importers/sniff_util.h"

namespace exposure {

std::string_view SkipBomAndSpace(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF")
    head.remove_prefix(3);
  size_t i = 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\t' ||
                             head[i] == '\r' || head[i] == '\n')) {
    ++i;
  }
  return head.substr(i);
}

std::string_view FirstXmlElement(std::string_view head) {
  head = SkipBomAndSpace(head);
  size_t i = 0;
  while (true) {
    i = head.find('<', i);
    if (i == std::string_view::npos || i + 1 >= head.size())
      return {};
    char c = head[i + 1];
    if (c == '?' || c == '!') {
      // Prolog, comment or DOCTYPE: skip to its end. A DOCTYPE's internal
      // subset may hold '>' inside brackets.
      if (head.substr(i, 4) == "<!--") {
        size_t e = head.find("-->", i + 4);
        if (e == std::string_view::npos)
          return {};
        i = e + 3;
        continue;
      }
      size_t j = i + 2;
      int depth = 0;
      for (; j < head.size(); ++j) {
        if (head[j] == '[')
          ++depth;
        if (head[j] == ']')
          --depth;
        if (head[j] == '>' && depth <= 0)
          break;
      }
      if (j >= head.size())
        return {};
      i = j + 1;
      continue;
    }
    size_t start = i + 1;
    size_t end = start;
    while (end < head.size() && head[end] != ' ' && head[end] != '>' &&
           head[end] != '/' && head[end] != '\t' && head[end] != '\r' &&
           head[end] != '\n') {
      ++end;
    }
    return head.substr(start, end - start);
  }
}

}  // namespace exposure
