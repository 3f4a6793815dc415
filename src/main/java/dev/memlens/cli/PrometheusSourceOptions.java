package dev.memlens.cli;

import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSources;
import dev.memlens.core.gpu.prometheus.PrometheusSource;
import dev.memlens.core.prometheus.PrometheusAuth;
import dev.memlens.core.prometheus.PrometheusClient;
import dev.memlens.core.prometheus.PrometheusException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --prometheus URL [--match SELECTOR]} on sample and the run verbs: GPU memory is read from that server's
 * exporter series, i.e. the registered source {@value PrometheusSource#ID} with this address. The one place that
 * turns the options into the sampler's source.
 */
public final class PrometheusSourceOptions {
    @Option(names = "--prometheus", paramLabel = "URL",
            description = "read GPU memory from this Prometheus server (dcgm-exporter, nvidia_gpu_exporter, "
                    + "nvitop-exporter series; every stored scrape, polled at least every second) instead of a local"
                    + " tool: --source prometheus. Credentials: " + PrometheusAuth.TOKEN_VARIABLE + " or "
                    + PrometheusAuth.USER_VARIABLE + "/" + PrometheusAuth.PASSWORD_VARIABLE)
    String url;

    @Mixin
    MatchOption selection = new MatchOption();

    public boolean given() {
        return url != null;
    }

    public String match() {
        return selection.match;
    }

    /**
     * The sampling options with the source {@code source} names, and the Prometheus address when there is one.
     *
     * @throws IllegalArgumentException a one-line usage error: --source prometheus without a URL, --prometheus with
     *                                  another source or with --host, --match without --prometheus, a bad URL
     */
    GpuSamplerOptions apply(GpuSamplerOptions options, String source, boolean sshGiven) {
        if (url == null) {
            if (PrometheusSource.ID.equals(source)) {
                throw new IllegalArgumentException("--source prometheus needs the server: give --prometheus URL "
                        + "(e.g. http://127.0.0.1:9090)");
            }
            if (selection.match != null) {
                throw new IllegalArgumentException("--match narrows Prometheus series: give it with --prometheus URL");
            }
            return options.withSource(source);
        }
        if (sshGiven) {
            throw new IllegalArgumentException("give --host or --prometheus, not both");
        }
        if (!GpuSources.AUTO.equals(source) && !PrometheusSource.ID.equals(source)) {
            throw new IllegalArgumentException("--prometheus reads GPU memory from Prometheus, --source " + source
                    + " from this machine: give one of them");
        }
        try {
            PrometheusClient.of(url, PrometheusAuth.none()); // a malformed URL is a usage error before anything runs
        } catch (PrometheusException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return options.withSource(PrometheusSource.ID).withSourceAddress(url, selection.match);
    }
}
