#include "charts/chartrender.h"

#include "export/atomicfile.h"

#include <QBuffer>
#include <QChart>
#include <QCoreApplication>
#include <QGraphicsScene>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

namespace wm::gui {

void ChartDeleter::operator()(QChart *chart) const
{
    delete chart;
}

ChartFormat chartFormatFromPath(const QString &path)
{
    const QString p = path.toLower();
    if (p.endsWith(QLatin1String(".png")))
        return ChartFormat::Png;
    if (p.endsWith(QLatin1String(".svg")))
        return ChartFormat::Svg;
    if (p.endsWith(QLatin1String(".pdf")))
        return ChartFormat::Pdf;
    return ChartFormat::Unknown;
}

namespace {

// Lays the chart out at `size` inside a scene of its own and calls `paint`.
// The chart is taken back out of the scene afterwards (the caller owns it).
template <typename Fn> void withLaidOutChart(QChart *chart, QSize size, Fn &&paint)
{
    QGraphicsScene *oldScene = chart->scene();
    QGraphicsScene scene;
    if (oldScene)
        oldScene->removeItem(chart);
    scene.addItem(chart);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setPos(0, 0);
    chart->resize(size);
    scene.setSceneRect(QRectF(QPointF(0, 0), QSizeF(size)));
    // Let the layout (axes, legend, caption) settle before rendering.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCoreApplication::processEvents();
    paint(scene);
    scene.removeItem(chart);
    if (oldScene)
        oldScene->addItem(chart);
}

QString titleOf(QChart *chart, const ChartRenderOptions &o)
{
    return o.title.isEmpty() ? chart->title() : o.title;
}

bool validSize(QSize s)
{
    return s.width() > 0 && s.height() > 0 && s.width() <= 20000 && s.height() <= 20000;
}

} // namespace

QString renderChartPng(QChart *chart, const QString &path, const ChartRenderOptions &o)
{
    if (!chart || !validSize(o.size))
        return QStringLiteral("cannot write %1: invalid chart or size").arg(path);
    QImage image(o.size, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(1.0);
    image.fill(Qt::white);
    withLaidOutChart(chart, o.size, [&](QGraphicsScene &scene) {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.setRenderHint(QPainter::TextAntialiasing);
        scene.render(&p, QRectF(QPointF(0, 0), QSizeF(o.size)), QRectF(QPointF(0, 0), QSizeF(o.size)));
    });
    image.setText(QStringLiteral("Title"), titleOf(chart, o));
    image.setText(QStringLiteral("Description"), o.description);
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    return exporter::writeFileAtomic(path,
        [&rgb](QIODevice &dev) -> QString { return rgb.save(&dev, "PNG") ? QString() : QStringLiteral("PNG encoding failed"); });
}

QString renderChartSvg(QChart *chart, const QString &path, const ChartRenderOptions &o)
{
    if (!chart || !validSize(o.size))
        return QStringLiteral("cannot write %1: invalid chart or size").arg(path);
    // Render into memory first: QSvgGenerator has no error reporting of its own.
    QByteArray svg;
    {
        QBuffer buffer(&svg);
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator gen;
        gen.setOutputDevice(&buffer);
        gen.setSize(o.size);
        gen.setViewBox(QRect(QPoint(0, 0), o.size));
        gen.setTitle(titleOf(chart, o));
        gen.setDescription(o.description);
        gen.setResolution(96);
        withLaidOutChart(chart, o.size, [&](QGraphicsScene &scene) {
            QPainter p;
            if (!p.begin(&gen))
                return;
            p.fillRect(QRect(QPoint(0, 0), o.size), Qt::white);
            scene.render(&p, QRectF(QPointF(0, 0), QSizeF(o.size)), QRectF(QPointF(0, 0), QSizeF(o.size)));
            p.end();
        });
    }
    if (svg.isEmpty())
        return QStringLiteral("cannot write %1: SVG rendering failed").arg(path);
    return exporter::writeFileAtomic(path, svg);
}

QString renderChartPdf(QChart *chart, const QString &path, const ChartRenderOptions &o)
{
    if (!chart || !validSize(o.size))
        return QStringLiteral("cannot write %1: invalid chart or size").arg(path);
    QByteArray pdf;
    {
        QBuffer buffer(&pdf);
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter writer(&buffer);
        writer.setTitle(titleOf(chart, o));
        writer.setCreator(o.description.isEmpty() ? QStringLiteral("watermark-explorer " WM_VERSION) : o.description);
        writer.setResolution(96);
        // One page with the chart's own size in points (1 px = 0.75 pt at 96 dpi).
        writer.setPageSize(
            QPageSize(QSizeF(o.size.width() * 0.75, o.size.height() * 0.75), QPageSize::Point, QString(), QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        withLaidOutChart(chart, o.size, [&](QGraphicsScene &scene) {
            QPainter p;
            if (!p.begin(&writer))
                return;
            const QRectF target(QPointF(0, 0), QSizeF(writer.width(), writer.height()));
            scene.render(&p, target, QRectF(QPointF(0, 0), QSizeF(o.size)), Qt::KeepAspectRatio);
            p.end();
        });
    }
    if (!pdf.startsWith("%PDF"))
        return QStringLiteral("cannot write %1: PDF rendering failed").arg(path);
    return exporter::writeFileAtomic(path, pdf);
}

QString renderChart(QChart *chart, const QString &path, const ChartRenderOptions &options)
{
    switch (chartFormatFromPath(path)) {
    case ChartFormat::Png:
        return renderChartPng(chart, path, options);
    case ChartFormat::Svg:
        return renderChartSvg(chart, path, options);
    case ChartFormat::Pdf:
        return renderChartPdf(chart, path, options);
    case ChartFormat::Unknown:
        break;
    }
    return QStringLiteral("cannot write %1: unknown format (use .png, .svg or .pdf)").arg(path);
}

} // namespace wm::gui
