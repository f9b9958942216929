#pragma once
// "Why this watermark": the derivation of the selected zone's min/low/high
// from the sysctls, step by step with the numbers of the current moment, then
// the free-page floor of each allocation class. Kernel functions cited.
#include "sim/snapshot.h"

#include <QDockWidget>

QT_FORWARD_DECLARE_CLASS(QTextBrowser)
QT_FORWARD_DECLARE_CLASS(QComboBox)

namespace wm::gui {

class DerivationDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit DerivationDock(QWidget *parent = nullptr);
    void setZone(int zoneId);
    int zone() const { return m_zone; }
    void update(const wm::Snapshot &snap);
    // The derivation as HTML (also used by tests and export).
    static QString derivationHtml(const wm::Snapshot &snap, int zoneId);

private:
    QTextBrowser *m_text = nullptr;
    QComboBox *m_zoneBox = nullptr;
    int m_zone = -1;
    QString m_lastHtml;
    std::vector<int> m_zoneIds;
};

} // namespace wm::gui
