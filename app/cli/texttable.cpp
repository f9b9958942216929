#include "cli/texttable.h"

#include <algorithm>

namespace wm::cli {

QString textTable(const QList<QStringList> &rows, const QList<bool> &numeric)
{
    QList<qsizetype> width(numeric.size(), 0);
    for (const auto &row : rows)
        for (qsizetype i = 0; i < row.size() && i < width.size(); ++i)
            width[i] = std::max(width[i], row[i].size());
    QString out;
    for (const auto &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size() && i < width.size(); ++i) {
            if (i)
                line += QStringLiteral("  ");
            line += numeric[i] ? row[i].rightJustified(width[i]) : row[i].leftJustified(width[i]);
        }
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        out += line + QLatin1Char('\n');
    }
    return out;
}

} // namespace wm::cli
