#pragma once
// The alternatives to the patch series that need no new code in the kernel:
// an administrator's static tuning, applied at boot through the sysctls.
#include "policy/policy.h"

#include <cstdint>
#include <string>

namespace wm {

// static-min-free: the admin's fix from the field reports (docs/model.md §8.14;
// Joel Savitz 2020: NIC drivers' atomic failures fixed by raising
// vm.min_free_kbytes): min_free_kbytes = factor x the boot value.
class StaticMinFreePolicy : public Policy
{
public:
    explicit StaticMinFreePolicy(double factor)
        : m_factor(factor)
    {
    }
    std::string_view id() const override { return "static-min-free"; }
    void onBoot(Kernel &k) override;
    void setKnob(std::string_view name, double value) override;

private:
    double m_factor = 2.0;
};

// static-wsf: the reviewers' suggestion (Lance Yang on v1, Michal Hocko on v3):
// a higher watermark_scale_factor from the start, widening min..low..high.
class StaticWsfPolicy : public Policy
{
public:
    explicit StaticWsfPolicy(std::int64_t wsf)
        : m_wsf(wsf)
    {
    }
    std::string_view id() const override { return "static-wsf"; }
    void onBoot(Kernel &k) override;
    void setKnob(std::string_view name, double value) override;

private:
    std::int64_t m_wsf = 100;
};

// no-boost: vm.watermark_boost_factor = 0 (docs/model.md §8.14: how Facebook's
// 2-node machines run, per commit 597c892038e0).
class NoBoostPolicy : public Policy
{
public:
    std::string_view id() const override { return "no-boost"; }
    void onBoot(Kernel &k) override;
};

} // namespace wm
