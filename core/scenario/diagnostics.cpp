#include "scenario/diagnostics.h"

#include <cstring>

namespace wm {

namespace {

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
    std::string s = d.file.empty() ? std::string("<input>") : d.file;
    if (d.line > 0) {
        s += ':' + std::to_string(d.line);
        if (d.column > 0)
            s += ':' + std::to_string(d.column);
    }
    s += ": error: ";
    if (!d.path.empty())
        s += d.path + ": ";
    s += d.message;

    std::string_view lineText;
    if (!findLine(sourceText, d.line, lineText))
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
        if (from + i < col)
            caret += out == '\t' ? '\t' : ' ';
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

} // namespace wm

#include <algorithm>
#include <cctype>

namespace wm {

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
