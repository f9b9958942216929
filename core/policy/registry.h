#pragma once
// The policies: the stock kernel, every version of the atomic-boost patch
// series, and the reviewers' alternatives. Knobs are the values the patches
// hard-code (or leave open); each has its documented default.
#include "scenario/scenario.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wm {

class Policy;

struct KnobInfo {
    std::string name;
    double defaultValue = 0;
    double min = 0;
    double max = 0;
    std::string help; // one sentence, with where the default comes from
};

struct PolicyInfo {
    std::string id;
    std::string title; // "v4: proactive soft boost + scale boost"
    std::string summary; // what it does, in two or three sentences, with its source
    std::vector<KnobInfo> knobs;
};

const std::vector<PolicyInfo> &policyInfos();
const PolicyInfo *findPolicyInfo(std::string_view id);
// Checks a knob name and value for a policy; returns an error message or "".
std::string validatePolicyKnob(std::string_view policyId, std::string_view knob, double value);
// Value of a knob in a spec, or its default.
double policyKnob(const PolicySpec &spec, std::string_view knob);
std::unique_ptr<Policy> makePolicy(const PolicySpec &spec);

} // namespace wm
