// Units of scenario values: durations, page counts, rates, plain values.
#include "scenario/units.h"

#include <QtTest>

#include <limits>

using namespace wm;

class TestUnits : public QObject
{
    Q_OBJECT
private slots:
    void parseDurationValid_data();
    void parseDurationValid();
    void parseDurationInvalid_data();
    void parseDurationInvalid();
    void parsePagesValid_data();
    void parsePagesValid();
    void parsePagesInvalid_data();
    void parsePagesInvalid();
    void parseRateValid_data();
    void parseRateValid();
    void parseRateInvalid_data();
    void parseRateInvalid();
    void durationUs_data();
    void durationUs();
    void plainValues();
    void formatRoundTrip_data();
    void formatRoundTrip();
    void formatExamples();
};

void TestUnits::parseDurationValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("us");
    QTest::newRow("milliseconds") << "250ms" << qint64(250000);
    QTest::newRow("seconds") << "10s" << qint64(10000000);
    QTest::newRow("fractional seconds") << "1.5s" << qint64(1500000);
    QTest::newRow("minutes") << "2min" << qint64(120000000);
    QTest::newRow("microseconds") << "100us" << qint64(100);
    QTest::newRow("micro sign") << "3\xC2\xB5s" << qint64(3);
    QTest::newRow("hours") << "1h" << qint64(3600000000LL);
    QTest::newRow("days") << "30d" << qint64(2592000000000LL);
    QTest::newRow("space before unit") << "5 ms" << qint64(5000);
    QTest::newRow("surrounding spaces") << "  7s " << qint64(7000000);
    QTest::newRow("bare zero") << "0" << qint64(0);
    QTest::newRow("zero with unit") << "0s" << qint64(0);
    QTest::newRow("exponent") << "1e3ms" << qint64(1000000);
    QTest::newRow("small fraction exact") << "0.000001s" << qint64(1);
    QTest::newRow("leading zero is decimal") << "010ms" << qint64(10000);
    QTest::newRow("negative zero") << "-0s" << qint64(0);
    QTest::newRow("largest") << "9223372036854775807us" << qint64(std::numeric_limits<qint64>::max());
}

void TestUnits::parseDurationValid()
{
    QFETCH(QString, text);
    QFETCH(qint64, us);
    std::string err;
    const auto v = parseDuration(text.toStdString(), &err);
    QVERIFY2(v.has_value(), err.c_str());
    QCOMPARE(*v, us);
}

void TestUnits::parseDurationInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("negative") << "-5s"
                              << "negative";
    QTest::newRow("nan") << "nan"
                         << "finite";
    QTest::newRow("yaml nan") << ".nan"
                              << "finite";
    QTest::newRow("inf with unit") << "infs"
                                   << "finite";
    QTest::newRow("no unit") << "250"
                             << "missing unit";
    QTest::newRow("unknown unit") << "5 fortnights"
                                  << "unknown duration unit";
    QTest::newRow("nanoseconds not whole") << "1.5us"
                                           << "whole number of microseconds";
    QTest::newRow("overflow") << "9223372036854775808us"
                              << "too large";
    QTest::newRow("overflow days") << "1e30d"
                                   << "too large";
    QTest::newRow("huge exponent") << "1e999999999s"
                                   << "too large";
    QTest::newRow("tiny exponent") << "1e-999999999s"
                                   << "whole number";
    QTest::newRow("2^70") << "1180591620717411303424us"
                          << "too large";
    QTest::newRow("empty") << ""
                           << "expected a duration";
    QTest::newRow("garbage") << "abc"
                             << "expected a duration";
    QTest::newRow("two dots") << "1.2.3s"
                              << "expected a duration";
    QTest::newRow("hex") << "0x10s"
                         << "unknown duration unit";
}

void TestUnits::parseDurationInvalid()
{
    QFETCH(QString, text);
    QFETCH(QString, errorPart);
    std::string err;
    QVERIFY(!parseDuration(text.toStdString(), &err).has_value());
    QVERIFY2(QString::fromStdString(err).contains(errorPart), err.c_str());
    QVERIFY(!parseDuration(text.toStdString()).has_value()); // no error pointer: no crash
}

void TestUnits::parsePagesValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("pages");
    QTest::newRow("MiB") << "64MiB" << qint64(16384);
    QTest::newRow("GiB") << "1GiB" << qint64(262144);
    QTest::newRow("TiB") << "1TiB" << qint64(268435456);
    QTest::newRow("KiB") << "8KiB" << qint64(2);
    QTest::newRow("bytes") << "4096B" << qint64(1);
    QTest::newRow("pages word") << "1000 pages" << qint64(1000);
    QTest::newRow("one page") << "1 page" << qint64(1);
    QTest::newRow("fractional MiB") << "1.5MiB" << qint64(384);
    QTest::newRow("lower-case unit") << "15mib" << qint64(3840);
    QTest::newRow("zero") << "0" << qint64(0);
    QTest::newRow("limit 2^50 pages") << "1125899906842624 pages" << (qint64(1) << 50);
    QTest::newRow("limit in bytes") << "4194304TiB" << (qint64(1) << 50);
}

void TestUnits::parsePagesValid()
{
    QFETCH(QString, text);
    QFETCH(qint64, pages);
    std::string err;
    const auto v = parsePages(text.toStdString(), &err);
    QVERIFY2(v.has_value(), err.c_str());
    QCOMPARE(*v, pages);
}

void TestUnits::parsePagesInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("negative") << "-5 pages"
                              << "negative";
    QTest::newRow("negative MiB") << "-1MiB"
                                  << "negative";
    QTest::newRow("not page multiple") << "1000B"
                                       << "whole number of 4 KiB pages";
    QTest::newRow("half page") << "0.5 pages"
                               << "whole number of pages";
    QTest::newRow("above 2^50") << "1125899906842625 pages"
                                << "too large";
    QTest::newRow("2^70 pages") << "1180591620717411303424 pages"
                                << "too large";
    // Units are explicit: 64 could be pages, kB or MiB. Zero alone needs none.
    QTest::newRow("no unit") << "64"
                             << "missing unit in '64': write 64 pages or 64MiB";
    QTest::newRow("exabytes") << "8388608TiB"
                              << "too large";
    QTest::newRow("unknown unit") << "5MB"
                                  << "unknown size unit";
    QTest::newRow("nan") << "nan pages"
                         << "finite";
    QTest::newRow("inf") << ".inf"
                         << "finite";
    QTest::newRow("empty") << ""
                           << "expected a size";
}

void TestUnits::parsePagesInvalid()
{
    QFETCH(QString, text);
    QFETCH(QString, errorPart);
    std::string err;
    QVERIFY(!parsePages(text.toStdString(), &err).has_value());
    QVERIFY2(QString::fromStdString(err).contains(errorPart), err.c_str());
}

void TestUnits::parseRateValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("perSecond");
    QTest::newRow("per second") << "20000/s" << 20000.0;
    QTest::newRow("per millisecond") << "5/ms" << 5000.0;
    QTest::newRow("per microsecond") << "2/us" << 2e6;
    QTest::newRow("per minute") << "30/min" << 0.5;
    QTest::newRow("per hour") << "7200/h" << 2.0;
    QTest::newRow("bare number") << "1000" << 1000.0;
    QTest::newRow("exponent") << "1e6/s" << 1e6;
    QTest::newRow("fraction") << "0.25/s" << 0.25;
    QTest::newRow("spaces") << " 10 / s " << 10.0;
    QTest::newRow("zero") << "0/s" << 0.0;
}

void TestUnits::parseRateValid()
{
    QFETCH(QString, text);
    QFETCH(double, perSecond);
    std::string err;
    const auto v = parseRate(text.toStdString(), &err);
    QVERIFY2(v.has_value(), err.c_str());
    QCOMPARE(*v, perSecond);
}

void TestUnits::parseRateInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("negative") << "-1/s"
                              << "negative";
    QTest::newRow("nan") << "nan/s"
                         << "finite";
    QTest::newRow("inf") << "inf"
                         << "finite";
    QTest::newRow("yaml inf") << ".inf/s"
                              << "finite";
    QTest::newRow("overflow to inf") << "1e308/us"
                                     << "too large";
    QTest::newRow("beyond double") << "1e400/s"
                                   << "expected a rate";
    QTest::newRow("unknown unit") << "5/fortnight"
                                  << "unknown rate unit";
    QTest::newRow("garbage") << "fast"
                             << "expected a rate";
    QTest::newRow("hex") << "0x10/s"
                         << "expected a rate";
}

void TestUnits::parseRateInvalid()
{
    QFETCH(QString, text);
    QFETCH(QString, errorPart);
    std::string err;
    QVERIFY(!parseRate(text.toStdString(), &err).has_value());
    QVERIFY2(QString::fromStdString(err).contains(errorPart), err.c_str());
}

void TestUnits::durationUs_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("us");
    QTest::addColumn<bool>("valid");
    QTest::newRow("microseconds") << "2us" << 2.0 << true;
    QTest::newRow("nanoseconds") << "500ns" << 0.5 << true;
    QTest::newRow("fraction") << "0.25us" << 0.25 << true;
    QTest::newRow("per page suffix") << "3us/page" << 3.0 << true;
    QTest::newRow("milliseconds") << "1ms" << 1000.0 << true;
    QTest::newRow("no unit") << "2" << 0.0 << false;
    QTest::newRow("negative") << "-2us" << 0.0 << false;
    QTest::newRow("nan") << "nanus" << 0.0 << false;
}

void TestUnits::durationUs()
{
    QFETCH(QString, text);
    QFETCH(double, us);
    QFETCH(bool, valid);
    const auto v = parseDurationUs(text.toStdString());
    QCOMPARE(v.has_value(), valid);
    if (valid)
        QCOMPARE(*v, us);
}

void TestUnits::plainValues()
{
    QCOMPARE(parseInteger("010").value(), 10); // decimal, unlike yaml-cpp's octal
    QCOMPARE(parseInteger("+5").value(), 5);
    QCOMPARE(parseInteger("-5").value(), -5);
    std::string err;
    QVERIFY(!parseInteger("1180591620717411303424", &err));
    QVERIFY(QString::fromStdString(err).contains("too large for 64 bits"));
    QVERIFY(!parseInteger("0x10"));
    QVERIFY(!parseInteger("3.5"));
    QVERIFY(!parseInteger(""));
    QCOMPARE(parseUnsigned("18446744073709551615").value(), std::numeric_limits<std::uint64_t>::max());
    QVERIFY(!parseUnsigned("18446744073709551616"));
    QVERIFY(!parseUnsigned("-1"));
    QCOMPARE(parseNumber("0.5").value(), 0.5);
    QCOMPARE(parseNumber("1e6").value(), 1e6);
    QVERIFY(!parseNumber("nan"));
    QVERIFY(!parseNumber(".nan"));
    QVERIFY(!parseNumber("-inf"));
    QVERIFY(!parseNumber("infinity"));
    QVERIFY(!parseNumber("1e400"));
    for (const char *t : {"true", "True", "YES", "on", "1"})
        QCOMPARE(parseBool(t).value(), true);
    for (const char *t : {"false", "no", "Off", "0"})
        QCOMPARE(parseBool(t).value(), false);
    QVERIFY(!parseBool("maybe"));
}

void TestUnits::formatRoundTrip_data()
{
    QTest::addColumn<qint64>("us");
    QTest::addColumn<qint64>("pages");
    QTest::addColumn<double>("rate");
    QTest::newRow("zeros") << qint64(0) << qint64(0) << 0.0;
    QTest::newRow("typical") << qint64(250000) << qint64(3840) << 20000.0;
    QTest::newRow("odd microseconds") << qint64(1234567) << qint64(1) << 0.1;
    QTest::newRow("hours") << qint64(7200000000LL) << qint64(262144) << 1e9;
    QTest::newRow("extremes") << std::numeric_limits<qint64>::max() << (qint64(1) << 50) << 1e-300;
    QTest::newRow("awkward double") << qint64(1) << qint64(12345) << (1.0 / 3.0);
    QTest::newRow("large double") << qint64(86400000000LL) << qint64(7) << 123456789012345678.0;
}

void TestUnits::formatRoundTrip()
{
    QFETCH(qint64, us);
    QFETCH(qint64, pages);
    QFETCH(double, rate);
    QCOMPARE(parseDuration(formatDuration(us)).value(), us);
    QCOMPARE(parsePages(formatPages(pages)).value(), pages);
    QCOMPARE(parseRate(formatRate(rate)).value(), rate);
    QCOMPARE(parseNumber(formatNumber(rate)).value(), rate);
    QCOMPARE(parseDurationUs(formatDurationUs(rate)).value(), rate);
}

void TestUnits::formatExamples()
{
    QCOMPARE(formatDuration(250000), std::string("250ms"));
    QCOMPARE(formatDuration(10000000), std::string("10s"));
    QCOMPARE(formatDuration(1500000), std::string("1500ms"));
    QCOMPARE(formatDuration(120000000), std::string("2min"));
    QCOMPARE(formatDuration(100), std::string("100us"));
    QCOMPARE(formatDuration(0), std::string("0s"));
    QCOMPARE(formatPages(3840), std::string("3840 pages"));
    QCOMPARE(formatRate(20000), std::string("20000/s"));
    QCOMPARE(formatRate(0.5), std::string("0.5/s"));
    QCOMPARE(formatDurationUs(2), std::string("2us"));
    QCOMPARE(formatBool(true), std::string("true"));
}

QTEST_APPLESS_MAIN(TestUnits)
#include "tst_units.moc"
