// v4 of the atomic-boost series: "[PATCH v4] mm/page_alloc: auto-tune
// watermarks on atomic allocation failure", wujing, 6 Jan 2026, cover
// <tencent_B8B6D067EF7417B3B0D3DCC1A01505453F05@qq.com>, 1/1
// <tencent_D23BFCB69EA088C55AFAF89F926036743E0A@qq.com> (docs/model.md §8.6, §8.13).
#include "tst_policy_util.h"

#include "mm/kswapd.h"
#include "mm/watermarks.h"

#include <QTest>

using namespace wm;
using namespace wm::ptest;

namespace {
pages_t high(const Zone &z)
{
    return z.watermark[static_cast<std::size_t>(WatermarkIndex::High)];
}
pages_t low(const Zone &z)
{
    return z.watermark[static_cast<std::size_t>(WatermarkIndex::Low)];
}
pages_t minw(const Zone &z)
{
    return z.watermark[static_cast<std::size_t>(WatermarkIndex::Min)];
}

// Wakes kswapd for a boosted zone and runs it until balance_pgdat() ends.
void boostedKswapdRun(Kernel &k, KswapdModel &m, Zone &z)
{
    QVERIFY(z.watermarkBoost > 0);
    k.wakeupKswapd(z, 0, 0, zoneIndex(z.type));
    Node &nd = k.node(z.node);
    QCOMPARE(nd.kswapd.state, KswapdState::Running);
    for (int i = 0; i < 1000 && nd.kswapd.state == KswapdState::Running; ++i) {
        m.runTick(nd);
        k.setNow(k.now() + k.tick());
    }
    QVERIFY(nd.kswapd.state != KswapdState::Running);
}
} // namespace

class TestPolicyV4 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Per-zone 10 s debounce (last_boost_jiffies): a second trigger on the same
    // zone within 10 s is suppressed, a trigger whose first eligible zone is
    // another zone is not.
    void v4PerZoneDebounce()
    {
        auto k = kernel(singleZone("v4"));
        Zone &z = k->zone(0);
        k->setNow(kSec);
        QVERIFY(k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_)));
        QCOMPARE(z.watermarkBoost, kPageblockNrPages / 2);
        k->setNow(5 * kSec);
        QVERIFY(!k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_, 0, 7)));
        QCOMPARE(z.watermarkBoost, kPageblockNrPages / 2);
        QCOMPARE(k->counters()[Counter::SimDebounceSuppressed], 7);
        k->setNow(11 * kSec + 1);
        QVERIFY(k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_)));
        QCOMPARE(z.watermarkBoost, kPageblockNrPages);

        // Two nodes: node 0's trigger stamps node 0's Normal; node 1's trigger
        // right after boosts node 1's Normal (its own zone, not debounced).
        auto k2 = kernel(machine("v4", true));
        k2->setNow(kSec);
        QVERIFY(k2->policy().onSlowpathEntry(*k2, ctx(*k2, gfp::ATOMIC_, 0)));
        QVERIFY(k2->policy().onSlowpathEntry(*k2, ctx(*k2, gfp::ATOMIC_, 1)));
        QCOMPARE(zoneOf(*k2, 0, ZoneType::Normal).watermarkBoost, kPageblockNrPages / 2);
        QCOMPARE(zoneOf(*k2, 1, ZoneType::Normal).watermarkBoost, kPageblockNrPages / 2);
        QCOMPARE(zoneOf(*k2, 0, ZoneType::DMA32).watermarkBoost, 0);
        // The walk: the next node-0 trigger goes to the first zone whose
        // debounce expired, DMA32, then node 1's Normal is debounced too, and
        // after that every zone is: suppressed.
        QVERIFY(k2->policy().onSlowpathEntry(*k2, ctx(*k2, gfp::ATOMIC_, 0, 3)));
        QCOMPARE(zoneOf(*k2, 0, ZoneType::DMA32).watermarkBoost, kPageblockNrPages / 2);
        QCOMPARE(k2->counters()[Counter::SimDebounceSuppressed], 2);
    }

    // Soft boost: min(boost + pageblock/2, high_wmark_pages(zone)/2), with
    // high_wmark_pages including the boost: converges to the unboosted high.
    void v4SoftBoostHalfPageblockCappedAtHalfHigh()
    {
        Scenario s = singleZone("v4");
        s.policy.knobs["debounce_ms"] = 0;
        s.nodes[0].zones[0].managed = 65536; // small zone: high = a few hundred pages
        s.nodes[0].zones[0].fileLru = 30000;
        s.nodes[0].zones[0].free = 20000;
        s.nodes[0].zones[0].unreclaimable = 65536 - 50000;
        auto k = kernel(s);
        Zone &z = k->zone(0);
        const pages_t h = high(z);
        pages_t expect = 0;
        for (int i = 1; i <= 40; ++i) {
            k->setNow(i * 1000);
            k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_));
            expect = std::min(expect + kPageblockNrPages / 2, (h + expect) / 2);
            QCOMPARE(z.watermarkBoost, expect);
            if (i == 1)
                QCOMPARE(z.watermarkBoost, std::min<pages_t>(256, h / 2));
        }
        QVERIFY(z.watermarkBoost <= h);
        QVERIFY(z.watermarkBoost >= h - 2);
    }

    // Failure path: watermark_scale_boost +5 per boost up to 100, the
    // watermarks recomputed with wsf + scale boost; -5 at every boosted
    // balance_pgdat() end, not at unboosted ones.
    void v4ScaleBoostUpTo100AndDecayPerBalancePgdat()
    {
        Scenario s = singleZone("v4");
        s.policy.knobs["debounce_ms"] = 0;
        auto k = kernel(s);
        Zone &z = k->zone(0);
        const pages_t stepBefore = low(z) - minw(z);
        for (int i = 1; i <= 25; ++i) {
            k->setNow(i * 1000);
            QVERIFY(k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_)));
            QCOMPARE(z.watermarkScaleBoost, std::min<std::int64_t>(5 * i, 100));
        }
        QCOMPARE(k->counters()[Counter::SimScaleBoostChanges], 20);
        // step = max(min/4, managed * (wsf + 100) / 10000), plus the folded boost.
        const pages_t step = std::max<pages_t>(minw(z) / 4, z.managed * (k->tunables().watermarkScaleFactor + 100) / 10000);
        QVERIFY(step > stepBefore);
        QCOMPARE(low(z) - minw(z), step + z.watermarkBoost);
        k->policy().onBalancePgdatEnd(*k, k->node(0), false); // an unboosted run: no decay
        QCOMPARE(z.watermarkScaleBoost, 100);
        // Decay (v4's vmscan.c hunk at balance_pgdat()'s out:): -5 per boosted kswapd run.
        KswapdModel m(*k);
        boostedKswapdRun(*k, m, z); // the boost left by the failures
        QCOMPARE(z.watermarkScaleBoost, 95);
        for (int i = 0; i < 30; ++i) {
            QVERIFY(k->boostWatermark(z, EventReason::Extfrag));
            boostedKswapdRun(*k, m, z);
        }
        QCOMPARE(z.watermarkScaleBoost, 0);
    }

    // The decay covers only the zones boosted when the run began (the loop
    // skips !zone_boosts[i]); the others keep their scale boost.
    void v4DecayOnlyForZonesBoostedInTheRun()
    {
        auto k = kernel(machine("v4"));
        Zone &dma32 = zoneOf(*k, 0, ZoneType::DMA32);
        Zone &normal = zoneOf(*k, 0, ZoneType::Normal);
        dma32.watermarkScaleBoost = 50;
        normal.watermarkScaleBoost = 50;
        QVERIFY(k->boostWatermark(normal, EventReason::Extfrag));
        KswapdModel m(*k);
        boostedKswapdRun(*k, m, normal);
        QCOMPARE(normal.watermarkScaleBoost, 45);
        QCOMPARE(dma32.watermarkScaleBoost, 50);
    }

    // v4 removed `watermark_boost = 0` from __setup_per_zone_wmarks(): a
    // recompute while boosted folds the boost into _low/_high, and it stays
    // there after kswapd clears the boost (stale boost). Vanilla resets it.
    void v4FoldsBoostIntoLowHighOnRecompute()
    {
        for (const char *id : {"v4", "vanilla"}) {
            auto k = kernel(singleZone(id));
            Zone &z = k->zone(0);
            const pages_t step = low(z) - minw(z);
            const pages_t high0 = high(z);
            k->setWatermarkBoost(z, 1000, EventReason::AtomicSlowpath);
            k->writeWatermarkScaleFactor(k->tunables().watermarkScaleFactor); // any recompute
            if (QByteArray(id) == "v4") {
                // _low = min_wmark_pages + tmp, _high = low_wmark_pages + tmp,
                // _promo = high_wmark_pages + tmp: B, 2B and 3B folded in.
                QCOMPARE(z.watermarkBoost, 1000);
                QCOMPARE(low(z) - minw(z), step + 1000);
                QCOMPARE(high(z), high0 + 2000);
                QCOMPARE(z.watermark[static_cast<std::size_t>(WatermarkIndex::Promo)], minw(z) + 3 * step + 3000);
                z.watermarkBoost = 0; // kswapd's balance_pgdat() out:
                QCOMPARE(z.lowWmarkPages(), minw(z) + step + 1000); // stale
            } else {
                QCOMPARE(z.watermarkBoost, 0);
                QCOMPARE(low(z) - minw(z), step);
                QCOMPARE(high(z), high0);
            }
        }
    }

    // boost_watermark() changed for ALL callers: step max(pageblock, managed >> 10),
    // the fragmentation (extfrag) boost included.
    void v4BoostWatermarkStepForAllCallers()
    {
        auto k = kernel(singleZone("v4"));
        Zone &z = k->zone(0);
        QVERIFY(k->boostWatermark(z, EventReason::Extfrag));
        QCOMPARE(z.watermarkBoost, std::max<pages_t>(kPageblockNrPages, 1048576 >> 10));
        auto v = kernel(singleZone("vanilla"));
        QVERIFY(v->boostWatermark(v->zone(0), EventReason::Extfrag));
        QCOMPARE(v->zone(0).watermarkBoost, kPageblockNrPages);
    }
};

QTEST_GUILESS_MAIN(TestPolicyV4)
#include "tst_policy_v4.moc"
