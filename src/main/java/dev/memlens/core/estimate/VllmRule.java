package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;

final class VllmRule {
    static Estimate estimate(ModelSpec spec, EstimateRequest r) {
        throw new UnsupportedOperationException();
    }
}
