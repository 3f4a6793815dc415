package dev.memlens.core.report;

import java.util.List;

/** The GPUs of the run; {@code gpuType} as the original reports name it. */
public record GpuInfo(GpuType gpuType, Integer numGpus, List<GpuDevice> devices) {
    public GpuInfo {
        devices = devices == null ? List.of() : List.copyOf(devices);
        gpuType = gpuType == null ? GpuType.UNKNOWN : gpuType;
    }

    public static GpuInfo unknown() {
        return new GpuInfo(GpuType.UNKNOWN, null, List.of());
    }

    public Long totalMemoryBytes() {
        long sum = 0;
        boolean any = false;
        for (GpuDevice d : devices) {
            if (d.totalBytes() != null) {
                sum += d.totalBytes();
                any = true;
            }
        }
        return any ? sum : null;
    }

    /** A short label such as "NVIDIA H200 (140.4 GiB)" or "2 × NVIDIA H100 80GB HBM3". */
    public String label() {
        if (devices.isEmpty()) {
            return numGpus == null ? gpuType.tag() : numGpus + " × " + gpuType.tag();
        }
        GpuDevice first = devices.get(0);
        String name = first.name() == null ? gpuType.tag() : first.name();
        return devices.size() == 1 ? name : devices.size() + " × " + name;
    }
}
