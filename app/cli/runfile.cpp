#include "cli/runfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>
#include <set>
#include <vector>

namespace wm::cli {

QString duplicateJsonKey(const QByteArray &json)
{
    struct Frame {
        bool object = false;
        bool expectKey = false;
        std::set<QString> keys;
    };
    std::vector<Frame> stack;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"') {
            const qsizetype start = i;
            bool escaped = false;
            for (++i; i < json.size() && json[i] != '"'; ++i)
                if (json[i] == '\\') {
                    escaped = true;
                    ++i;
                }
            if (stack.empty() || !stack.back().object || !stack.back().expectKey)
                continue;
            const QByteArray raw = json.mid(start, i - start + 1);
            QString key = QString::fromUtf8(raw.mid(1, raw.size() - 2));
            if (escaped) // a key and its escaped spelling are one key
                key = QJsonDocument::fromJson("[" + raw + "]").array().at(0).toString();
            stack.back().expectKey = false;
            if (!stack.back().keys.insert(key).second)
                return key;
        } else if (c == '{') {
            stack.push_back({true, true, {}});
        } else if (c == '[') {
            stack.push_back({false, false, {}});
        } else if ((c == '}' || c == ']') && !stack.empty()) {
            stack.pop_back();
        } else if (c == ',' && !stack.empty() && stack.back().object) {
            stack.back().expectKey = true;
        }
    }
    return {};
}

RunFile parseRunFile(const QByteArray &bytes, const QString &metric)
{
    RunFile r;
    QJsonParseError pe;
    const auto doc = QJsonDocument::fromJson(bytes, &pe);
    if (!doc.isObject()) {
        r.problem = QStringLiteral("not a run --json document (%1)").arg(pe.errorString());
        return r;
    }
    if (const QString dup = duplicateJsonKey(bytes); !dup.isEmpty()) {
        r.problem = QStringLiteral("the key \"%1\" appears twice in one object (which one counts?)").arg(dup);
        return r;
    }
    r.doc = doc.object();
    const auto counters = r.doc.value(QStringLiteral("counters")).toObject();
    if (!counters.contains(metric)) {
        r.problem = QStringLiteral("it has no counter '%1'").arg(metric);
        return r;
    }
    // Counters are whole numbers from 0 to 2^53 (exact in a double): "5",
    // null, 1.5, -5 or 1e308 are not a counter a run writes.
    const QJsonValue cv = counters.value(metric);
    const double value = cv.toDouble(-1);
    if (!cv.isDouble() || !(value >= 0) || value > 9007199254740992.0 || value != std::floor(value)) {
        r.problem = QStringLiteral("counter '%1' is %2, not a whole number from 0 to 2^53")
                        .arg(metric,
                            QString::fromUtf8(QJsonDocument(QJsonArray {cv}).toJson(QJsonDocument::Compact)).mid(1).chopped(1));
        return r;
    }
    r.value = value;
    return r;
}

} // namespace wm::cli
