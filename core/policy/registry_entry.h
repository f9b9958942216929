#pragma once
// How a policy is registered: its description and a factory.
#include "policy/policy.h"
#include "policy/registry.h"

#include <functional>
#include <memory>
#include <vector>

namespace wm {

struct PolicyEntry {
    PolicyInfo info;
    std::function<std::unique_ptr<Policy>(const PolicySpec &)> make;
};

// The versions of the atomic-boost patch series (patch_series.cpp).
void registerPatchPolicies(std::vector<PolicyEntry> &table);

} // namespace wm
