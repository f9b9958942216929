#include "scenario/source_edit.h"

#include "scenario/loader.h"
#include "scenario/units.h"

#include <yaml-cpp/emitter.h>
#include <yaml-cpp/emittermanip.h>

#include <algorithm>
#include <vector>

namespace wm {

namespace {

constexpr std::string_view kEditsComment = "# Parameter edits made during a Watermark Explorer session:\n";

std::string entryYaml(const TimelineEntry &e)
{
    YAML::Emitter out;
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "at" << YAML::Value << formatDuration(e.at);
    if (e.kind == TimelineKind::Set) {
        out << YAML::Key << "set" << YAML::Value << YAML::BeginMap << YAML::Key << e.key << YAML::Value << e.value
            << YAML::EndMap;
    } else {
        out << YAML::Key << "caption" << YAML::Value << YAML::DoubleQuoted << e.text;
        if (e.pause)
            out << YAML::Key << "pause" << YAML::Value << "true";
    }
    out << YAML::EndMap;
    return out.c_str();
}

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start + 1)); // with its newline
        start = end + 1;
    }
    return lines;
}

bool blankOrComment(std::string_view line)
{
    const std::size_t i = line.find_first_not_of(" \t\r\n");
    return i == std::string_view::npos || line[i] == '#';
}

// `timeline:` at column 0 (a top-level key), spaces allowed before the colon.
bool isTimelineKey(std::string_view line)
{
    constexpr std::string_view key = "timeline";
    if (line.substr(0, key.size()) != key)
        return false;
    const std::size_t colon = line.find_first_not_of(" \t", key.size());
    return colon != std::string_view::npos && line[colon] == ':';
}

} // namespace

std::optional<std::string> appendSessionEdits(std::string_view sourceText, const std::string &fileName, const Scenario &edited)
{
    const LoadResult source = loadScenarioText(sourceText, fileName);
    if (!source.ok())
        return std::nullopt;
    // Everything but the timeline must be the file's.
    Scenario a = *source.scenario, b = edited;
    a.timeline.clear();
    b.timeline.clear();
    if (!(a == b))
        return std::nullopt;
    // The entries the session added: the file's must all still be there.
    std::vector<TimelineEntry> fileEntries = source.scenario->timeline, added;
    for (const auto &e : edited.timeline) {
        const auto it = std::find(fileEntries.begin(), fileEntries.end(), e);
        if (it != fileEntries.end())
            fileEntries.erase(it);
        else
            added.push_back(e);
    }
    if (!fileEntries.empty())
        return std::nullopt;
    if (added.empty())
        return std::string(sourceText);

    const auto lines = splitLines(sourceText);
    // The top-level `timeline:` key, if the file has one.
    std::size_t keyLine = lines.size();
    for (std::size_t i = 0; i < lines.size() && keyLine == lines.size(); ++i)
        if (isTimelineKey(lines[i]))
            keyLine = i;
    std::string out;
    if (keyLine == lines.size()) {
        out = std::string(sourceText);
        if (!out.empty() && out.back() != '\n')
            out += '\n';
        out += std::string(kEditsComment) + "timeline:\n";
        for (const auto &e : added)
            out += "  - " + entryYaml(e) + "\n";
    } else {
        // Only a block sequence can be extended line-wise: after the colon,
        // nothing but a comment.
        const std::string_view rest = lines[keyLine].substr(lines[keyLine].find(':') + 1);
        if (!blankOrComment(rest))
            return std::nullopt;
        // The block runs until the next line that starts in column 0 with
        // anything but a comment or a sequence dash; entries go after its last
        // item line, in the first item's indentation.
        std::size_t last = keyLine;
        std::string indent;
        bool sawItem = false;
        for (std::size_t i = keyLine + 1; i < lines.size(); ++i) {
            const std::string_view l = lines[i];
            if (blankOrComment(l))
                continue;
            if (l[0] != ' ' && l[0] != '\t' && l[0] != '-')
                break;
            if (!sawItem) {
                const std::size_t dash = l.find_first_not_of(" ");
                if (dash == std::string_view::npos || l[dash] != '-')
                    return std::nullopt;
                indent = std::string(l.substr(0, dash));
                sawItem = true;
            }
            last = i;
        }
        if (!sawItem)
            indent = "  ";
        for (std::size_t i = 0; i <= last; ++i)
            out += lines[i];
        if (!out.empty() && out.back() != '\n')
            out += '\n';
        out += indent + std::string(kEditsComment);
        for (const auto &e : added)
            out += indent + "- " + entryYaml(e) + "\n";
        for (std::size_t i = last + 1; i < lines.size(); ++i)
            out += lines[i];
    }
    // Only what loads back to exactly the session's scenario is returned.
    const LoadResult check = loadScenarioText(out, fileName);
    if (!check.ok() || !(*check.scenario == edited))
        return std::nullopt;
    return out;
}

} // namespace wm
