package dev.memlens.core.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which GPUs to sample: explicit indices, or what CUDA_VISIBLE_DEVICES (NVIDIA) / HIP_VISIBLE_DEVICES or
 * ROCR_VISIBLE_DEVICES (AMD) leave visible. Entries are indices or UUIDs (a unique prefix, as CUDA accepts, e.g.
 * "GPU-6486822f"); as in CUDA, the list ends at the first entry that is neither. Note that CUDA numbers devices
 * fastest-first unless CUDA_DEVICE_ORDER=PCI_BUS_ID, while nvidia-smi uses PCI order: set that variable when
 * selecting by index on mixed machines.
 */
public final class GpuSelection {
    private final List<Integer> indices;
    private final List<String> uuidPrefixes;
    private final boolean all;
    private final String origin;

    private GpuSelection(List<Integer> indices, List<String> uuidPrefixes, boolean all, String origin) {
        this.indices = List.copyOf(indices);
        this.uuidPrefixes = List.copyOf(uuidPrefixes);
        this.all = all;
        this.origin = origin;
    }

    public static GpuSelection all() {
        return new GpuSelection(List.of(), List.of(), true, "all GPUs");
    }

    public static GpuSelection ofIndices(List<Integer> indices) {
        return indices.isEmpty() ? all() : new GpuSelection(indices, List.of(), false, "indices " + indices);
    }

    /** Explicit indices win; otherwise the vendor's visibility variables from {@code environment}. */
    public static GpuSelection resolve(GpuVendor vendor, List<Integer> explicitIndices, Map<String, String> environment) {
        if (!explicitIndices.isEmpty()) {
            return ofIndices(explicitIndices);
        }
        List<String> variables = vendor == GpuVendor.NVIDIA
                ? List.of("CUDA_VISIBLE_DEVICES")
                : List.of("HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES", "CUDA_VISIBLE_DEVICES");
        for (String variable : variables) {
            String value = environment.get(variable);
            if (value != null) {
                return parseVisibleDevices(variable, value);
            }
        }
        return all();
    }

    /** Parses a *_VISIBLE_DEVICES value such as "0,2", "GPU-6486822f-...", or "" (no GPU at all). */
    public static GpuSelection parseVisibleDevices(String variable, String value) {
        List<Integer> indices = new ArrayList<>();
        List<String> uuids = new ArrayList<>();
        for (String raw : value.split(",", -1)) {
            String entry = raw.trim();
            if (entry.matches("\\d+")) {
                indices.add(Integer.parseInt(entry));
            } else if (entry.regionMatches(true, 0, "GPU-", 0, 4) || entry.regionMatches(true, 0, "MIG-", 0, 4)) {
                uuids.add(entry.toLowerCase(Locale.ROOT));
            } else {
                break; // CUDA ignores the rest of the list after an invalid entry
            }
        }
        return new GpuSelection(indices, uuids, false, variable + "=" + value);
    }

    public boolean selectsAll() {
        return all;
    }

    public boolean isEmpty() {
        return !all && indices.isEmpty() && uuidPrefixes.isEmpty();
    }

    public boolean matches(int index, String uuid) {
        if (all || indices.contains(index)) {
            return true;
        }
        if (uuid != null) {
            String lower = uuid.toLowerCase(Locale.ROOT);
            for (String prefix : uuidPrefixes) {
                if (lower.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where the selection came from, for messages. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return origin;
    }
}
