#pragma once
// Runs several variants of one scenario to the end on a thread pool (compare
// view): same seed, same workload; only the policy or the forked settings differ.
#include "charts/comparechartgrid.h"
#include "scenario/scenario.h"

#include <QFutureWatcher>
#include <QObject>

namespace wm::gui {

struct CompareVariant {
    QString title;
    wm::Scenario scenario;
};

class CompareRunner : public QObject
{
    Q_OBJECT
public:
    explicit CompareRunner(QObject *parent = nullptr);
    ~CompareRunner() override;
    void start(std::vector<CompareVariant> variants);
    bool isRunning() const;
    const std::vector<CompareRun> &results() const { return m_results; }
    // Runs one variant synchronously (used by the worker threads and tests).
    static CompareRun runVariant(const CompareVariant &v);

Q_SIGNALS:
    void finished();

private:
    QFutureWatcher<CompareRun> m_watcher;
    std::vector<CompareRun> m_results;
};

} // namespace wm::gui
