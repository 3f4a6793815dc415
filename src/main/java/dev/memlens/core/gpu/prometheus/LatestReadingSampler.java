package dev.memlens.core.gpu.prometheus;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampleSink;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.GpuSelection;
import dev.memlens.core.gpu.PollingGpuSampler;
import java.util.List;

/**
 * The Prometheus sampler: polling hands on every newly stored sample, while a reading outside the poll (the
 * baseline before the start, the session's final reading after the stop) is each selected GPU's newest stored
 * sample. A poll that finds nothing new is normal (the scrape interval is longer than the poll); such a reading
 * must not be "no GPU".
 */
final class LatestReadingSampler implements GpuSampler {
    private final PollingGpuSampler polling;
    private final PrometheusSnapshotSource source;
    private final GpuSelection selection;

    LatestReadingSampler(PollingGpuSampler polling, PrometheusSnapshotSource source, GpuSelection selection) {
        this.polling = polling;
        this.source = source;
        this.selection = selection;
    }

    @Override
    public String description() {
        return polling.description();
    }

    @Override
    public List<GpuSample> baseline() throws GpuSamplerException {
        List<GpuSample> samples = source.newest(System.currentTimeMillis()).stream()
                .filter(s -> selection.matches(s.index(), s.uuid())).toList();
        if (samples.isEmpty()) {
            throw new GpuSamplerException(GpuSamplerError.Kind.NO_DEVICES, description() + " listed no GPU matching "
                    + selection + ": check the selection (--gpus) and --match");
        }
        return samples;
    }

    @Override
    public void start(GpuSampleSink sink) {
        polling.start(sink);
    }

    @Override
    public void stop() {
        polling.stop();
    }
}
