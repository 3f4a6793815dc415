package dev.memlens.core.prometheus;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.trace.Trace;
import dev.memlens.core.gpu.trace.TraceEvent;
import dev.memlens.core.gpu.trace.TraceFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the GPU memory series of the compatibility table from Prometheus and joins them into GPU samples: the
 * used/free/reserved/total series of one GPU scraped at the same moment become one sample. A GPU is identified by
 * its UUID label (see {@link GpuLabels#key}). MIG instance series are left out (they describe a slice).
 */
public final class PrometheusGpuSeries {
    private final PrometheusClient client;

    public PrometheusGpuSeries(PrometheusClient client) {
        this.client = client;
    }

    /** The selector of all memory (and GPU info) series, narrowed by the user's label matchers (may be null). */
    public static String selector(String match) throws PrometheusException {
        String names = ExporterMetric.nameRegex(m -> m.meaning().gpuMemory()
                || m.meaning() == ExporterMetric.Meaning.GPU_INFO);
        return withMatchers("__name__=~\"" + names + "\"", match);
    }

    /** {@code {base,matchers}}: see {@link PrometheusClient#withMatchers}. */
    static String withMatchers(String base, String match) throws PrometheusException {
        return PrometheusClient.withMatchers(base, match, "--match");
    }

    /** The raw memory series between the two times. */
    public List<PrometheusSeries> rawSamples(Instant start, Instant end, String match) throws PrometheusException {
        return client.rawSamples(selector(match), start, end);
    }

    public PrometheusGpuTrace read(Instant start, Instant end, String match) throws PrometheusException {
        PrometheusGpuTrace trace = join(rawSamples(start, end, match));
        if (trace.trace().events().isEmpty()) {
            throw new PrometheusException("Prometheus at " + client.base() + " has no GPU memory series between "
                    + start + " and " + end + (match == null ? "" : " matching " + match) + ": check that it scrapes "
                    + "dcgm-exporter, nvidia_gpu_exporter or nvitop-exporter (metrics " + ExporterMetric.nameRegex(
                    m -> m.meaning() == ExporterMetric.Meaning.GPU_MEMORY_USED).replace("|", ", ")
                    + ") and widen --start/--end");
        }
        return trace;
    }

    /** One GPU's readings by timestamp. */
    private static final class Gpu {
        final String key;
        String uuid;
        String name;
        int index = -1;
        String exporter;
        Map<String, String> placement = Map.of();
        final TreeMap<Long, double[]> readings = new TreeMap<>(); // used, free, reserved, total in bytes; NaN absent

        Gpu(String key) {
            this.key = key;
        }
    }

    /** Joins raw series into a trace; public for the live sampler, which feeds it a window at a time. */
    public static PrometheusGpuTrace join(List<PrometheusSeries> series) {
        Map<String, Gpu> gpus = new LinkedHashMap<>();
        Map<String, Map<String, String>> info = new HashMap<>();
        int migSeries = 0;
        for (PrometheusSeries s : series) {
            ExporterMetric metric = ExporterMetric.byName(s.name()).orElse(null);
            if (metric == null) {
                continue;
            }
            if (metric.meaning() == ExporterMetric.Meaning.GPU_INFO) {
                info.put(GpuLabels.key(s.labels()), s.labels());
                continue;
            }
            if (GpuLabels.migInstance(s.labels())) {
                migSeries++;
                continue;
            }
            Gpu gpu = gpus.computeIfAbsent(GpuLabels.key(s.labels()), Gpu::new);
            identify(gpu, s.labels());
            gpu.exporter = metric.exporter();
            int slot = switch (metric.meaning()) {
                case GPU_MEMORY_USED -> 0;
                case GPU_MEMORY_FREE -> 1;
                case GPU_MEMORY_RESERVED -> 2;
                default -> 3;
            };
            for (int i = 0; i < s.size(); i++) {
                double[] reading = gpu.readings.computeIfAbsent(s.timesMillis()[i],
                        t -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
                reading[slot] = metric.unit().toBytes(s.values()[i]);
            }
        }
        for (Gpu gpu : gpus.values()) {
            Map<String, String> labels = info.get(gpu.key);
            if (labels != null) {
                identify(gpu, labels);
            }
        }
        List<Gpu> ordered = new ArrayList<>(gpus.values());
        ordered.sort(Comparator.comparing((Gpu g) -> g.placement.getOrDefault("hostname",
                g.placement.getOrDefault("instance", ""))).thenComparingInt(g -> g.index).thenComparing(g -> g.key));
        int nextIndex = ordered.stream().mapToInt(g -> g.index).max().orElse(-1) + 1;
        List<TraceEvent> events = new ArrayList<>();
        Map<String, Map<String, String>> placement = new HashMap<>();
        Map<String, String> exporters = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Gpu gpu : ordered) {
            if (gpu.index < 0) {
                gpu.index = nextIndex++;
            }
            int skipped = 0;
            for (Map.Entry<Long, double[]> e : gpu.readings.entrySet()) {
                double[] r = e.getValue();
                if (Double.isNaN(r[0])) {
                    skipped++;
                    continue;
                }
                Long reserved = Double.isNaN(r[2]) ? null : (long) r[2];
                Long total = !Double.isNaN(r[3]) ? Long.valueOf((long) r[3])
                        : Double.isNaN(r[1]) ? null : (long) (r[0] + r[1] + (reserved == null ? 0 : reserved));
                GpuSample sample = GpuSample.of(e.getKey(), gpu.index, gpu.uuid, gpu.name, (long) r[0], total,
                        reserved, null, null);
                events.add(new TraceEvent.Sample(sample));
                placement.putIfAbsent(sample.gpuKey(), gpu.placement);
                exporters.putIfAbsent(sample.gpuKey(), gpu.exporter);
            }
            if (skipped > 0) {
                warnings.add(skipped + " scrape(s) of GPU " + gpu.key + " had free/reserved/total but no used series:"
                        + " left out");
            }
        }
        if (migSeries > 0) {
            warnings.add(migSeries + " MIG instance series (GPU_I_ID label) were left out; the whole-GPU series are "
                    + "kept");
        }
        events.sort(Comparator.comparingLong(TraceEvent::timestampMillis));
        return new PrometheusGpuTrace(new Trace(TraceFormat.PROMETHEUS, events, true, warnings), placement,
                exporters);
    }

    private static void identify(Gpu gpu, Map<String, String> labels) {
        String uuid = GpuLabels.uuid(labels);
        if (uuid != null && !uuid.isEmpty()) {
            gpu.uuid = uuid;
        }
        String name = GpuLabels.name(labels);
        if (name != null && gpu.name == null) {
            gpu.name = name;
        }
        int index = GpuLabels.index(labels);
        if (index >= 0) {
            gpu.index = index;
        }
        Map<String, String> placement = GpuLabels.placement(labels);
        if (placement.size() > gpu.placement.size()) {
            gpu.placement = placement;
        }
    }
}
