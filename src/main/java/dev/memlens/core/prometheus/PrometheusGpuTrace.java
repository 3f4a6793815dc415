package dev.memlens.core.prometheus;

import dev.memlens.core.gpu.trace.Trace;
import java.util.Map;

/**
 * GPU memory series read from Prometheus as a trace, with where each GPU is.
 *
 * @param placement per GPU key ({@link dev.memlens.core.gpu.GpuSample#gpuKey()}): the hostname/pod/... labels kept
 * @param exporters per GPU key: which exporter's metric names its series had
 */
public record PrometheusGpuTrace(Trace trace, Map<String, Map<String, String>> placement,
                                 Map<String, String> exporters) {
    public PrometheusGpuTrace {
        placement = Map.copyOf(placement);
        exporters = Map.copyOf(exporters);
    }
}
