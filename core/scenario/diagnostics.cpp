#include "scenario/diagnostics.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace wm {

namespace {

// Is the UTF-8 character at the start of `t` one a terminal draws two cells wide
// (Hangul, CJK, full-width forms: the East Asian Wide ranges that matter here)?
bool isWide(std::string_view t)
{
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(t[i]); };
    char32_t cp = 0;
    if (t.size() >= 3 && (b(0) & 0xF0) == 0xE0)
        cp = static_cast<char32_t>(((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F));
    else if (t.size() >= 4 && (b(0) & 0xF8) == 0xF0)
        cp = static_cast<char32_t>(((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F));
    else
        return false;
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// The 1-based line `line` of `text`, without its line terminator, or nullopt-like
// empty view with found=false.
bool findLine(std::string_view text, int line, std::string_view &out)
{
    if (line < 1)
        return false;
    std::size_t pos = 0;
    for (int l = 1; l < line; ++l) {
        const void *nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
        if (!nl)
            return false;
        pos = static_cast<std::size_t>(static_cast<const char *>(nl) - text.data()) + 1;
    }
    if (pos > text.size())
        return false;
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos)
        end = text.size();
    out = text.substr(pos, end - pos);
    if (!out.empty() && out.back() == '\r')
        out.remove_suffix(1);
    return true;
}

} // namespace

std::string formatDiagnostic(const Diagnostic &d, std::string_view sourceText)
{
    std::string_view lineText;
    const bool haveLine = findLine(sourceText, d.line, lineText);
    // The parsers count bytes; a reader counts characters. On a line with
    // "日本語" the two differ, so report the column in characters (UTF-8 code
    // points), as an editor shows it.
    int column = d.column;
    if (haveLine && d.column > 1) {
        const std::size_t bytes = std::min(static_cast<std::size_t>(d.column - 1), lineText.size());
        column = 1;
        for (std::size_t i = 0; i < bytes; ++i)
            if ((static_cast<unsigned char>(lineText[i]) & 0xC0) != 0x80)
                ++column;
    }
    std::string s = d.file.empty() ? std::string("<input>") : d.file;
    if (d.line > 0) {
        s += ':' + std::to_string(d.line);
        if (column > 0)
            s += ':' + std::to_string(column);
    }
    s += ": error: ";
    if (!d.path.empty())
        s += d.path + ": ";
    s += d.message;

    if (!haveLine)
        return s;
    // Keep very long lines readable: show a window around the column.
    constexpr std::size_t kWindow = 160;
    std::size_t col = d.column > 0 ? static_cast<std::size_t>(d.column - 1) : 0;
    std::size_t from = 0;
    if (lineText.size() > kWindow) {
        from = col > kWindow / 2 ? col - kWindow / 2 : 0;
        if (from > lineText.size())
            from = lineText.size();
    }
    std::string_view shown = lineText.substr(from, kWindow);
    std::string src = "    ";
    std::string caret = "    ";
    if (from > 0) {
        src += "...";
        caret += "   ";
    }
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const auto c = static_cast<unsigned char>(shown[i]);
        const char out = c == '\t' ? '\t' : (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
        src += out;
        // One caret column per character (UTF-8 continuation bytes add none),
        // two for the wide CJK characters a terminal draws in two cells.
        if (from + i < col && (c & 0xC0) != 0x80)
            caret += out == '\t' ? std::string("\t") : std::string(isWide(shown.substr(i)) ? 2 : 1, ' ');
    }
    if (from + shown.size() < lineText.size())
        src += "...";
    s += '\n' + src;
    if (d.column > 0) {
        // Caret past the end of the shown text (e.g. "missing value" at end of line).
        for (std::size_t i = from + shown.size(); i < col && i < from + shown.size() + 4; ++i)
            caret += ' ';
        s += '\n' + caret + '^';
    }
    return s;
}

namespace {
std::size_t editDistance(std::string_view a, std::string_view b)
{
    // Damerau-style (adjacent transposition) Levenshtein on lower-cased bytes.
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j)
        prev[j] = j;
    auto lc = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = lc(a[i - 1]) == lc(b[j - 1]) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && lc(a[i - 1]) == lc(b[j - 2]) && lc(a[i - 2]) == lc(b[j - 1]))
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        prev2.swap(prev);
        prev.swap(cur);
    }
    return prev[m];
}
} // namespace

std::string closestMatch(std::string_view word, const std::vector<std::string> &candidates)
{
    if (word.empty() || word.size() > 200)
        return {};
    std::string best;
    std::size_t bestDist = 0;
    for (const auto &c : candidates) {
        if (c.size() > 200)
            continue;
        std::size_t d = editDistance(word, c);
        // A long enough prefix ("vm.watermark_scale" for "vm.watermark_scale_factor") counts as close.
        const std::size_t shorter = std::min(word.size(), c.size());
        if (shorter >= 5 && (c.compare(0, word.size(), word) == 0 || word.substr(0, c.size()) == c))
            d = std::min<std::size_t>(d, 1);
        const std::size_t limit = std::max<std::size_t>(1, std::min(word.size(), c.size()) / 3);
        if (d <= limit && (best.empty() || d < bestDist)) {
            best = c;
            bestDist = d;
        }
    }
    return best;
}

std::string didYouMean(std::string_view word, const std::vector<std::string> &candidates)
{
    const std::string best = closestMatch(word, candidates);
    return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

} // namespace wm
