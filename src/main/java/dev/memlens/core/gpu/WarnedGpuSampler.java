package dev.memlens.core.gpu;

import java.util.List;

/** A sampler chosen after others failed: passes their one-line reasons to the sink as warnings when it starts. */
final class WarnedGpuSampler implements GpuSampler {
    private final GpuSampler sampler;
    private final List<String> warnings;

    WarnedGpuSampler(GpuSampler sampler, List<String> warnings) {
        this.sampler = sampler;
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public String description() {
        return sampler.description();
    }

    @Override
    public List<GpuSample> baseline() throws GpuSamplerException {
        return sampler.baseline();
    }

    @Override
    public void start(GpuSampleSink sink) {
        warnings.forEach(sink::onWarning);
        sampler.start(sink);
    }

    @Override
    public void stop() {
        sampler.stop();
    }
}
