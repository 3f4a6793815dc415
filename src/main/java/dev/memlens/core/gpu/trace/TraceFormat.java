package dev.memlens.core.gpu.trace;

/** The recorded-trace formats MemLens reads. */
public enum TraceFormat {
    NVIDIA_SMI_CSV("nvidia-smi csv"),
    MEMLENS_SAMPLE_CSV("memlens sample csv"),
    NVIDIA_SMI_XML("nvidia-smi xml"),
    AMD_SMI_JSON("amd-smi json"),
    ROCM_SMI_JSON("rocm-smi json"),
    DCGM_EXPORTER("dcgm-exporter"),
    /** Series read from a Prometheus server's HTTP API (not a file). */
    PROMETHEUS("prometheus");

    private final String label;

    TraceFormat(String label) {
        this.label = label;
    }

    /** What {@code memlens trace --json} prints as "source". */
    public String label() {
        return label;
    }
}
