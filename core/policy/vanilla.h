#pragma once
// The stock kernel: only the fragmentation-triggered boost_watermark() of
// steal_suitable_fallback(), which the simulation drives from each zone's
// modelled fallback rate (docs/model.md §2.6, §9.5). No hooks of its own.
#include "policy/policy.h"

namespace wm {

class VanillaPolicy : public Policy
{
public:
    std::string_view id() const override { return "vanilla"; }
};

} // namespace wm
