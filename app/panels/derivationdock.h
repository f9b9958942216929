#pragma once
// "Why this watermark": the derivation of the selected zone's min/low/high
// from the sysctls, step by step with the numbers of the current moment, then
// the free-page floor of each allocation class. Kernel functions cited.
#include "sim/snapshot.h"

#include <QDockWidget>
#include <QElapsedTimer>

#include <memory>

QT_FORWARD_DECLARE_CLASS(QTextBrowser)
QT_FORWARD_DECLARE_CLASS(QComboBox)
QT_FORWARD_DECLARE_CLASS(QTimer)

namespace wm::gui {

class DerivationDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit DerivationDock(QWidget *parent = nullptr);
    // Another zone (a chart clicked, or the dock's own box): its derivation
    // shows at once from the newest snapshot, so also while paused.
    void setZone(int zoneId);
    int zone() const { return m_zone; }
    // Refreshes the text; while the simulation runs at most every kMinIntervalMs
    // (a rich-text relayout per frame cost the GUI thread more than the charts).
    // Keeps the snapshot: a zone chosen while no frames come is drawn from it.
    void update(std::shared_ptr<const wm::Snapshot> snap);
    static constexpr int kMinIntervalMs = 250;
    // The derivation as HTML (also used by tests and export).
    static QString derivationHtml(const wm::Snapshot &snap, int zoneId);

protected:
    // Brought to the front of its tab while paused: no frame will come, so
    // draw the kept snapshot now (update() skips hidden docks).
    void showEvent(QShowEvent *event) override;

private:
    void apply(const QString &html);
    void selectInBox();

    QTextBrowser *m_text = nullptr;
    QTimer *m_pending = nullptr;
    QString m_pendingHtml;
    QElapsedTimer m_sinceApply;
    QComboBox *m_zoneBox = nullptr;
    int m_zone = -1;
    QString m_lastHtml;
    std::vector<int> m_zoneIds;
    std::shared_ptr<const wm::Snapshot> m_snap;
};

} // namespace wm::gui
