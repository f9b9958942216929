#include "policy/static_tuning.h"

#include "mm/kernel.h"

#include <cmath>

namespace wm {

void StaticMinFreePolicy::onBoot(Kernel &k)
{
    const auto value = static_cast<std::int64_t>(std::llround(static_cast<double>(k.tunables().minFreeKbytes) * m_factor));
    k.writeMinFreeKbytes(value, EventReason::Boot);
}

void StaticMinFreePolicy::setKnob(std::string_view name, double value)
{
    if (name == "factor")
        m_factor = value;
}

void StaticWsfPolicy::onBoot(Kernel &k)
{
    k.writeWatermarkScaleFactor(m_wsf);
}

void StaticWsfPolicy::setKnob(std::string_view name, double value)
{
    if (name == "watermark_scale_factor")
        m_wsf = static_cast<std::int64_t>(value);
}

void NoBoostPolicy::onBoot(Kernel &k)
{
    k.writeWatermarkBoostFactor(0);
}

} // namespace wm
