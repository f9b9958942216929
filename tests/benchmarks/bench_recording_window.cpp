// Opening and drawing a recording in the window: a synthetic 24 h archive at 1 s of a 2-node
// machine (tests/benchmarks/syntheticarchive.h) opened with MainWindow::openRecording(), played at
// the maximum speed to its end, then the whole run drawn (the chart panel's whole-run view painted
// into an image). Printed: seconds from the open to the last sample shown, and the paint.
//   QT_QPA_PLATFORM=offscreen build/release/tests/benchmarks/bench_recording_window
#include "charts/zonechartpanel.h"
#include "mainwindow.h"
#include "syntheticarchive.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

using namespace wm;

class BenchRecordingWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void openAndDraw24h()
    {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString() + "/day";
        bench::Shape shape {2, {"DMA", "DMA32", "Normal", "Movable"}, 86400, 1.0, 48};
        bench::writeArchive(base, shape);
        gui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QElapsedTimer t;
        t.start();
        w.openRecording(QString::fromStdString(base));
        QTRY_VERIFY_WITH_TIMEOUT(w.playingRecording() && w.currentSnapshot() && w.currentSnapshot()->recorded, 60000);
        const double opened = static_cast<double>(t.nsecsElapsed()) / 1e9;
        w.setSpeed(0); // max
        w.play();
        QTRY_VERIFY_WITH_TIMEOUT(w.currentSnapshot()->finished, 600000);
        const double played = static_cast<double>(t.nsecsElapsed()) / 1e9;
        QElapsedTimer paint;
        paint.start();
        QImage img(w.chartPanel()->size(), QImage::Format_ARGB32_Premultiplied);
        QPainter p(&img);
        w.chartPanel()->render(&p);
        p.end();
        const double painted = static_cast<double>(paint.nsecsElapsed()) / 1e9;
        std::printf("24 h at 1 s, 2 nodes, in the window: first frame %.2f s after the open; played to the end at max "
                    "speed %.2f s after it; the whole run painted in %.3f s\n",
            opened, played, painted);
    }
};

QTEST_MAIN(BenchRecordingWindow)
#include "bench_recording_window.moc"
