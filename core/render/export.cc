#include "core/render/export_view.h"

namespace exposure {

namespace {

struct FormatInfo {
  const char* name;
  const char* media_type;
  const char* extension;
};

constexpr FormatInfo kFormats[] = {
    {"sarif", "application/sarif+json", ".sarif"},
    {"ocsf", "application/x-ndjson", ".ocsf.jsonl"},
    {"jira-csv", "text/csv; charset=utf-8", ".jira.csv"},
    {"csv", "text/csv; charset=utf-8", ".csv"},
    {"openvex", "application/json", ".openvex.json"},
    {"cyclonedx-vex", "application/vnd.cyclonedx+json", ".cdx.json"},
    {"html", "text/html; charset=utf-8", ".html"},
    {"markdown", "text/markdown; charset=utf-8", ".md"},
};

}  // namespace

const char* ExportFormatName(ExportFormat f) {
  return kFormats[static_cast<int>(f)].name;
}

bool ParseExportFormat(std::string_view name, ExportFormat* out) {
  for (size_t i = 0; i < std::size(kFormats); ++i) {
    if (name == kFormats[i].name) {
      *out = static_cast<ExportFormat>(i);
      return true;
    }
  }
  return false;
}

std::string ExportFormatList() {
  std::string out;
  for (const FormatInfo& f : kFormats) {
    if (!out.empty())
      out += ", ";
    out += f.name;
  }
  return out;
}

const char* ExportMediaType(ExportFormat f) {
  return kFormats[static_cast<int>(f)].media_type;
}

const char* ExportExtension(ExportFormat f) {
  return kFormats[static_cast<int>(f)].extension;
}

std::string PartName(std::string_view file, size_t part) {
  if (part == 0)
    return std::string(file);
  const size_t slash = file.find_last_of("/\\");
  const size_t base = slash == std::string_view::npos ? 0 : slash + 1;
  size_t dot = file.find('.', base);
  // A leading dot names a hidden file, not an extension.
  if (dot == base)
    dot = std::string_view::npos;
  const std::string suffix = "-" + std::to_string(part + 1);
  if (dot == std::string_view::npos)
    return std::string(file) + suffix;
  return std::string(file.substr(0, dot)) + suffix +
         std::string(file.substr(dot));
}

Status WriteExport(ExportFormat format,
                   const ExportView& view,
                   ExportOutput* out) {
  switch (format) {
    case ExportFormat::kSarif:
      return WriteSarif(view, out);
    case ExportFormat::kOcsf:
      return WriteOcsf(view, out);
    case ExportFormat::kJiraCsv:
      return WriteJiraCsv(view, out);
    case ExportFormat::kCsv:
      return WriteFindingsCsv(view, out);
    case ExportFormat::kOpenVex:
      return WriteOpenVex(view, out);
    case ExportFormat::kCycloneDxVex:
      return WriteCycloneDxVex(view, out);
    case ExportFormat::kHtml:
      return WriteHtml(view, out);
    case ExportFormat::kMarkdown:
      return WriteMarkdown(view, out);
  }
  return Status::Error("unknown export format");
}

Status StringExportOutput::BeginPart(size_t part) {
  if (parts.size() <= part)
    parts.resize(part + 1);
  current_ = part;
  return Status::Ok();
}

Status StringExportOutput::Write(std::string_view data) {
  if (parts.empty())
    parts.emplace_back();
  parts[current_].append(data);
  return Status::Ok();
}

}  // namespace exposure
