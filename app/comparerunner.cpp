#include "comparerunner.h"

#include "sim/simulation.h"

#include <QtConcurrent/QtConcurrentMap>

namespace wm::gui {

CompareRunner::CompareRunner(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<CompareRun>::finished, this, [this] {
        m_results.clear();
        if (!m_watcher.isCanceled())
            for (const auto &r : m_watcher.future().results())
                m_results.push_back(r);
        Q_EMIT finished();
    });
}

CompareRunner::~CompareRunner()
{
    m_watcher.cancel();
    m_watcher.waitForFinished();
}

bool CompareRunner::isRunning() const
{
    return m_watcher.isRunning();
}

CompareRun CompareRunner::runVariant(const CompareVariant &v)
{
    CompareRun r;
    r.title = v.title;
    try {
        wm::Simulation sim(v.scenario);
        sim.runToEnd();
        r.snapshot = std::make_shared<const wm::Snapshot>(sim.snapshot(true));
        const auto &ev = sim.events().events();
        r.events = std::make_shared<const std::vector<wm::Event>>(ev.begin(), ev.end());
    } catch (const std::exception &e) {
        r.title += QStringLiteral(" (failed: %1)").arg(QString::fromUtf8(e.what()));
    }
    return r;
}

void CompareRunner::start(std::vector<CompareVariant> variants)
{
    m_watcher.setFuture(QtConcurrent::mapped(std::move(variants), &CompareRunner::runVariant));
}

} // namespace wm::gui
