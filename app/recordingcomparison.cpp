#include "recordingcomparison.h"

#include "recording/fit.h"
#include "recording/pcp_archive.h"
#include "scenario/loader.h"

#include <QFileInfo>
#include <QObject>
#include <QStringList>

namespace wm::gui {

RecordingComparison runRecordingComparison(const QString &archive, const QString &scenarioFile)
{
    RecordingComparison c;
    c.archive = archive;
    c.scenarioFile = scenarioFile;
    const auto read = recording::readPcpArchive(archive.toStdString());
    if (!read.ok()) {
        QStringList lines;
        for (const auto &d : read.errors)
            lines << QString::fromStdString(d.message);
        c.error = QObject::tr("Cannot read the recording: %1").arg(lines.join(QStringLiteral("; ")));
        return c;
    }
    const recording::Recording &rec = *read.recording;
    Scenario scenario;
    if (scenarioFile.isEmpty()) {
        std::string why;
        auto fit = recording::fitScenario(rec, why);
        if (!fit) {
            c.error = QObject::tr("Cannot fit a scenario to the recording: %1").arg(QString::fromStdString(why));
            return c;
        }
        scenario = std::move(fit->scenario);
        c.scenarioLabel = QObject::tr("the scenario fitted to the recording (as watermark-explorer fit writes it)");
    } else {
        auto loaded = loadScenarioFile(scenarioFile.toStdString());
        if (!loaded.ok()) {
            QStringList lines;
            for (const auto &d : loaded.diagnostics)
                lines << QString::fromStdString(d.message);
            c.error = QObject::tr("Cannot load %1: %2").arg(QFileInfo(scenarioFile).fileName(), lines.join(QStringLiteral("; ")));
            return c;
        }
        scenario = std::move(*loaded.scenario);
        c.scenarioLabel = QObject::tr("the scenario file %1").arg(QFileInfo(scenarioFile).fileName());
    }
    c.report = recording::measureDistance(rec, scenario, &c.series);
    c.recordingSamples = c.series.seconds.size();
    const std::size_t s0 = recording::firstCompleteSample(rec);
    for (const auto &zd : c.report.zones) {
        RecordedMarks m;
        if (const auto *z = rec.zone(zd.node, zd.zone)) {
            for (std::size_t i = s0; i < rec.samples(); ++i) {
                m.min.push_back(z->lastAt(recording::ZoneMetric::Min, i));
                m.low.push_back(z->lastAt(recording::ZoneMetric::Low, i));
                m.high.push_back(z->lastAt(recording::ZoneMetric::High, i));
            }
        }
        c.marks.push_back(std::move(m));
    }
    c.ok = true;
    return c;
}

namespace {
QString csvField(const QString &s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')))
        return s;
    QString q = s;
    q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}
QString optSeconds(const std::optional<double> &v)
{
    return v ? QString::number(*v, 'f', 3) : QString();
}
} // namespace

QString recordingComparisonCsv(const RecordingComparison &c)
{
    const auto &rep = c.report;
    QString out;
    out += QStringLiteral("recording,%1\nscenario,%2\nfree_rms_tolerance_of_gap,%3\nwithin_every_tolerance,%4\n\n")
               .arg(csvField(c.archive), csvField(c.scenarioFile.isEmpty() ? QStringLiteral("fitted") : c.scenarioFile))
               .arg(rep.freeRmsTolerance)
               .arg(rep.within() ? QStringLiteral("yes") : QStringLiteral("no"));
    out += QStringLiteral("node,zone,gap_pages,rms_free_pages,rms_relative_to_gap,worst_free_pages,worst_at_s,"
                          "recorded_below_low_s,model_below_low_s,recorded_below_min_s,model_below_min_s,samples,within\n");
    for (const auto &z : rep.zones)
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11,%12,%13\n")
                   .arg(z.node)
                   .arg(csvField(QString::fromStdString(z.zone)))
                   .arg(z.gapPages, 0, 'f', 0)
                   .arg(z.rmsFreePages, 0, 'f', 1)
                   .arg(z.rmsRelative(), 0, 'f', 4)
                   .arg(z.worstFreePages, 0, 'f', 0)
                   .arg(z.worstAtSeconds, 0, 'f', 3)
                   .arg(z.recordedBelowLowS, 0, 'f', 3)
                   .arg(z.modelBelowLowS, 0, 'f', 3)
                   .arg(z.recordedBelowMinS, 0, 'f', 3)
                   .arg(z.modelBelowMinS, 0, 'f', 3)
                   .arg(static_cast<qulonglong>(z.samplesCompared))
                   .arg(
                       z.gapPages <= 0 || z.rmsRelative() <= rep.freeRmsTolerance ? QStringLiteral("yes") : QStringLiteral("no"));
    out += QStringLiteral("\ncounter,recorded,model,relative_to_recorded,tolerance,within\n");
    for (const auto &k : rep.counters)
        out += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(csvField(QString::fromStdString(k.name)))
                   .arg(k.recorded)
                   .arg(k.model)
                   .arg(k.relative(), 0, 'f', 4)
                   .arg(k.tolerance ? QString::number(*k.tolerance) : QString())
                   .arg(!k.tolerance ? QStringLiteral("not checked")
                                     : (k.within() ? QStringLiteral("yes") : QStringLiteral("no")));
    out += QStringLiteral("\nfirst_kswapd_run_recorded_s,%1\nfirst_kswapd_run_model_s,%2\n")
               .arg(optSeconds(rep.recordedFirstKswapdS), optSeconds(rep.modelFirstKswapdS));
    return out;
}

} // namespace wm::gui
