#include "policy/registry.h"

#include "scenario/units.h"

#include "policy/policy.h"
#include "policy/registry_entry.h"
#include "policy/static_tuning.h"
#include "policy/vanilla.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace wm {

namespace {
using Entry = PolicyEntry;

const std::vector<Entry> &entries()
{
    static const std::vector<Entry> table = [] {
        std::vector<Entry> t;
        t.push_back({{"vanilla", "vanilla: the stock kernel",
                         "Fragmentation-triggered boost_watermark() only: +1 pageblock per fallback steal, capped at "
                         "watermark_boost_factor x high, cleared by kswapd at the end of balance_pgdat() (docs/model.md §2.6).",
                         {}},
            [](const PolicySpec &) { return std::make_unique<VanillaPolicy>(); }});
        // The patch series in version order, then the alternatives (docs/model.md §8.15).
        registerPatchPolicies(t);
        t.push_back({{"static-min-free", "static-min-free: a higher min_free_kbytes from boot",
                         "The administrator's fix from the field reports: vm.min_free_kbytes raised to `factor` x the boot value "
                         "before the workload starts (docs/model.md §8.14). Every watermark rises; nothing adapts.",
                         {{"factor", 2.0, 1.0, 64.0,
                             "Multiple of the boot min_free_kbytes (default 2: the common advice to double it)."}}},
            [](const PolicySpec &s) { return std::make_unique<StaticMinFreePolicy>(policyKnob(s, "factor")); }});
        t.push_back(
            {{"static-wsf", "static-wsf: a higher watermark_scale_factor from boot",
                 "The reviewers' suggestion (Lance Yang on v1, Michal Hocko on v3): a larger min..low..high gap so kswapd "
                 "wakes earlier; min itself, and so the GFP_ATOMIC floor, is unchanged (docs/model.md §8.10).",
                 {{"watermark_scale_factor", 100, 1, 3000, "vm.watermark_scale_factor at boot (default 100 = 1% of the zone)."}}},
                [](const PolicySpec &s) {
                    return std::make_unique<StaticWsfPolicy>(static_cast<std::int64_t>(policyKnob(s, "watermark_scale_factor")));
                }});
        t.push_back({{"no-boost", "no-boost: watermark_boost_factor = 0",
                         "Disables fragmentation boosting entirely, as some large fleets run (docs/model.md §8.14).", {}},
            [](const PolicySpec &) { return std::make_unique<NoBoostPolicy>(); }});
        return t;
    }();
    return table;
}
} // namespace

const std::vector<PolicyInfo> &policyInfos()
{
    static const std::vector<PolicyInfo> infos = [] {
        std::vector<PolicyInfo> v;
        for (const auto &e : entries())
            v.push_back(e.info);
        return v;
    }();
    return infos;
}

const PolicyInfo *findPolicyInfo(std::string_view id)
{
    for (const auto &p : policyInfos())
        if (p.id == id)
            return &p;
    return nullptr;
}

std::string validatePolicyKnob(std::string_view policyId, std::string_view knob, double value)
{
    const PolicyInfo *p = findPolicyInfo(policyId);
    if (!p)
        return "unknown policy '" + std::string(policyId) + "'";
    for (const auto &k : p->knobs) {
        if (k.name != knob)
            continue;
        if (!std::isfinite(value) || value < k.min || value > k.max)
            return "policy " + p->id + " knob " + k.name + " must be in [" + formatNumber(k.min) + ", " + formatNumber(k.max)
                + "], got " + formatNumber(value);
        return {};
    }
    std::string names;
    for (const auto &k : p->knobs)
        names += (names.empty() ? "" : ", ") + k.name;
    return "policy " + p->id + " has no knob '" + std::string(knob) + "'"
        + (names.empty() ? " (it has none)" : " (knobs: " + names + ")");
}

double policyKnob(const PolicySpec &spec, std::string_view knob)
{
    if (auto it = spec.knobs.find(std::string(knob)); it != spec.knobs.end())
        return it->second;
    if (const PolicyInfo *p = findPolicyInfo(spec.id))
        for (const auto &k : p->knobs)
            if (k.name == knob)
                return k.defaultValue;
    return 0;
}

std::unique_ptr<Policy> makePolicy(const PolicySpec &spec)
{
    for (const auto &e : entries())
        if (e.info.id == spec.id)
            return e.make(spec);
    return std::make_unique<VanillaPolicy>();
}

} // namespace wm
