#pragma once
// Plain-text tables for the command line: left-aligned text columns, right-aligned numbers.
#include <QList>
#include <QString>
#include <QStringList>

namespace wm::cli {

QString textTable(const QList<QStringList> &rows, const QList<bool> &numeric);

} // namespace wm::cli
