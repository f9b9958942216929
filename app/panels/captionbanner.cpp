#include "panels/captionbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace wm::gui {

CaptionBanner::CaptionBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("captionBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette p = palette();
    const QColor base = p.color(QPalette::Window);
    p.setColor(QPalette::Window, base.lightness() < 128 ? QColor(20, 70, 75) : QColor(224, 244, 244));
    setPalette(p);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    m_heading = new QLabel(this);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_continue = new QPushButton(tr("Continue"), this);
    m_continue->setToolTip(tr("The lesson paused here: predict what happens next, then continue (Space)"));
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("\u2715"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Hide the caption"));
    layout->addWidget(m_heading, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_continue);
    layout->addWidget(close);
    connect(m_continue, &QPushButton::clicked, this, [this] {
        m_continue->hide();
        Q_EMIT continueRequested();
    });
    connect(close, &QToolButton::clicked, this, &CaptionBanner::hideCaption);
    hide();
}

void CaptionBanner::showCaption(const QString &text, bool paused)
{
    m_heading->setText(tr("<b>Caption</b>"));
    m_text->setText(text);
    m_continue->setVisible(paused);
    show();
}

void CaptionBanner::showNotice(const QString &text)
{
    m_heading->setText(tr("<b>Note</b>"));
    m_text->setText(text);
    m_continue->hide();
    show();
}

void CaptionBanner::hideCaption()
{
    hide();
}

QString CaptionBanner::text() const
{
    return m_text->text();
}

} // namespace wm::gui
