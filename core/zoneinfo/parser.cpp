#include "zoneinfo/parser.h"

#include "scenario/inputfile.h"

#include "scenario/params.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

namespace wm {

namespace {

constexpr std::size_t kMaxWarnings = 100;
constexpr std::size_t kMaxProtectionEntries = 64;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}
bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A cursor over one line that remembers 1-based columns.
struct Cursor {
    std::string_view line;
    std::size_t pos = 0;
    int column() const { return static_cast<int>(pos) + 1; }
    bool atEnd() const { return pos >= line.size(); }
    void skipSpaces()
    {
        while (pos < line.size() && isSpace(line[pos]))
            ++pos;
    }
    std::string_view token() // a run of non-space characters
    {
        skipSpaces();
        const std::size_t start = pos;
        while (pos < line.size() && !isSpace(line[pos]))
            ++pos;
        return line.substr(start, pos - start);
    }
    bool consume(char c)
    {
        skipSpaces();
        if (pos < line.size() && line[pos] == c) {
            ++pos;
            return true;
        }
        return false;
    }
    bool consumeWord(std::string_view w)
    {
        skipSpaces();
        if (line.substr(pos, w.size()) == w) {
            pos += w.size();
            return true;
        }
        return false;
    }
    // A decimal integer (optionally signed); nullopt when there is none or it overflows.
    std::optional<std::int64_t> integer(bool *overflow = nullptr)
    {
        skipSpaces();
        std::int64_t v = 0;
        const char *first = line.data() + pos;
        const char *last = line.data() + line.size();
        auto [ptr, ec] = std::from_chars(first, last, v);
        if (ec == std::errc::result_out_of_range) {
            if (overflow)
                *overflow = true;
            // skip the digits so that the caller's column points after them
            while (pos < line.size() && (isAlnum(line[pos]) || line[pos] == '-'))
                ++pos;
            return std::nullopt;
        }
        if (ec != std::errc() || ptr == first)
            return std::nullopt;
        // "12abc" is not a number
        if (ptr != last && isAlnum(*ptr))
            return std::nullopt;
        pos = static_cast<std::size_t>(ptr - line.data());
        return v;
    }
};

std::string_view trimView(std::string_view s)
{
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

bool isElisionMarker(std::string_view t)
{
    if (t == "[...]" || t == "..." || t == "\xE2\x80\xA6" /* U+2026 */ || t == "[ ... ]" || t == "[…]")
        return true;
    // "...", "....", "[....]" and friends
    if (t.size() >= 3 && std::all_of(t.begin(), t.end(), [](char c) { return c == '.' || c == '[' || c == ']' || c == ' '; })
        && std::count(t.begin(), t.end(), '.') >= 3)
        return true;
    return false;
}

enum class Section { Preamble, PerNodeStats, ZoneBody, Pagesets };

// Per-zone bookkeeping while its block is being read.
struct ZoneBuilder {
    ZoneinfoZone zone;
    int lastLine = 0; // the block's last line so far
    bool startPfn = false; // its "start_pfn:" line (the kernel's last line of a populated zone)
    std::set<std::string, std::less<>> seen;
    std::optional<pages_t> minV, lowV, highV, managedV;
    std::optional<pages_t> inactiveFile, activeFile, inactiveAnon, activeAnon; // nr_zone_*
    std::optional<pages_t> oldInactiveFile, oldActiveFile, oldInactiveAnon, oldActiveAnon; // pre-4.8 per-zone nr_*
};

class Parser
{
public:
    Parser(std::string_view text, const std::string &fileName)
        : m_text(text)
    {
        m_result.fileName = fileName;
    }

    ZoneinfoParseResult run()
    {
        std::size_t pos = 0;
        int lineNo = 0;
        while (pos <= m_text.size()) {
            std::size_t end = m_text.find('\n', pos);
            if (end == std::string_view::npos)
                end = m_text.size();
            ++lineNo;
            std::string_view line = m_text.substr(pos, end - pos);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            handleLine(line, lineNo);
            if (end == m_text.size()) {
                // The kernel ends every line with a newline: a last line
                // without one is where a copy was cut (a full disk, a head -c).
                if (!trimView(line).empty())
                    error(lineNo, static_cast<int>(line.size()) + 1, zonePath(),
                        "the file ends in the middle of this line (no newline): a truncated copy, not read as a whole "
                        "one");
                break;
            }
            pos = end + 1;
            if (m_stop)
                break;
        }
        finishZone();
        checkTruncatedBlocks();
        if (m_result.zones.empty() && m_result.errors.empty())
            error(1, 1, {}, "no \"Node N, zone NAME\" block found: this is not /proc/zoneinfo text");
        if (m_suppressedWarnings > 0)
            m_result.warnings.push_back(
                Diagnostic {m_result.fileName, 0, 0, {}, std::to_string(m_suppressedWarnings) + " further warnings suppressed"});
        return std::move(m_result);
    }

private:
    void error(int line, int col, std::string path, std::string msg)
    {
        // Keep the error list bounded too; the first ones are the useful ones.
        if (m_result.errors.size() >= kMaxWarnings) {
            m_stop = true;
            return;
        }
        m_result.errors.push_back(Diagnostic {m_result.fileName, line, col, std::move(path), std::move(msg)});
    }
    void warning(int line, int col, std::string path, std::string msg)
    {
        if (m_result.warnings.size() >= kMaxWarnings) {
            ++m_suppressedWarnings;
            return;
        }
        m_result.warnings.push_back(Diagnostic {m_result.fileName, line, col, std::move(path), std::move(msg)});
    }
    std::string zonePath() const
    {
        if (!m_zone)
            return {};
        return "Node " + std::to_string(m_zone->zone.node) + ", zone " + m_zone->zone.name;
    }

    void handleLine(std::string_view line, int lineNo)
    {
        Cursor c {line};
        c.skipSpaces();
        if (c.atEnd())
            return;
        const std::string_view rest = line.substr(c.pos);
        if (rest.front() == '#') {
            handleComment(rest.substr(1), lineNo, c.column() + 1);
            return;
        }
        if (rest.substr(0, 4) == "Node" && (rest.size() == 4 || !isAlnum(rest[4]))) {
            handleNodeHeader(c, lineNo);
            return;
        }
        const std::string_view trimmed = trimView(rest);
        if (isElisionMarker(trimmed)) {
            if (m_zone)
                m_zone->zone.elided = true;
            return;
        }
        if (!m_zone) {
            if (!m_skippingBadBlock)
                warning(lineNo, c.column(), {}, "line before the first \"Node N, zone NAME\" block ignored");
            return;
        }
        handleZoneLine(c, lineNo);
    }

    void handleComment(std::string_view body, int lineNo, int col)
    {
        // "# /proc/sys/vm/NAME: V [V...]", "# vm.NAME = V", "# NAME: V"
        std::string_view t = trimView(body);
        for (std::string_view prefix : {std::string_view("/proc/sys/vm/"), std::string_view("vm.")})
            if (t.substr(0, prefix.size()) == prefix) {
                t.remove_prefix(prefix.size());
                break;
            }
        std::size_t n = 0;
        while (n < t.size() && isAlnum(t[n]))
            ++n;
        const std::string_view name = t.substr(0, n);
        if (name != "min_free_kbytes" && name != "watermark_scale_factor" && name != "watermark_boost_factor"
            && name != "lowmem_reserve_ratio")
            return;
        Cursor c {t, n};
        if (!c.consume(':') && !c.consume('='))
            return;
        std::vector<std::int64_t> values;
        const std::string key(name);
        while (true) {
            c.skipSpaces();
            if (c.atEnd())
                break;
            const std::size_t at = c.pos;
            auto v = c.integer();
            if (!v) {
                // Free text ("not stated (THP)") is a note, not a value. A lone word
                // or a number the kernel cannot hold is a broken value: say so.
                Cursor probe {t, at};
                const std::string_view word = probe.token();
                probe.skipSpaces();
                const bool numeric = !word.empty()
                    && (std::isdigit(static_cast<unsigned char>(word[0]))
                        || (word.size() > 1 && (word[0] == '-' || word[0] == '+')
                            && std::isdigit(static_cast<unsigned char>(word[1]))));
                if (numeric || (values.empty() && probe.atEnd()))
                    warning(lineNo, col + static_cast<int>(t.data() - body.data() + at), "vm." + key,
                        "header value ignored: \"" + std::string(word.substr(0, 40)) + "\" is not "
                            + (numeric ? "an integer the sysctl can hold" : "a number"));
                return;
            }
            values.push_back(*v);
            if (values.size() > 16)
                return;
        }
        if (values.empty())
            return;
        auto bad = [&](const char *why) { warning(lineNo, col, "vm." + key, std::string("header value ignored: ") + why); };
        auto single = [&](std::optional<std::int64_t> &slot, std::int64_t lo, std::int64_t hi) {
            if (values.size() != 1)
                return bad("expected one number");
            if (values[0] < lo || values[0] > hi)
                return bad("out of the kernel's range");
            if (slot)
                return bad("given twice; the first value is used");
            slot = values[0];
        };
        auto &h = m_result.header;
        // The sysctls are ints (proc_dointvec_minmax): INT_MAX at most.
        if (name == "min_free_kbytes")
            single(h.minFreeKbytes, 0, kSysctlIntMax);
        else if (name == "watermark_scale_factor")
            single(h.watermarkScaleFactor, kWatermarkScaleFactorMin, kWatermarkScaleFactorMax);
        else if (name == "watermark_boost_factor")
            single(h.watermarkBoostFactor, 0, kSysctlIntMax);
        else {
            if (std::any_of(values.begin(), values.end(), [](std::int64_t v) { return v < 0 || v > kSysctlIntMax; }))
                return bad("out of the kernel's range");
            if (h.lowmemReserveRatio)
                return bad("given twice; the first value is used");
            h.lowmemReserveRatio = values;
        }
    }

    void handleNodeHeader(Cursor &c, int lineNo)
    {
        finishZone();
        // Until a good header follows, the lines belong to the broken block: don't report them again.
        m_skippingBadBlock = true;
        c.consumeWord("Node");
        const int nodeCol = (c.skipSpaces(), c.column());
        bool overflow = false;
        auto node = c.integer(&overflow);
        if (!node || *node < 0 || *node > kZoneinfoMaxNode) {
            error(lineNo, nodeCol, {}, "expected a node number (0.." + std::to_string(kZoneinfoMaxNode) + ") after \"Node\"");
            return;
        }
        if (!c.consume(',')) {
            error(lineNo, (c.skipSpaces(), c.column()), {}, "expected \", zone NAME\" after the node number");
            return;
        }
        c.skipSpaces();
        if (!c.consumeWord("zone")) {
            error(lineNo, c.column(), {}, "expected \"zone NAME\"");
            return;
        }
        const int nameCol = (c.skipSpaces(), c.column());
        const std::string_view name = c.token();
        if (name.empty()) {
            error(lineNo, nameCol, {}, "missing zone name");
            return;
        }
        c.skipSpaces();
        if (!c.atEnd()) {
            error(lineNo, c.column(), {}, "unexpected text after the zone name (is this /proc/buddyinfo or /proc/pagetypeinfo?)");
            return;
        }
        std::optional<ZoneType> type = zoneTypeFromName(name);
        const bool device = name == "Device";
        if (!type && !device) {
            error(lineNo, nameCol, {},
                "unknown zone \"" + std::string(name.substr(0, 40))
                    + "\" (expected DMA, DMA32, Normal, HighMem, Movable or Device)");
            return;
        }
        const auto key = std::make_pair(static_cast<int>(*node), std::string(name));
        if (auto it = m_zoneLines.find(key); it != m_zoneLines.end()) {
            error(lineNo, 1, {},
                "duplicate block \"Node " + std::to_string(*node) + ", zone " + std::string(name) + "\" (first at line "
                    + std::to_string(it->second) + ")");
            return;
        }
        if (static_cast<int>(m_result.zones.size()) >= kZoneinfoMaxZones) {
            error(lineNo, 1, {}, "more than " + std::to_string(kZoneinfoMaxZones) + " zones");
            m_stop = true;
            return;
        }
        m_zoneLines.emplace(key, lineNo);
        m_zone.emplace();
        m_zone->zone.node = static_cast<int>(*node);
        m_zone->zone.name = std::string(name);
        m_zone->zone.type = type;
        m_zone->zone.line = lineNo;
        m_section = Section::Preamble;
        m_skippingBadBlock = false;
    }

    // Reads "KEY VALUE" where VALUE must be a page count.
    std::optional<pages_t> readValue(Cursor &c, int lineNo, std::string_view key)
    {
        c.skipSpaces();
        const int col = c.column();
        bool overflow = false;
        auto v = c.integer(&overflow);
        if (!v) {
            error(lineNo, col, zonePath(),
                overflow ? "value of \"" + std::string(key) + "\" is out of range"
                         : "expected a number after \"" + std::string(key) + "\"");
            return std::nullopt;
        }
        if (*v < 0 || *v > kZoneinfoMaxValue) {
            error(lineNo, col, zonePath(), "value of \"" + std::string(key) + "\" is out of range");
            return std::nullopt;
        }
        c.skipSpaces();
        if (!c.atEnd()) {
            error(lineNo, c.column(), zonePath(), "unexpected text after the value of \"" + std::string(key) + "\"");
            return std::nullopt;
        }
        return v;
    }

    bool markSeen(std::string_view key, int lineNo, int col)
    {
        if (m_zone->seen.count(key)) {
            error(lineNo, col, zonePath(), "\"" + std::string(key) + "\" appears twice in this zone");
            return false;
        }
        m_zone->seen.emplace(key);
        return true;
    }

    void handleZoneLine(Cursor &c, int lineNo)
    {
        const int keyCol = c.column();
        const std::size_t keyStart = c.pos;
        const std::string_view first = c.token();
        auto &b = *m_zone;
        auto &z = b.zone;
        b.lastLine = lineNo;
        if (first == "start_pfn:") {
            b.startPfn = true;
            m_fullFormat = true;
        }

        if (first == "per-node" && c.consumeWord("stats")) {
            m_fullFormat = true;
            m_section = Section::PerNodeStats;
            return;
        }
        if (first == "pagesets") {
            m_fullFormat = true;
            m_section = Section::Pagesets;
            return;
        }
        if (first == "pages") {
            Cursor save = c;
            if (c.token() == "free") {
                m_section = Section::ZoneBody;
                if (markSeen("pages free", lineNo, keyCol))
                    if (auto v = readValue(c, lineNo, "pages free"))
                        z.free = *v;
                return;
            }
            c = save;
        }
        const bool zoneKeysAllowed = m_section != Section::Pagesets;
        if (zoneKeysAllowed && first == "protection:") {
            m_section = Section::ZoneBody;
            if (markSeen("protection", lineNo, keyCol))
                readProtection(c, lineNo);
            return;
        }
        static constexpr std::string_view kScalarKeys[]
            = {"boost", "min", "low", "high", "promo", "spanned", "present", "managed", "cma"};
        if (zoneKeysAllowed && std::find(std::begin(kScalarKeys), std::end(kScalarKeys), first) != std::end(kScalarKeys)) {
            m_section = Section::ZoneBody;
            if (!markSeen(first, lineNo, keyCol))
                return;
            auto v = readValue(c, lineNo, first);
            if (!v)
                return;
            if (first == "boost") {
                z.boost = *v;
                m_result.anyBoostPrinted = true;
            } else if (first == "min")
                b.minV = *v;
            else if (first == "low")
                b.lowV = *v;
            else if (first == "high")
                b.highV = *v;
            else if (first == "promo")
                z.promo = *v;
            else if (first == "spanned")
                z.spanned = *v;
            else if (first == "present")
                z.present = *v;
            else if (first == "managed")
                b.managedV = *v;
            else if (first == "cma")
                z.cma = *v;
            return;
        }
        // LRU sizes: nr_zone_* (v4.8+) anywhere in the zone part; nr_* only after "pages free"
        // (before v4.8 the per-zone counters carried the node counters' names).
        struct LruKey {
            std::string_view name;
            std::optional<pages_t> ZoneBuilder::*slot;
            bool oldStyle;
        };
        static const LruKey kLru[] = {
            {"nr_zone_inactive_file", &ZoneBuilder::inactiveFile, false},
            {"nr_zone_active_file", &ZoneBuilder::activeFile, false},
            {"nr_zone_inactive_anon", &ZoneBuilder::inactiveAnon, false},
            {"nr_zone_active_anon", &ZoneBuilder::activeAnon, false},
            {"nr_inactive_file", &ZoneBuilder::oldInactiveFile, true},
            {"nr_active_file", &ZoneBuilder::oldActiveFile, true},
            {"nr_inactive_anon", &ZoneBuilder::oldInactiveAnon, true},
            {"nr_active_anon", &ZoneBuilder::oldActiveAnon, true},
        };
        for (const auto &k : kLru) {
            if (first != k.name)
                continue;
            if (m_section == Section::Pagesets || (k.oldStyle && m_section != Section::ZoneBody))
                return; // a node counter, not a zone one
            if (!markSeen(first, lineNo, keyCol))
                return;
            if (auto v = readValue(c, lineNo, first))
                b.*(k.slot) = *v;
            return;
        }
        // Everything else: counters, cpu lines, pageset fields, start_pfn ... ignored.
        const char lead = c.line[keyStart];
        if (isAlnum(lead))
            return;
        warning(lineNo, keyCol, zonePath(), "unrecognized line ignored");
    }

    void readProtection(Cursor &c, int lineNo)
    {
        std::vector<pages_t> values;
        if (!c.consume('(')) {
            error(lineNo, (c.skipSpaces(), c.column()), zonePath(), "expected \"(\" after \"protection:\"");
            return;
        }
        c.skipSpaces();
        if (!c.consume(')')) {
            while (true) {
                c.skipSpaces();
                const int col = c.column();
                bool overflow = false;
                auto v = c.integer(&overflow);
                if (!v || *v < 0 || *v > kZoneinfoMaxValue) {
                    error(lineNo, col, zonePath(), "expected a page count in the protection list");
                    return;
                }
                values.push_back(*v);
                if (values.size() > kMaxProtectionEntries) {
                    error(lineNo, col, zonePath(), "too many protection entries");
                    return;
                }
                if (c.consume(','))
                    continue;
                if (c.consume(')'))
                    break;
                error(lineNo, (c.skipSpaces(), c.column()), zonePath(), "expected \",\" or \")\" in the protection list");
                return;
            }
        }
        c.skipSpaces();
        if (!c.atEnd()) {
            error(lineNo, c.column(), zonePath(), "unexpected text after the protection list");
            return;
        }
        m_zone->zone.protection = std::move(values);
    }

    void finishZone()
    {
        if (!m_zone)
            return;
        auto &b = *m_zone;
        auto &z = b.zone;
        const std::string path = zonePath();
        bool complete = true;
        auto need = [&](const std::optional<pages_t> &v, const char *key) {
            if (!v) {
                if (!b.seen.count(key)) // a malformed value was already reported
                    error(z.line, 1, path, std::string("zone block has no \"") + key + "\" line");
                complete = false;
            }
        };
        need(b.minV, "min");
        need(b.lowV, "low");
        need(b.highV, "high");
        need(b.managedV, "managed");
        auto sum = [](const std::optional<pages_t> &a, const std::optional<pages_t> &c2) -> std::optional<pages_t> {
            if (!a && !c2)
                return std::nullopt;
            return a.value_or(0) + c2.value_or(0);
        };
        z.fileLru = sum(b.inactiveFile, b.activeFile);
        if (!z.fileLru)
            z.fileLru = sum(b.oldInactiveFile, b.oldActiveFile);
        z.anonLru = sum(b.inactiveAnon, b.activeAnon);
        if (!z.anonLru)
            z.anonLru = sum(b.oldInactiveAnon, b.oldActiveAnon);
        m_blocks.push_back({path, z.line, std::max(b.lastLine, z.line), b.startPfn, z.elided,
            z.present ? *z.present > 0 : b.managedV.value_or(0) > 0, z.node,
            z.protection ? static_cast<int>(z.protection->size()) : -1});
        m_anyElided = m_anyElided || z.elided;
        if (complete) {
            z.min = *b.minV;
            z.low = *b.lowV;
            z.high = *b.highV;
            z.managed = *b.managedV;
            if (z.present && z.managed > *z.present)
                warning(z.line, 1, path, "managed is larger than present");
            m_result.zones.push_back(std::move(z));
        }
        m_zone.reset();
        m_section = Section::Preamble;
    }

    // A file in the kernel's full format (per-node stats, pagesets, start_pfn)
    // prints "start_pfn:" last in every populated zone: a populated zone
    // without it ends where the copy was cut. Elided samples are exempt.
    void checkTruncatedBlocks()
    {
        if (!m_fullFormat || m_anyElided)
            return;
        const std::string truncated = ": a truncated copy, not read as a whole one";
        for (const auto &blk : m_blocks) {
            if (blk.protectionSize < 0)
                error(blk.lastLine, 1, blk.path,
                    "the zone (from line " + std::to_string(blk.headerLine)
                        + ") ends here without its \"protection:\" line, which the kernel prints in every zone" + truncated);
            else if (blk.populated && !blk.startPfn)
                error(blk.lastLine, 1, blk.path,
                    "the zone (from line " + std::to_string(blk.headerLine)
                        + ") ends here without its \"start_pfn:\" line, which the kernel prints last in every populated "
                          "zone"
                        + truncated);
        }
        // Since 4.12 the kernel prints every zone of a node, as many as
        // protection: has entries: a node with fewer ends where the copy was cut.
        std::map<int, std::pair<int, const Block *>> perNode; // node -> (zones, last block)
        for (const auto &blk : m_blocks) {
            auto &[count, last] = perNode[blk.node];
            ++count;
            last = &blk;
        }
        for (const auto &[node, entry] : perNode) {
            const auto &[count, last] = entry;
            if (last->protectionSize > count)
                error(last->lastLine, 1, last->path,
                    "Node " + std::to_string(node) + " ends here after " + std::to_string(count)
                        + " zone(s), but its protection: lists " + std::to_string(last->protectionSize)
                        + " (the kernel prints every zone of a node since 4.12)" + truncated);
        }
    }

    std::string_view m_text;
    ZoneinfoParseResult m_result;
    std::optional<ZoneBuilder> m_zone;
    Section m_section = Section::Preamble;
    std::map<std::pair<int, std::string>, int> m_zoneLines;
    std::size_t m_suppressedWarnings = 0;
    bool m_stop = false;
    bool m_skippingBadBlock = false;
    bool m_fullFormat = false; // some block printed per-node stats, pagesets or start_pfn
    struct Block {
        std::string path;
        int headerLine = 0, lastLine = 0;
        bool startPfn = false, elided = false, populated = false;
        int node = 0;
        int protectionSize = -1; // -1: no protection: line
    };
    bool m_anyElided = false;
    std::vector<Block> m_blocks;
};

} // namespace

ZoneinfoParseResult parseZoneinfo(std::string_view text, const std::string &fileName)
{
    return Parser(text, fileName).run();
}

bool readZoneinfoFile(const std::string &path, std::string &text, std::string &error, std::size_t maxBytes)
{
    text.clear();
    const std::string shown = path == "-" ? std::string("<stdin>") : path;
    InputRead in = readInputFile(path, maxBytes);
    switch (in.status) {
    case InputReadStatus::Ok:
        text = std::move(in.text);
        return true;
    case InputReadStatus::OpenFailed:
        error = shown + ": cannot open: " + std::strerror(in.error);
        return false;
    case InputReadStatus::ReadFailed:
        error = shown + ": read error: " + std::strerror(in.error);
        return false;
    case InputReadStatus::TooLarge:
        error = shown + ": larger than " + std::to_string(maxBytes >> 20) + " MiB, not a zoneinfo file";
        return false;
    case InputReadStatus::NoData:
        error = shown + ": " + inputNoDataReason() + "; nothing was read";
        return false;
    }
    return false;
}

bool isLiveZoneinfoPath(const std::string &path)
{
    if (path == "-")
        return false;
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(std::filesystem::path(path), ec);
    return !ec && canonical == std::filesystem::path("/proc/zoneinfo");
}

std::vector<std::size_t> zoneinfoNodeZones(const ZoneinfoParseResult &r, int node)
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < r.zones.size(); ++i)
        if (r.zones[i].node == node)
            out.push_back(i);
    return out;
}

std::vector<int> zoneinfoNodes(const ZoneinfoParseResult &r)
{
    std::vector<int> nodes;
    for (const auto &z : r.zones)
        nodes.push_back(z.node);
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    return nodes;
}

} // namespace wm
