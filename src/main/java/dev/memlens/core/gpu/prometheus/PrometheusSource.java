package dev.memlens.core.gpu.prometheus;

import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSourceDescriptor;
import dev.memlens.core.prometheus.PrometheusAuth;
import dev.memlens.core.prometheus.PrometheusClient;
import dev.memlens.core.prometheus.PrometheusException;
import java.util.Optional;

/**
 * The Prometheus source's registration: {@code --source prometheus} with the server's URL in
 * {@link GpuSamplerOptions#sourceAddress()} (the CLI's {@code --prometheus URL}) and its label matchers in
 * {@link GpuSamplerOptions#sourceSelector()}. Never auto-detected: it needs an address. Credentials come from the
 * options' environment ({@link PrometheusAuth}).
 */
public final class PrometheusSource {
    public static final String ID = "prometheus";

    /**
     * The floor is 1 ms because the interval only sets how often Prometheus is asked; every stored scrape comes back
     * whatever the interval (the poll itself is at most once a second, see {@link PrometheusSnapshotSource}).
     */
    public static final GpuSourceDescriptor DESCRIPTOR = new GpuSourceDescriptor(ID,
            "a Prometheus server's dcgm-exporter, nvidia_gpu_exporter or nvitop-exporter series (--prometheus URL)",
            false, 1, PrometheusSource::open);

    private PrometheusSource() {
    }

    static Optional<GpuSampler> open(GpuSamplerOptions options) throws GpuSamplerException {
        if (options.sourceAddress() == null || options.sourceAddress().isBlank()) {
            throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, "GPU source " + ID + " needs the "
                    + "server's URL: give --prometheus URL (e.g. http://127.0.0.1:9090)");
        }
        try {
            PrometheusClient client = PrometheusClient.of(options.sourceAddress(),
                    PrometheusAuth.fromEnvironment(options.environment()));
            return Optional.of(PrometheusSnapshotSource.sampler(client, options.sourceSelector(), options));
        } catch (PrometheusException e) {
            throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, e.getMessage());
        }
    }
}
