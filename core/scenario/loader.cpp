#include "scenario/loader.h"
#include "scenario/inputfile.h"

#include "mm/gfp.h"
#include "policy/registry.h"
#include "scenario/params.h"
#include "scenario/units.h"
#include "zoneinfo/importer.h"
#include "zoneinfo/parser.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <new>
#include <numeric>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace wm {

namespace {

// Node visits allowed beyond the file's own node count: a file without aliases
// never needs any; a few shared anchors need a few thousand.
constexpr std::size_t kBaseNodeBudget = 250000;

std::string shorten(std::string_view s, std::size_t max = 60)
{
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
    }
    if (s.size() > max)
        out += "...";
    return out;
}

std::string childPath(const std::string &parent, std::string_view key)
{
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string indexPath(const std::string &parent, std::size_t i)
{
    return parent + "[" + std::to_string(i) + "]";
}

struct Ctx {
    std::string file;
    std::vector<Diagnostic> diags;
    std::size_t visits = 0;
    std::size_t budget = kBaseNodeBudget;
    bool aborted = false;

    void add(int line, int column, std::string path, std::string message)
    {
        if (aborted)
            return;
        if (diags.size() >= kMaxScenarioDiagnostics) {
            diags.push_back({file, 0, 0, {}, "too many errors; stopping after " + std::to_string(kMaxScenarioDiagnostics)});
            aborted = true;
            return;
        }
        diags.push_back({file, line, column, std::move(path), std::move(message)});
    }
    // Where an empty value (`duration:` with nothing after it) is: yaml-cpp
    // marks the null node at the next token, usually the next line's first
    // column; we point just after the key's colon instead.
    std::unordered_map<int, YAML::Mark> emptyValueMarks;
    void noteValue(const YAML::Node &key, const YAML::Node &value)
    {
        if (!value.IsNull() || !key.IsScalar() || value.Mark().is_null() || key.Mark().is_null())
            return;
        YAML::Mark m = key.Mark();
        // The key (with its quotes when quoted: yaml-cpp tags those "!") and its colon.
        const int quotes = key.Tag() == "!" ? 2 : 0;
        const int width = static_cast<int>(key.Scalar().size()) + quotes + 1;
        m.pos += width;
        m.column += width;
        // Not an explicit `~` or `null` on the key's line, which marks itself.
        // (A value on a later line is explicit only if indented past the key:
        // the next key, which an empty value's mark points at, is not.)
        const bool explicitNull
            = value.Mark().line == key.Mark().line ? value.Mark().column >= m.column : value.Mark().column > key.Mark().column;
        if (!explicitNull)
            emptyValueMarks.emplace(value.Mark().pos, m);
    }
    YAML::Mark markOf(const YAML::Node &n) const
    {
        if (n.IsNull()) {
            if (const auto it = emptyValueMarks.find(n.Mark().pos); it != emptyValueMarks.end())
                return it->second;
        }
        return n.Mark();
    }
    void error(const YAML::Mark &m, std::string path, std::string message)
    {
        if (m.is_null())
            add(0, 0, std::move(path), std::move(message));
        else
            add(m.line + 1, m.column + 1, std::move(path), std::move(message));
    }
    // Counts a node visit; false once the walk must stop (alias bombs).
    bool visit(const YAML::Node &n, const std::string &path)
    {
        if (aborted)
            return false;
        if (++visits > budget) {
            error(n.Mark(), path,
                "too many nodes to visit (over " + std::to_string(budget) + "); the file expands aliases too much (alias bomb?)");
            aborted = true;
            return false;
        }
        return true;
    }
};

std::string kindName(const YAML::Node &n)
{
    switch (n.Type()) {
    case YAML::NodeType::Null:
        return "nothing";
    case YAML::NodeType::Scalar:
        return "'" + shorten(n.Scalar()) + "'";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Undefined:
        break;
    }
    return "nothing";
}

// ---- pass 1: duplicate keys over parser events ---------------------------------

class DuplicateKeyFinder final : public YAML::EventHandler
{
public:
    explicit DuplicateKeyFinder(Ctx &c)
        : c_(c)
    {
    }
    std::size_t events = 0;
    int documents = 0;

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        ++documents;
        if (documents == 2)
            c_.error(mark, {}, "only one YAML document is allowed in a scenario file");
        stack_.clear();
    }
    void OnDocumentEnd() override { }
    void OnNull(const YAML::Mark &mark, YAML::anchor_t) override { leaf(mark, nullptr); }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t) override { leaf(mark, nullptr); }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t, const std::string &value) override
    {
        leaf(mark, &value);
    }
    void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override
    {
        ++events;
        stack_.push_back(Frame {false, 0, {}, {}});
    }
    void OnSequenceEnd() override { pop(); }
    void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override
    {
        ++events;
        stack_.push_back(Frame {true, 0, {}, {}});
    }
    void OnMapEnd() override { pop(); }

private:
    struct Frame {
        bool isMap = false;
        std::size_t index = 0; // children seen (maps: keys and values alternate)
        std::string currentKey;
        std::unordered_map<std::string, YAML::Mark> keys;
    };

    void leaf(const YAML::Mark &mark, const std::string *value)
    {
        ++events;
        if (!stack_.empty()) {
            Frame &top = stack_.back();
            if (top.isMap && top.index % 2 == 0) {
                top.currentKey = value ? *value : std::string("?");
                if (value) {
                    auto [it, inserted] = top.keys.emplace(*value, mark);
                    if (!inserted) {
                        const auto &first = it->second;
                        c_.error(mark, pathTo(*value),
                            "duplicate key '" + shorten(*value) + "' (first defined at line " + std::to_string(first.line + 1)
                                + ", column " + std::to_string(first.column + 1) + ")");
                    }
                }
            }
        }
        advance();
    }
    void pop()
    {
        if (!stack_.empty())
            stack_.pop_back();
        advance();
    }
    void advance()
    {
        if (!stack_.empty())
            ++stack_.back().index;
    }
    std::string pathTo(const std::string &key) const
    {
        std::string p;
        for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
            const Frame &f = stack_[i];
            if (f.isMap)
                p = childPath(p, shorten(f.currentKey));
            else
                p = indexPath(p, f.index);
        }
        return childPath(p, shorten(key));
    }

    Ctx &c_;
    std::vector<Frame> stack_;
};

// ---- pass 2: structural walk ----------------------------------------------------

class MapReader
{
public:
    MapReader(Ctx &c, const YAML::Node &n, std::string path, const std::vector<std::string> &knownList)
        : c_(c)
        , node_(n)
        , path_(std::move(path))
    {
        if (!n.IsMap()) {
            c_.error(c_.markOf(n), path_, "expected a mapping, got " + kindName(n));
            return;
        }
        ok_ = true;
        for (auto it = n.begin(); it != n.end(); ++it) {
            if (!c_.visit(it->first, path_))
                return;
            const YAML::Node k = it->first;
            if (!k.IsScalar()) {
                c_.error(k.Mark(), path_, "keys must be plain names, got " + kindName(k));
                continue;
            }
            const std::string &key = k.Scalar();
            if (std::find(knownList.begin(), knownList.end(), key) == knownList.end()) {
                std::string known_;
                for (const auto &s : knownList)
                    known_ += (known_.empty() ? "" : ", ") + s;
                std::string msg = "unknown key '" + shorten(key) + "'" + didYouMean(key, knownList);
                if (closestMatch(key, knownList).empty())
                    msg += " (expected one of: " + known_ + ")";
                c_.error(k.Mark(), childPath(path_, shorten(key)), msg);
                continue;
            }
            c_.noteValue(k, it->second);
            bool dup = false;
            for (const auto &f : fields_)
                dup = dup || f.key == key;
            if (!dup) // duplicates were reported by the event pre-pass; the first one wins
                fields_.push_back(Field {key, k, it->second});
        }
    }
    bool ok() const { return ok_; }
    const YAML::Node *get(std::string_view key) const
    {
        for (const auto &f : fields_)
            if (f.key == key)
                return &f.value;
        return nullptr;
    }
    const YAML::Node *keyNode(std::string_view key) const
    {
        for (const auto &f : fields_)
            if (f.key == key)
                return &f.keyNode;
        return nullptr;
    }
    const YAML::Node *require(std::string_view key) const
    {
        const YAML::Node *v = get(key);
        if (!v && ok_)
            c_.error(node_.Mark(), path_, "missing required key '" + std::string(key) + "'");
        return v;
    }
    std::string path(std::string_view key) const { return childPath(path_, key); }
    const std::string &path() const { return path_; }
    YAML::Mark mark() const { return node_.Mark(); }
    // (key, key node, value node) in file order, duplicates removed.
    struct Field {
        std::string key;
        YAML::Node keyNode;
        YAML::Node value;
    };
    const std::vector<Field> &fields() const { return fields_; }

private:
    Ctx &c_;
    YAML::Node node_;
    std::string path_;
    bool ok_ = false;
    std::vector<Field> fields_;
};

// A map whose keys are free (policy knobs, timeline set): every scalar key, first wins.
std::vector<MapReader::Field> freeMap(Ctx &c, const YAML::Node &n, const std::string &path, bool &ok)
{
    std::vector<MapReader::Field> out;
    ok = false;
    if (n.IsNull()) {
        ok = true;
        return out;
    }
    if (!n.IsMap()) {
        c.error(c.markOf(n), path, "expected a mapping, got " + kindName(n));
        return out;
    }
    ok = true;
    std::unordered_map<std::string, bool> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
        if (!c.visit(it->first, path))
            break;
        if (!it->first.IsScalar()) {
            c.error(it->first.Mark(), path, "keys must be plain names, got " + kindName(it->first));
            continue;
        }
        c.noteValue(it->first, it->second);
        if (seen.emplace(it->first.Scalar(), true).second)
            out.push_back({it->first.Scalar(), it->first, it->second});
    }
    return out;
}

// Elements of a list (null = empty list when allowNull).
std::vector<YAML::Node> listItems(Ctx &c, const YAML::Node &n, const std::string &path, bool allowNull, bool &ok)
{
    std::vector<YAML::Node> out;
    ok = false;
    if (n.IsNull() && allowNull) {
        ok = true;
        return out;
    }
    if (!n.IsSequence()) {
        c.error(c.markOf(n), path, "expected a list, got " + kindName(n));
        return out;
    }
    ok = true;
    std::size_t i = 0;
    for (auto it = n.begin(); it != n.end(); ++it, ++i) {
        if (!c.visit(*it, indexPath(path, i)))
            break;
        out.push_back(*it);
    }
    return out;
}

std::optional<std::string> scalarText(Ctx &c, const YAML::Node &n, const std::string &path, std::string_view expected)
{
    if (!n.IsScalar()) {
        c.error(c.markOf(n), path, "expected " + std::string(expected) + ", got " + kindName(n));
        return std::nullopt;
    }
    return n.Scalar();
}

template <class T, class Parser>
std::optional<T> parseNode(Ctx &c, const YAML::Node &n, const std::string &path, std::string_view expected, Parser parse)
{
    const auto text = scalarText(c, n, path, expected);
    if (!text)
        return std::nullopt;
    std::string err;
    std::optional<T> v = parse(*text, &err);
    if (!v)
        c.error(n.Mark(), path, err);
    return v;
}

std::optional<usec_t> durationNode(Ctx &c, const YAML::Node &n, const std::string &path)
{
    return parseNode<usec_t>(
        c, n, path, "a duration such as 250ms", [](std::string_view t, std::string *e) { return parseDuration(t, e); });
}

std::optional<pages_t> pagesNode(Ctx &c, const YAML::Node &n, const std::string &path)
{
    return parseNode<pages_t>(
        c, n, path, "a size such as 64MiB or 1000 pages", [](std::string_view t, std::string *e) { return parsePages(t, e); });
}

std::optional<double> rateNode(Ctx &c, const YAML::Node &n, const std::string &path)
{
    auto v = parseNode<double>(
        c, n, path, "a rate such as 20000/s", [](std::string_view t, std::string *e) { return parseRate(t, e); });
    if (v && *v > kMaxRatePerSecond) {
        c.error(n.Mark(), path, formatRate(*v) + " is out of range 0/s.." + formatRate(kMaxRatePerSecond));
        return std::nullopt;
    }
    return v;
}

std::optional<std::int64_t> intNode(Ctx &c, const YAML::Node &n, const std::string &path, std::int64_t lo, std::int64_t hi)
{
    auto v = parseNode<std::int64_t>(
        c, n, path, "an integer", [](std::string_view t, std::string *e) { return parseInteger(t, e); });
    if (v && (*v < lo || *v > hi)) {
        c.error(n.Mark(), path, std::to_string(*v) + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
        return std::nullopt;
    }
    return v;
}

std::optional<bool> boolNode(Ctx &c, const YAML::Node &n, const std::string &path)
{
    return parseNode<bool>(c, n, path, "true or false", [](std::string_view t, std::string *e) { return parseBool(t, e); });
}

// Scalar (or list of scalars, joined by spaces) as parameter text.
std::optional<std::string> paramText(Ctx &c, const YAML::Node &n, const std::string &path)
{
    if (n.IsScalar())
        return n.Scalar();
    if (n.IsSequence()) {
        bool ok = false;
        std::string joined;
        const auto items = listItems(c, n, path, false, ok);
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!items[i].IsScalar()) {
                c.error(items[i].Mark(), indexPath(path, i), "expected a number, got " + kindName(items[i]));
                return std::nullopt;
            }
            joined += (i ? " " : "") + items[i].Scalar();
        }
        return ok ? std::optional<std::string>(joined) : std::nullopt;
    }
    c.error(c.markOf(n), path, "expected a value, got " + kindName(n));
    return std::nullopt;
}

// applyParam() with the "key: " prefix removed (the diagnostic has the path).
std::string applyQuiet(Scenario &s, const std::string &key, const std::string &value)
{
    std::string e = applyParam(s, key, value);
    const std::string prefix = key + ": ";
    if (e.compare(0, prefix.size(), prefix) == 0)
        e.erase(0, prefix.size());
    return e;
}

bool validSourceName(const std::string &name)
{
    if (name.empty() || name.size() > 200)
        return false;
    for (char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7f || ch == '.' || ch == '=' || ch == ',')
            return false;
    }
    return true;
}

struct Loader {
    explicit Loader(Ctx &ctx)
        : c(ctx)
    {
    }
    Ctx &c;
    Scenario s;
    // Marks kept for the checks that need the whole file.
    YAML::Mark rootMark, durationMark, tickMark, machineMark;
    bool machineOk = false;
    std::size_t nodeCount = 0; // nodes listed (valid or not); 0 = unknown
    struct SrcMarks {
        YAML::Mark node, start, stop;
        std::string path;
        bool nodeGiven = false;
    };
    std::vector<SrcMarks> srcMarks;
    struct TlMarks {
        YAML::Mark key, value, at;
        std::string path;
    };
    std::vector<TlMarks> tlMarks; // parallel to s.timeline before sorting

    void root(const YAML::Node &n)
    {
        if (n.IsNull()) {
            c.add(0, 0, {}, "the file is empty; a scenario needs at least 'name' and 'machine'");
            return;
        }
        MapReader m(c, n, {},
            {"name", "description", "duration", "tick", "seed", "seeds", "machine", "sysctl", "reclaim", "policy", "workload",
                "timeline"});
        if (!m.ok())
            return;
        rootMark = m.mark();
        if (const auto *v = m.require("name")) {
            if (auto t = scalarText(c, *v, "name", "the scenario's name")) {
                if (t->empty())
                    c.error(v->Mark(), "name", "the name must not be empty");
                s.name = *t;
            }
        }
        if (const auto *v = m.get("description")) {
            if (!v->IsNull())
                if (auto t = scalarText(c, *v, "description", "text"))
                    s.description = *t;
        }
        bool durOk = true, tickOk = true;
        if (const auto *v = m.get("duration")) {
            durationMark = v->Mark();
            if (auto d = durationNode(c, *v, "duration"))
                s.duration = *d;
            else
                durOk = false;
        } else {
            durationMark = rootMark;
        }
        if (const auto *v = m.get("tick")) {
            tickMark = v->Mark();
            if (auto d = durationNode(c, *v, "tick"))
                s.tick = *d;
            else
                tickOk = false;
        } else {
            tickMark = rootMark;
        }
        if (durOk) {
            if (s.duration <= 0)
                c.error(durationMark, "duration", "the duration must be greater than 0");
            else if (s.duration > kMaxDuration)
                c.error(durationMark, "duration", formatDuration(s.duration) + " is longer than 30 days");
        }
        if (tickOk) {
            if (s.tick <= 0)
                c.error(tickMark, "tick", "the tick must be greater than 0");
            else if (durOk && s.tick > s.duration)
                c.error(tickMark, "tick",
                    "the tick (" + formatDuration(s.tick) + ") is longer than the duration (" + formatDuration(s.duration) + ")");
            else if (s.tick > kMaxTick)
                c.error(tickMark, "tick", tickTooLong(s.tick));
            else if (durOk && s.duration > 0 && s.duration <= kMaxDuration)
                if (auto e = tooManyTicks(s.duration, s.tick); !e.empty())
                    c.error(tickMark, "tick", e);
        }
        if (const auto *v = m.get("seed"))
            if (auto x = parseNode<std::uint64_t>(
                    c, *v, "seed", "a non-negative integer", [](std::string_view t, std::string *e) { return parseSeed(t, e); }))
                s.seed = *x;
        if (const auto *v = m.get("seeds")) {
            bool ok = false;
            const auto items = listItems(c, *v, "seeds", true, ok);
            std::unordered_set<std::uint64_t> seen;
            for (std::size_t i = 0; i < items.size(); ++i)
                if (auto x = parseNode<std::uint64_t>(c, items[i], indexPath("seeds", i), "a non-negative integer",
                        [](std::string_view t, std::string *e) { return parseSeed(t, e); })) {
                    // The same seed twice is the same run twice: counted as two
                    // samples it would shrink every confidence interval for nothing.
                    if (!seen.insert(*x).second)
                        c.error(items[i].Mark(), indexPath("seeds", i), "seed " + std::to_string(*x) + " is listed twice");
                    else
                        s.seeds.push_back(*x);
                }
        }
        if (const auto *v = m.require("machine"))
            machine(*v);
        if (const auto *v = m.get("sysctl"))
            sysctl(*v);
        if (const auto *v = m.get("reclaim"))
            reclaim(*v);
        if (const auto *v = m.get("policy"))
            policy(*v);
        if (const auto *v = m.get("workload"))
            workload(*v);
        if (const auto *v = m.get("timeline"))
            timeline(*v, durOk && s.duration > 0);
    }

    void machine(const YAML::Node &n)
    {
        MapReader m(c, n, "machine", {"nodes", "from_zoneinfo"});
        if (!m.ok())
            return;
        machineMark = m.mark();
        const auto *fromZoneinfo = m.get("from_zoneinfo");
        if (fromZoneinfo && m.get("nodes")) {
            c.error(fromZoneinfo->Mark(), "machine.from_zoneinfo", "give either 'nodes' or 'from_zoneinfo', not both");
            return;
        }
        if (fromZoneinfo) {
            machineFromZoneinfo(*fromZoneinfo);
            return;
        }
        const auto *nodes = m.require("nodes");
        if (!nodes)
            return;
        bool ok = false;
        const auto items = listItems(c, *nodes, "machine.nodes", false, ok);
        if (!ok)
            return;
        if (items.empty()) {
            c.error(nodes->Mark(), "machine.nodes", "the machine needs at least one node");
            return;
        }
        nodeCount = items.size();
        if (items.size() > static_cast<std::size_t>(kMaxNumNodes)) {
            c.error(nodes->Mark(), "machine.nodes",
                std::to_string(items.size()) + " nodes: at most " + std::to_string(kMaxNumNodes)
                    + " (the kernel's MAX_NUMNODES with CONFIG_NODES_SHIFT=10)");
            return;
        }
        bool allOk = true;
        for (std::size_t i = 0; i < items.size() && !c.aborted; ++i)
            allOk = numaNode(items[i], indexPath("machine.nodes", i)) && allOk;
        if (!allOk)
            return;
        machineOk = true;
        bool populated = false;
        for (const auto &nd : s.nodes)
            for (const auto &z : nd.zones)
                populated = populated || z.managed > 0;
        if (!populated)
            c.error(machineMark, "machine", "the machine has no populated zone (a zone with managed > 0)");
    }

    // machine: {from_zoneinfo: FILE}: the nodes and populated zones of a real
    // /proc/zoneinfo (managed, free, file and anon pages; import-zoneinfo's rules),
    // the path relative to the scenario file. Only the machine: the sysctls stay
    // the scenario's. A problem in that file is reported here, naming its line.
    void machineFromZoneinfo(const YAML::Node &v)
    {
        const auto path = scalarText(c, v, "machine.from_zoneinfo", "a /proc/zoneinfo file");
        if (!path)
            return;
        if (path->empty() || *path == "-") {
            // ("-" would be standard input to readZoneinfoFile(): not a scenario's file.)
            c.error(v.Mark(), "machine.from_zoneinfo", path->empty() ? "the file name is empty" : "'-' is not a file name here");
            return;
        }
        std::filesystem::path file(*path);
        if (file.is_relative() && !c.file.empty() && c.file.front() != '<')
            file = std::filesystem::path(c.file).parent_path() / file;
        std::string text, readError;
        if (!readZoneinfoFile(file.string(), text, readError)) {
            c.error(v.Mark(), "machine.from_zoneinfo", readError);
            return;
        }
        const auto parsed = parseZoneinfo(text, file.string());
        auto where = [](const Diagnostic &d) {
            return d.file
                + (d.line > 0 ? ":" + std::to_string(d.line) + (d.column > 0 ? ":" + std::to_string(d.column) : "") : "") + ": ";
        };
        if (!parsed.ok()) {
            for (const auto &d : parsed.errors)
                c.error(v.Mark(), "machine.from_zoneinfo", where(d) + d.message);
            if (parsed.errors.empty())
                c.error(v.Mark(), "machine.from_zoneinfo", file.string() + ": no zone found: is this /proc/zoneinfo?");
            return;
        }
        const auto imported = importZoneinfo(parsed);
        if (!imported.ok()) {
            for (const auto &d : imported.errors)
                c.error(v.Mark(), "machine.from_zoneinfo", where(d) + d.message);
            return;
        }
        s.nodes = imported.scenario->nodes;
        nodeCount = s.nodes.size();
        machineOk = true;
    }

    bool numaNode(const YAML::Node &n, const std::string &path)
    {
        MapReader m(c, n, path, {"zones"});
        if (!m.ok())
            return false;
        NodeSpec spec;
        const auto *zones = m.require("zones");
        if (!zones)
            return false;
        bool ok = false;
        const auto items = listItems(c, *zones, m.path("zones"), true, ok);
        if (!ok)
            return false;
        bool allOk = true;
        int lastIndex = -1;
        for (std::size_t i = 0; i < items.size() && !c.aborted; ++i) {
            const std::string zpath = indexPath(m.path("zones"), i);
            ZoneSpec z;
            if (!zone(items[i], zpath, z)) {
                allOk = false;
                continue;
            }
            const int idx = zoneIndex(z.type);
            bool dup = false;
            for (const auto &o : spec.zones)
                dup = dup || o.type == z.type;
            if (dup) {
                c.error(items[i].Mark(), zpath, "zone " + std::string(zoneName(z.type)) + " appears twice in this node");
                allOk = false;
            } else if (idx < lastIndex) {
                c.error(items[i].Mark(), zpath,
                    "zone " + std::string(zoneName(z.type)) + " is listed after "
                        + std::string(zoneName(zoneTypeFromIndex(lastIndex)))
                        + "; list a node's zones in kernel order DMA, DMA32, Normal, HighMem, Movable");
                allOk = false;
            }
            lastIndex = std::max(lastIndex, idx);
            spec.zones.push_back(z);
        }
        s.nodes.push_back(std::move(spec));
        return allOk;
    }

    bool zone(const YAML::Node &n, const std::string &path, ZoneSpec &z)
    {
        MapReader m(c, n, path,
            {"type", "managed", "free", "file", "anon", "unreclaimable", "high_order_fraction", "extfrag_fallback_rate"});
        if (!m.ok())
            return false;
        bool ok = true;
        if (const auto *v = m.require("type")) {
            if (auto t = scalarText(c, *v, m.path("type"), "a zone type")) {
                if (auto zt = zoneTypeFromName(*t))
                    z.type = *zt;
                else {
                    std::vector<std::string> names(kZoneNames.begin(), kZoneNames.end());
                    c.error(v->Mark(), m.path("type"),
                        "unknown zone type '" + shorten(*t) + "'" + didYouMean(*t, names)
                            + " (use DMA, DMA32, Normal, HighMem or Movable)");
                    ok = false;
                }
            } else {
                ok = false;
            }
        } else {
            ok = false;
        }
        auto pagesField = [&](const char *key, pages_t &out) {
            if (const auto *v = m.get(key)) {
                if (auto p = pagesNode(c, *v, m.path(key)))
                    out = *p;
                else
                    ok = false;
            }
        };
        if (const auto *v = m.require("managed")) {
            if (auto p = pagesNode(c, *v, m.path("managed")))
                z.managed = *p;
            else
                ok = false;
        } else {
            ok = false;
        }
        pagesField("free", z.free);
        pagesField("file", z.fileLru);
        pagesField("anon", z.anonLru);
        pagesField("unreclaimable", z.unreclaimable);
        if (const auto *v = m.get("high_order_fraction")) {
            if (auto x = parseNode<double>(c, *v, m.path("high_order_fraction"), "a number between 0 and 1",
                    [](std::string_view t, std::string *e) { return parseNumber(t, e); })) {
                if (*x < 0 || *x > 1) {
                    c.error(v->Mark(), m.path("high_order_fraction"), formatNumber(*x) + " is out of range 0..1");
                    ok = false;
                } else {
                    z.highOrderFraction = *x;
                }
            } else {
                ok = false;
            }
        }
        if (const auto *v = m.get("extfrag_fallback_rate")) {
            if (auto x = rateNode(c, *v, m.path("extfrag_fallback_rate")))
                z.extfragFallbackRate = *x;
            else
                ok = false;
        }
        if (ok) {
            // Each term is <= 2^50, so the sum cannot overflow.
            const pages_t used = z.fileLru + z.anonLru + z.unreclaimable;
            const pages_t total = used + std::max<pages_t>(z.free, 0);
            if (total > z.managed) {
                c.error(m.mark(), path,
                    std::string(z.free >= 0 ? "free + file + anon + unreclaimable" : "file + anon + unreclaimable") + " = "
                        + formatPages(total) + " exceeds managed = " + formatPages(z.managed));
                ok = false;
            }
        }
        return ok;
    }

    void sysctl(const YAML::Node &n)
    {
        MapReader m(c, n, "sysctl",
            {"vm.min_free_kbytes", "vm.watermark_scale_factor", "vm.watermark_boost_factor", "vm.lowmem_reserve_ratio",
                "transparent_hugepage"});
        if (!m.ok())
            return;
        for (const auto &f : m.fields()) {
            const std::string path = m.path(f.key);
            if (f.key == "vm.lowmem_reserve_ratio" && f.value.IsSequence()) {
                bool ok = false;
                const auto items = listItems(c, f.value, path, false, ok);
                if (!ok)
                    continue;
                if (items.size() != static_cast<std::size_t>(kMaxNrZones)) {
                    c.error(f.value.Mark(), path,
                        "expected " + std::to_string(kMaxNrZones) + " ratios (DMA, DMA32, Normal, HighMem, Movable), got "
                            + std::to_string(items.size()));
                    continue;
                }
                std::array<std::int64_t, kMaxNrZones> r {};
                bool allOk = true;
                for (std::size_t i = 0; i < items.size(); ++i) {
                    if (auto x = intNode(c, items[i], indexPath(path, i), 0, kSysctlIntMax))
                        r[i] = *x;
                    else
                        allOk = false;
                }
                if (allOk)
                    s.sysctls.lowmemReserveRatio = r;
                continue;
            }
            if (!f.value.IsScalar()) {
                c.error(c.markOf(f.value), path, "expected a value, got " + kindName(f.value));
                continue;
            }
            const std::string e = applyQuiet(s, f.key, f.value.Scalar());
            if (!e.empty())
                c.error(f.value.Mark(), path, e);
        }
    }

    void reclaim(const YAML::Node &n)
    {
        MapReader m(c, n, "reclaim",
            {"kswapd_file_rate", "kswapd_anon_rate", "swap", "direct_reclaim_cost", "direct_reclaim_rate", "oom_kill"});
        if (!m.ok())
            return;
        for (const auto &f : m.fields()) {
            const std::string path = m.path(f.key);
            if (!f.value.IsScalar()) {
                c.error(c.markOf(f.value), path, "expected a value, got " + kindName(f.value));
                continue;
            }
            const std::string e = applyQuiet(s, "reclaim." + f.key, f.value.Scalar());
            if (!e.empty())
                c.error(f.value.Mark(), path, e);
        }
    }

    void policy(const YAML::Node &n)
    {
        const YAML::Node *idNode = &n;
        std::optional<MapReader> m;
        if (n.IsMap()) {
            m.emplace(c, n, "policy", std::vector<std::string> {"id", "knobs"});
            idNode = m->require("id");
            if (!idNode)
                return;
        }
        const std::string idPath = m ? "policy.id" : "policy";
        const auto id = scalarText(c, *idNode, idPath, "a policy id such as vanilla, or {id, knobs}");
        if (!id)
            return;
        const std::string e = applyQuiet(s, "policy", *id);
        if (!e.empty()) {
            c.error(idNode->Mark(), idPath, e);
            return;
        }
        if (!m)
            return;
        const auto *knobs = m->get("knobs");
        if (!knobs)
            return;
        bool ok = false;
        const auto fields = freeMap(c, *knobs, "policy.knobs", ok);
        const PolicyInfo *info = findPolicyInfo(s.policy.id);
        std::vector<std::string> names;
        if (info)
            for (const auto &k : info->knobs)
                names.push_back(k.name);
        for (const auto &f : fields) {
            const std::string path = "policy.knobs." + shorten(f.key);
            if (std::find(names.begin(), names.end(), f.key) == names.end()) {
                std::string msg = "unknown knob '" + shorten(f.key) + "' for policy '" + s.policy.id + "'";
                if (names.empty())
                    msg += " (it has no knobs)";
                else
                    msg += didYouMean(f.key, names);
                c.error(f.keyNode.Mark(), path, msg);
                continue;
            }
            auto x = parseNode<double>(
                c, f.value, path, "a number", [](std::string_view t, std::string *err) { return parseNumber(t, err); });
            if (!x)
                continue;
            const std::string ke = validatePolicyKnob(s.policy.id, f.key, *x);
            if (!ke.empty()) {
                c.error(f.value.Mark(), path, ke);
                continue;
            }
            s.policy.knobs[f.key] = *x;
        }
    }

    void workload(const YAML::Node &n)
    {
        bool ok = false;
        const auto items = listItems(c, n, "workload", true, ok);
        for (std::size_t i = 0; i < items.size() && !c.aborted; ++i)
            source(items[i], indexPath("workload", i), i);
        // Unique names (a map: a file may hold 100,000 sources).
        std::unordered_map<std::string_view, std::size_t> firstUse;
        for (std::size_t i = 0; i < s.sources.size() && !c.aborted; ++i) {
            const auto [it, fresh] = firstUse.emplace(s.sources[i].name, i);
            if (!fresh)
                c.error(srcMarks[i].node, srcMarks[i].path + ".name",
                    "duplicate source name '" + shorten(s.sources[i].name) + "' (also used by " + srcMarks[it->second].path
                        + ")");
        }
    }

    void source(const YAML::Node &n, const std::string &path, std::size_t index)
    {
        MapReader m(c, n, path, {"name", "gfp", "order", "node", "rate", "lifetime", "slab_refill", "start", "stop"});
        if (!m.ok())
            return;
        SourceSpec src;
        SrcMarks marks;
        marks.path = path;
        marks.node = m.mark();
        src.name = "source" + std::to_string(index);
        if (const auto *v = m.get("name")) {
            marks.node = v->Mark();
            if (auto t = scalarText(c, *v, m.path("name"), "a name")) {
                if (!validSourceName(*t))
                    c.error(v->Mark(), m.path("name"),
                        "a source name must be non-empty and contain no spaces, '.', '=' or ',' (it is used in "
                        "parameter keys such as workload.<name>.rate)");
                src.name = *t;
            }
        }
        if (const auto *v = m.get("gfp")) {
            if (auto t = scalarText(c, *v, m.path("gfp"), "GFP flags such as GFP_KERNEL")) {
                src.gfp = *t;
            }
        }
        {
            std::string err;
            if (auto mask = parseGfp(src.gfp, &err))
                src.gfpMask = *mask;
            else
                c.error(m.get("gfp") ? m.get("gfp")->Mark() : m.mark(), m.path("gfp"),
                    err.empty() ? "bad GFP flags '" + shorten(src.gfp) + "'" : err);
        }
        if (const auto *v = m.get("order"))
            if (auto x = intNode(c, *v, m.path("order"), 0, kMaxPageOrder))
                src.order = static_cast<int>(*x);
        if (const auto *v = m.get("node")) {
            marks.nodeGiven = true;
            marks.node = v->Mark();
            if (auto x = intNode(c, *v, m.path("node"), 0, 1 << 20)) {
                src.node = static_cast<int>(*x);
                if (nodeCount > 0 && static_cast<std::size_t>(src.node) >= nodeCount)
                    c.error(v->Mark(), m.path("node"),
                        "node " + std::to_string(src.node) + " does not exist (the machine has " + std::to_string(nodeCount)
                            + (nodeCount == 1 ? " node)" : " nodes)"));
            }
        }
        if (const auto *v = m.require("rate"))
            rate(*v, m.path("rate"), src.rate);
        if (const auto *v = m.get("lifetime"))
            lifetime(*v, m.path("lifetime"), src.lifetime);
        if (const auto *v = m.get("slab_refill"))
            slabRefill(*v, m.path("slab_refill"), src);
        if (const auto *v = m.get("start")) {
            if (auto d = durationNode(c, *v, m.path("start"))) {
                src.start = *d;
                if (src.start > s.duration)
                    c.error(v->Mark(), m.path("start"),
                        "starts at " + formatDuration(src.start) + ", after the end of the run (" + formatDuration(s.duration)
                            + ")");
            }
        }
        if (const auto *v = m.get("stop")) {
            if (auto d = durationNode(c, *v, m.path("stop"))) {
                src.stop = *d;
                if (*d <= src.start)
                    c.error(v->Mark(), m.path("stop"),
                        "stops at " + formatDuration(*d) + ", not after its start (" + formatDuration(src.start) + ")");
            }
        }
        s.sources.push_back(std::move(src));
        srcMarks.push_back(std::move(marks));
    }

    void rate(const YAML::Node &n, const std::string &path, RatePattern &r)
    {
        if (n.IsScalar()) { // shorthand: `rate: 20000/s` = poisson
            r.kind = RateKind::Poisson;
            if (auto x = rateNode(c, n, path))
                r.rate = *x;
            return;
        }
        if (!n.IsMap()) {
            c.error(
                c.markOf(n), path, "expected a rate such as 20000/s or {pattern: poisson, rate: 20000/s}, got " + kindName(n));
            return;
        }
        // Find the pattern first so that keys can be checked against it.
        std::string pattern;
        YAML::Node patternNode;
        for (auto it = n.begin(); it != n.end(); ++it)
            if (it->first.IsScalar() && it->first.Scalar() == "pattern") {
                patternNode = it->second;
                if (patternNode.IsScalar())
                    pattern = patternNode.Scalar();
                break;
            }
        using L = std::vector<std::string>;
        L keys = {"pattern", "rate", "base", "burst_rate", "period", "length", "phase", "from", "to", "points"};
        bool known = true;
        if (pattern == "constant" || pattern == "poisson") {
            r.kind = pattern == "constant" ? RateKind::Constant : RateKind::Poisson;
            keys = L {"pattern", "rate"};
        } else if (pattern == "bursts") {
            r.kind = RateKind::Bursts;
            keys = L {"pattern", "base", "burst_rate", "period", "length", "phase"};
        } else if (pattern == "ramp") {
            r.kind = RateKind::Ramp;
            keys = L {"pattern", "from", "to"};
        } else if (pattern == "piecewise") {
            r.kind = RateKind::Piecewise;
            keys = L {"pattern", "points"};
        } else {
            known = false;
        }
        MapReader m(c, n, path, keys);
        if (!m.ok())
            return;
        if (const auto *p = m.require("pattern")) {
            if (!known) {
                if (auto t = scalarText(c, *p, m.path("pattern"), "a rate pattern name"))
                    c.error(p->Mark(), m.path("pattern"),
                        "unknown rate pattern '" + shorten(*t) + "'"
                            + didYouMean(*t, {"constant", "poisson", "bursts", "ramp", "piecewise"})
                            + " (use constant, poisson, bursts, ramp or piecewise)");
                return;
            }
        } else {
            return;
        }
        auto rateField = [&](const char *key, double &out, bool required) {
            const auto *v = required ? m.require(key) : m.get(key);
            if (v)
                if (auto x = rateNode(c, *v, m.path(key)))
                    out = *x;
        };
        switch (r.kind) {
        case RateKind::Constant:
        case RateKind::Poisson:
            rateField("rate", r.rate, true);
            break;
        case RateKind::Bursts: {
            rateField("base", r.rate, false);
            rateField("burst_rate", r.burstRate, true);
            bool periodOk = false, lengthOk = false;
            if (const auto *v = m.require("period"))
                if (auto d = durationNode(c, *v, m.path("period"))) {
                    r.period = *d;
                    periodOk = true;
                    if (*d <= 0 || *d > kMaxDuration) {
                        c.error(v->Mark(), m.path("period"), "the period must be greater than 0 and at most 30 days");
                        periodOk = false;
                    }
                }
            if (const auto *v = m.require("length"))
                if (auto d = durationNode(c, *v, m.path("length"))) {
                    r.burstLength = *d;
                    lengthOk = true;
                }
            if (periodOk && lengthOk && r.burstLength > r.period)
                c.error(m.get("length")->Mark(), m.path("length"),
                    "the burst length (" + formatDuration(r.burstLength) + ") is longer than the period ("
                        + formatDuration(r.period) + ")");
            if (const auto *v = m.get("phase"))
                if (auto d = durationNode(c, *v, m.path("phase")))
                    r.phase = *d;
            break;
        }
        case RateKind::Ramp:
            rateField("from", r.rate, true);
            rateField("to", r.rampTo, true);
            break;
        case RateKind::Piecewise: {
            const auto *pts = m.require("points");
            if (!pts)
                break;
            bool ok = false;
            const auto items = listItems(c, *pts, m.path("points"), false, ok);
            if (!ok)
                break;
            if (items.empty())
                c.error(pts->Mark(), m.path("points"), "a piecewise rate needs at least one point");
            for (std::size_t i = 0; i < items.size() && !c.aborted; ++i) {
                const std::string ppath = indexPath(m.path("points"), i);
                MapReader pm(c, items[i], ppath, {"at", "rate"});
                if (!pm.ok())
                    continue;
                RatePoint p;
                bool pointOk = true;
                if (const auto *v = pm.require("at")) {
                    if (auto d = durationNode(c, *v, pm.path("at"))) {
                        p.at = *d;
                        if (!r.points.empty() && p.at < r.points.back().at) {
                            c.error(v->Mark(), pm.path("at"),
                                "points must be in time order (" + formatDuration(p.at) + " comes after "
                                    + formatDuration(r.points.back().at) + ")");
                        }
                    } else {
                        pointOk = false;
                    }
                } else {
                    pointOk = false;
                }
                if (const auto *v = pm.require("rate")) {
                    if (auto x = rateNode(c, *v, pm.path("rate")))
                        p.rate = *x;
                    else
                        pointOk = false;
                } else {
                    pointOk = false;
                }
                if (pointOk)
                    r.points.push_back(p);
            }
            break;
        }
        }
    }

    void lifetime(const YAML::Node &n, const std::string &path, Lifetime &l)
    {
        if (n.IsScalar()) {
            const std::string &t = n.Scalar();
            if (t == "page_cache")
                l = {LifetimeKind::PageCache, 0};
            else if (t == "anon")
                l = {LifetimeKind::Anon, 0};
            else if (t == "forever")
                l = {LifetimeKind::Forever, 0};
            else if (t == "fixed" || t == "exponential")
                c.error(n.Mark(), path, "'" + t + "' needs a duration: {" + t + ": 10ms}");
            else
                c.error(n.Mark(), path,
                    "unknown lifetime '" + shorten(t) + "'"
                        + didYouMean(t, {"page_cache", "anon", "forever", "fixed", "exponential"})
                        + " (use page_cache, anon, forever, {fixed: 10ms} or {exponential: 50ms})");
            return;
        }
        MapReader m(c, n, path, {"fixed", "exponential"});
        if (!m.ok())
            return;
        if (m.fields().size() != 1) {
            c.error(m.mark(), path, "expected exactly one of {fixed: DURATION} or {exponential: DURATION}");
            return;
        }
        const auto &f = m.fields().front();
        if (auto d = durationNode(c, f.value, m.path(f.key))) {
            if (f.key == "fixed") {
                l = {LifetimeKind::Fixed, *d};
            } else {
                if (*d <= 0)
                    c.error(f.value.Mark(), m.path(f.key), "the mean lifetime must be greater than 0");
                l = {LifetimeKind::Exponential, *d};
            }
        }
    }

    void slabRefill(const YAML::Node &n, const std::string &path, SourceSpec &src)
    {
        if (n.IsNull()) {
            src.slabRefill = true;
            return;
        }
        if (n.IsScalar()) {
            if (auto b = boolNode(c, n, path))
                src.slabRefill = *b;
            return;
        }
        MapReader m(c, n, path, {"order", "enabled"});
        if (!m.ok())
            return;
        src.slabRefill = true;
        if (const auto *v = m.get("enabled"))
            if (auto b = boolNode(c, *v, m.path("enabled")))
                src.slabRefill = *b;
        if (const auto *v = m.get("order"))
            if (auto x = intNode(c, *v, m.path("order"), 0, kMaxPageOrder))
                src.slabOrder = static_cast<int>(*x);
    }

    void timeline(const YAML::Node &n, bool durationKnown)
    {
        bool ok = false;
        const auto items = listItems(c, n, "timeline", true, ok);
        for (std::size_t i = 0; i < items.size() && !c.aborted; ++i) {
            const std::string path = indexPath("timeline", i);
            MapReader m(c, items[i], path, {"at", "set", "caption", "pause"});
            if (!m.ok())
                continue;
            usec_t at = 0;
            YAML::Mark atMark = m.mark();
            if (const auto *v = m.require("at")) {
                atMark = v->Mark();
                if (auto d = durationNode(c, *v, m.path("at"))) {
                    at = *d;
                    // An entry applies in the tick that starts before it; at the
                    // duration itself no tick is left to apply it in.
                    if (durationKnown && at >= s.duration)
                        c.error(v->Mark(), m.path("at"),
                            formatDuration(at)
                                + (at == s.duration ? " is the end of the run (" : " is after the end of the run (")
                                + formatDuration(s.duration) + "): nothing runs after it");
                }
            }
            const auto *set = m.get("set");
            const auto *caption = m.get("caption");
            const auto *pause = m.get("pause");
            if (!set && !caption) {
                c.error(m.mark(), path, "a timeline entry needs 'set' or 'caption'");
                continue;
            }
            if (set) {
                bool sok = false;
                const auto fields = freeMap(c, *set, m.path("set"), sok);
                if (sok && fields.empty())
                    c.error(set->Mark(), m.path("set"), "'set' needs at least one parameter");
                for (const auto &f : fields) {
                    const std::string kpath = m.path("set") + "." + shorten(f.key, 120);
                    auto value = paramText(c, f.value, kpath);
                    if (!value)
                        continue;
                    TimelineEntry e;
                    e.at = at;
                    e.kind = TimelineKind::Set;
                    e.key = f.key;
                    e.value = *value;
                    s.timeline.push_back(std::move(e));
                    tlMarks.push_back({f.keyNode.Mark(), f.value.Mark(), atMark, kpath});
                }
            }
            if (pause && !caption)
                c.error(m.keyNode("pause")->Mark(), m.path("pause"), "'pause' only applies to a caption");
            if (caption) {
                TimelineEntry e;
                e.at = at;
                e.kind = TimelineKind::Caption;
                if (auto t = scalarText(c, *caption, m.path("caption"), "caption text"))
                    e.text = *t;
                if (pause)
                    if (auto b = boolNode(c, *pause, m.path("pause")))
                        e.pause = *b;
                s.timeline.push_back(std::move(e));
                tlMarks.push_back({caption->Mark(), caption->Mark(), atMark, m.path("caption")});
            }
        }
    }

    // After everything else: sort the timeline and validate its `set` entries
    // through params.h, in time order, against a copy of the scenario.
    void finishTimeline()
    {
        std::vector<std::size_t> order(s.timeline.size());
        std::iota(order.begin(), order.end(), std::size_t {0});
        std::stable_sort(
            order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s.timeline[a].at < s.timeline[b].at; });
        {
            Scenario copy = s;
            copy.timeline.clear();
            for (std::size_t idx : order) {
                if (c.aborted)
                    break;
                const TimelineEntry &e = s.timeline[idx];
                if (e.kind != TimelineKind::Set)
                    continue;
                const TlMarks &mk = tlMarks[idx];
                const auto info = findParam(copy, e.key);
                if (!info) {
                    c.error(mk.key, mk.path, applyParam(copy, e.key, e.value));
                    continue;
                }
                if (info->scope == ParamScope::Boot) {
                    c.error(mk.key, mk.path,
                        "'" + e.key
                            + "' is a boot-time parameter and cannot change during a run (set it at the top "
                              "level or with --set)");
                    continue;
                }
                const std::string err = applyQuiet(copy, e.key, e.value);
                if (!err.empty())
                    c.error(mk.value, mk.path, err);
            }
        }
        std::vector<TimelineEntry> sorted;
        sorted.reserve(order.size());
        for (std::size_t idx : order)
            sorted.push_back(std::move(s.timeline[idx]));
        s.timeline = std::move(sorted);
    }
};

struct BadByte {
    std::size_t offset = std::string_view::npos;
    std::string message;
};

BadByte firstBadByte(std::string_view t)
{
    const auto *p = reinterpret_cast<const unsigned char *>(t.data());
    const std::size_t n = t.size();
    std::size_t i = 0;
    auto hex = [](unsigned v) {
        static const char d[] = "0123456789ABCDEF";
        std::string h = "0x";
        h += d[(v >> 4) & 0xf];
        h += d[v & 0xf];
        return h;
    };
    while (i < n) {
        const unsigned c = p[i];
        if (c < 0x80) {
            if (c == 0)
                return {i, "NUL byte in the file (not a text file?)"};
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                return {i, "control character " + hex(c) + " in the file (not allowed in YAML)"};
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned cp = 0;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return {i, "the file is not valid UTF-8 (byte " + hex(c) + ")"};
        }
        if (i + len > n)
            return {i, "the file is not valid UTF-8 (truncated sequence)"};
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xc0) != 0x80)
                return {i, "the file is not valid UTF-8 (byte " + hex(c) + ")"};
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
            return {i, "the file is not valid UTF-8 (overlong or surrogate sequence)"};
        i += len;
    }
    return {};
}

void addException(Ctx &c, const YAML::Exception &e, const char *prefix)
{
    std::string msg = e.msg;
    if (msg.empty())
        msg = "syntax error";
    c.error(e.mark, {}, std::string(prefix) + msg);
}

// Runs one pass; false (with a diagnostic) when the YAML itself is broken.
template <class F> bool guarded(Ctx &c, F &&f)
{
    try {
        f();
        return true;
    } catch (const YAML::DeepRecursion &e) {
        c.error(e.mark, {}, "nesting too deep (more than " + std::to_string(e.depth()) + " levels)");
    } catch (const YAML::ParserException &e) {
        addException(c, e, "YAML syntax error: ");
    } catch (const YAML::Exception &e) {
        addException(c, e, "YAML error: ");
    } catch (const std::bad_alloc &) {
        c.add(0, 0, {}, "out of memory while reading the file");
    } catch (const std::exception &e) {
        c.add(0, 0, {}, std::string("internal error while reading the file: ") + e.what());
    } catch (...) {
        c.add(0, 0, {}, "internal error while reading the file");
    }
    return false;
}

// yaml-cpp reports an escape that is no character ("\\ud800", a lone
// surrogate) as "invalid unicode: 55296" at the start of the scalar or the
// file: point at the escape itself.
void locateInvalidUnicode(std::vector<Diagnostic> &diags, std::string_view text)
{
    static const std::string kPrefix = "YAML syntax error: invalid unicode: ";
    for (auto &d : diags) {
        if (d.message.rfind(kPrefix, 0) != 0)
            continue;
        unsigned long value = 0;
        const std::string number = d.message.substr(kPrefix.size());
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
        if (ec != std::errc())
            continue;
        char hex[16];
        for (const char *form : {"\\u%04lx", "\\U%08lx"}) {
            std::snprintf(hex, sizeof hex, form, value);
            std::string needle = hex;
            auto lower = [](std::string x) {
                for (char &ch : x)
                    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                return x;
            };
            const std::string hay = lower(std::string(text));
            std::size_t at = hay.find(lower(needle));
            if (at == std::string::npos)
                continue;
            int line = 1;
            std::size_t lineStart = 0;
            for (std::size_t i = 0; i < at; ++i)
                if (text[i] == '\n') {
                    ++line;
                    lineStart = i + 1;
                }
            d.line = line;
            d.column = static_cast<int>(at - lineStart) + 1;
            d.message = "invalid escape " + std::string(text.substr(at, needle.size())) + ": U+" + [&] {
                char u[16];
                std::snprintf(u, sizeof u, "%04lX", value);
                return std::string(u);
            }() + (value >= 0xD800 && value <= 0xDFFF ? " is a lone UTF-16 surrogate, not a character" : " is not a character");
            break;
        }
    }
}

} // namespace

LoadResult loadScenarioText(std::string_view text, const std::string &fileName)
{
    LoadResult result;
    Ctx c;
    c.file = fileName;
    if (text.size() > kMaxScenarioFileBytes) {
        c.add(0, 0, {},
            "the file is too large (" + std::to_string(text.size()) + " bytes; the limit is "
                + std::to_string(kMaxScenarioFileBytes >> 20) + " MiB)");
        result.diagnostics = std::move(c.diags);
        return result;
    }
    // YAML text is UTF-8 without control characters other than tab, LF and CR;
    // reporting the first bad byte precisely beats yaml-cpp's guesses (and keeps
    // every string we store writable by the writer).
    if (const auto bad = firstBadByte(text); bad.offset != std::string_view::npos) {
        int line = 1;
        std::size_t lineStart = 0;
        for (std::size_t i = 0; i < bad.offset; ++i)
            if (text[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        c.add(line, static_cast<int>(bad.offset - lineStart) + 1, {}, bad.message);
        result.diagnostics = std::move(c.diags);
        result.text = std::string(text); // shown under the message, like every diagnostic
        return result;
    }
    const std::string buffer(text);

    // Pass 1: duplicate keys (yaml-cpp silently keeps the first), document count,
    // node count (the walk's budget) and syntax errors.
    std::size_t events = 0;
    const bool parsed = guarded(c, [&] {
        std::istringstream in(buffer);
        YAML::Parser parser(in);
        DuplicateKeyFinder finder(c);
        while (parser.HandleNextDocument(finder)) {
            if (finder.documents > 1 || c.aborted)
                break;
        }
        events = finder.events;
    });
    if (!parsed || c.aborted) {
        locateInvalidUnicode(c.diags, text);
        result.diagnostics = std::move(c.diags);
        result.text = std::string(text); // the line and caret under the message
        return result;
    }
    c.budget = kBaseNodeBudget + events;

    // Pass 2: structure and semantics.
    Loader loader(c);
    guarded(c, [&] {
        const YAML::Node root = YAML::Load(buffer);
        loader.root(root);
        loader.finishTimeline();
    });
    // Report in file order; file-level messages (line 0) first, "too many errors" last.
    const bool truncated = c.aborted && !c.diags.empty() && c.diags.back().line == 0;
    std::stable_sort(c.diags.begin(), c.diags.end() - (truncated ? 1 : 0),
        [](const Diagnostic &a, const Diagnostic &b) { return a.line != b.line ? a.line < b.line : a.column < b.column; });
    result.diagnostics = std::move(c.diags);
    if (result.diagnostics.empty()) {
        loader.s.sourcePath = fileName;
        result.scenario = std::move(loader.s);
    } else {
        result.text = std::string(text);
    }
    return result;
}

LoadResult loadScenarioFile(const std::string &path)
{
    LoadResult result;
    auto osError = [&](int err) {
        result.diagnostics.push_back({path, 0, 0, {}, "cannot read '" + path + "': " + std::strerror(err)});
        return result;
    };
    const InputRead in = readInputFile(path, kMaxScenarioFileBytes);
    if (in.status == InputReadStatus::OpenFailed || in.status == InputReadStatus::ReadFailed)
        return osError(in.error);
    if (in.status == InputReadStatus::NoData) {
        result.diagnostics.push_back({path, 0, 0, {}, "cannot read '" + path + "': " + inputNoDataReason()});
        return result;
    }
    if (in.status == InputReadStatus::TooLarge) {
        result.diagnostics.push_back(
            {path, 0, 0, {}, "the file is too large (more than " + std::to_string(kMaxScenarioFileBytes >> 20) + " MiB)"});
        return result;
    }
    const std::string &text = in.text;
    return loadScenarioText(text, path);
}

} // namespace wm
