package dev.memlens.core.prometheus;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One row of the compatibility table: a metric name some exporter publishes, what it means to MemLens and its unit.
 * {@link #TABLE} is the only place metric names are listed; every row has a test against real exporter output.
 */
public record ExporterMetric(String name, String exporter, Meaning meaning, Unit unit) {

    /** What a series says. */
    public enum Meaning {
        GPU_MEMORY_USED, GPU_MEMORY_FREE, GPU_MEMORY_RESERVED, GPU_MEMORY_TOTAL,
        /** A constant 1 whose labels name a GPU (nvidia_gpu_exporter's gpu_info: uuid → name, index). */
        GPU_INFO,
        KV_CACHE_USAGE, REQUESTS_RUNNING, REQUESTS_WAITING, PREEMPTIONS,
        /** A constant 1 whose labels are vLLM's cache configuration (block_size, num_gpu_blocks, ...). */
        CACHE_CONFIG;

        public boolean gpuMemory() {
            return this == GPU_MEMORY_USED || this == GPU_MEMORY_FREE || this == GPU_MEMORY_RESERVED
                    || this == GPU_MEMORY_TOTAL;
        }

        public boolean vllm() {
            return this == KV_CACHE_USAGE || this == REQUESTS_RUNNING || this == REQUESTS_WAITING
                    || this == PREEMPTIONS || this == CACHE_CONFIG;
        }
    }

    /** The unit of a series' values. */
    public enum Unit {
        MIB, BYTES, FRACTION, COUNT, INFO;

        /** A memory value in bytes (exact for whole MiB and for byte values below 2^53). */
        public long toBytes(double value) {
            return switch (this) {
                case MIB -> Math.round(value * 1024 * 1024);
                case BYTES -> Math.round(value);
                default -> throw new IllegalStateException(this + " is not a memory unit");
            };
        }
    }

    private static final String DCGM = "dcgm-exporter";
    private static final String NVIDIA_GPU_EXPORTER = "utkuozdemir/nvidia_gpu_exporter";
    private static final String NVITOP = "nvitop-exporter";
    private static final String VLLM = "vLLM /metrics";

    /**
     * The compatibility table.
     *
     * <p>No byte-unit framebuffer names exist for dcgm-exporter: its metric names are DCGM field names, and DCGM's
     * field list (go-dcgm {@code pkg/dcgm/const_fields.go} at b7fa3154, "add DCGM 4.6.1 support", 2026-08-19) keeps
     * {@code DCGM_FI_DEV_FB_TOTAL/FREE/USED/RESERVED} (fields 250-253) "in MB" with no deprecation; the base-unit
     * fields that release added ({@code base_unit_fields_test.go}: 1600-1612) are BAR1 ({@code
     * DCGM_FI_DEV_BAR1_USED_BYTES}, ...: the PCIe aperture, not device memory), clocks in hertz, energy in joules and
     * fan speed as a ratio. dcgm-exporter's own counter lists (etc/default-counters.csv, dcp-metrics-included.csv,
     * all history to 4.5.3-4.8.2, 2026-05) name only the MiB fields; its per-process FB_USED divides bytes by 2^20.
     */
    public static final List<ExporterMetric> TABLE = List.of(
            new ExporterMetric("DCGM_FI_DEV_FB_USED", DCGM, Meaning.GPU_MEMORY_USED, Unit.MIB),
            new ExporterMetric("DCGM_FI_DEV_FB_FREE", DCGM, Meaning.GPU_MEMORY_FREE, Unit.MIB),
            new ExporterMetric("DCGM_FI_DEV_FB_RESERVED", DCGM, Meaning.GPU_MEMORY_RESERVED, Unit.MIB),
            new ExporterMetric("DCGM_FI_DEV_FB_TOTAL", DCGM, Meaning.GPU_MEMORY_TOTAL, Unit.MIB),
            new ExporterMetric("nvidia_smi_memory_used_bytes", NVIDIA_GPU_EXPORTER, Meaning.GPU_MEMORY_USED, Unit.BYTES),
            new ExporterMetric("nvidia_smi_memory_free_bytes", NVIDIA_GPU_EXPORTER, Meaning.GPU_MEMORY_FREE, Unit.BYTES),
            new ExporterMetric("nvidia_smi_memory_reserved_bytes", NVIDIA_GPU_EXPORTER, Meaning.GPU_MEMORY_RESERVED,
                    Unit.BYTES),
            new ExporterMetric("nvidia_smi_memory_total_bytes", NVIDIA_GPU_EXPORTER, Meaning.GPU_MEMORY_TOTAL,
                    Unit.BYTES),
            new ExporterMetric("nvidia_smi_gpu_info", NVIDIA_GPU_EXPORTER, Meaning.GPU_INFO, Unit.INFO),
            new ExporterMetric("gpu_memory_used_MiB", NVITOP, Meaning.GPU_MEMORY_USED, Unit.MIB),
            new ExporterMetric("gpu_memory_free_MiB", NVITOP, Meaning.GPU_MEMORY_FREE, Unit.MIB),
            new ExporterMetric("gpu_memory_total_MiB", NVITOP, Meaning.GPU_MEMORY_TOTAL, Unit.MIB),
            new ExporterMetric("vllm:kv_cache_usage_perc", VLLM, Meaning.KV_CACHE_USAGE, Unit.FRACTION),
            new ExporterMetric("vllm:gpu_cache_usage_perc", VLLM, Meaning.KV_CACHE_USAGE, Unit.FRACTION),
            new ExporterMetric("vllm:num_requests_running", VLLM, Meaning.REQUESTS_RUNNING, Unit.COUNT),
            new ExporterMetric("vllm:num_requests_waiting", VLLM, Meaning.REQUESTS_WAITING, Unit.COUNT),
            new ExporterMetric("vllm:num_preemptions_total", VLLM, Meaning.PREEMPTIONS, Unit.COUNT),
            new ExporterMetric("vllm:cache_config_info", VLLM, Meaning.CACHE_CONFIG, Unit.INFO));

    public static Optional<ExporterMetric> byName(String name) {
        return TABLE.stream().filter(m -> m.name.equals(name)).findFirst();
    }

    /** The names of the rows that pass, as one anchored PromQL regex alternation ("A|B|C"). */
    public static String nameRegex(java.util.function.Predicate<ExporterMetric> filter) {
        return TABLE.stream().filter(filter).map(ExporterMetric::name).collect(Collectors.joining("|"));
    }
}
