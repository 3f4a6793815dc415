package dev.memlens.core.gpu.nvidia;

import dev.memlens.core.gpu.GpuProcessSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code nvidia-smi --query-compute-apps=pid,process_name,used_memory,gpu_uuid} output (with or without
 * header and units). Process names may contain ", " (Windows paths), so the middle cells are joined back into the
 * name. Used memory "[N/A]" (Windows WDDM) becomes null.
 */
public final class ComputeAppsParser {
    public static final String QUERY = "pid,process_name,used_memory,gpu_uuid";

    private ComputeAppsParser() {
    }

    /**
     * @param indexByUuid GPU indices by UUID, to fill {@link GpuProcessSample#gpuIndex()}; may be empty
     */
    public static List<GpuProcessSample> parse(List<String> lines, long timestampMillis,
                                               Map<String, Integer> indexByUuid) {
        List<GpuProcessSample> processes = new ArrayList<>();
        for (String line : lines) {
            String clean = SmiCsvParser.stripLine(line);
            String[] cells = clean.split(", ", -1);
            if (cells.length < 4) {
                continue;
            }
            Double pid = SmiValues.number(cells[0]);
            String uuid = SmiValues.text(cells[cells.length - 1]);
            if (pid == null || uuid == null || !(uuid.startsWith("GPU-") || uuid.startsWith("MIG-"))) {
                continue; // header or stray line
            }
            String name = String.join(", ", java.util.Arrays.asList(cells).subList(1, cells.length - 2));
            Long used = SmiValues.mibToBytes(cells[cells.length - 2]);
            processes.add(new GpuProcessSample(timestampMillis, pid.longValue(), SmiValues.text(name), used, uuid,
                    indexByUuid.get(uuid)));
        }
        return processes;
    }
}
