#pragma once
// A banner above the charts for timeline captions. Pausing captions (lessons:
// "predict what happens next") show a Continue button.
#include <QFrame>

QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QPushButton)

namespace wm::gui {

class CaptionBanner : public QFrame
{
    Q_OBJECT
public:
    explicit CaptionBanner(QWidget *parent = nullptr);
    void showCaption(const QString &text, bool paused);
    // Something the window tells the user (not the scenario's caption), e.g. what an import found.
    void showNotice(const QString &text);
    void hideCaption();
    QString text() const;

Q_SIGNALS:
    void continueRequested();

private:
    QLabel *m_heading = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_continue = nullptr;
};

} // namespace wm::gui
