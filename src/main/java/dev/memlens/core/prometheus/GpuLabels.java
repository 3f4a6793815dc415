package dev.memlens.core.prometheus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the exporters name a GPU in their labels. Label names are compared case-insensitively: dcgm-exporter wrote
 * {@code UUID} and {@code Hostname} (older, and {@code uuid} / {@code pod_name} with --use-old-namespace) and
 * {@code hostname} since 2026; nvitop-exporter writes {@code uuid}, {@code index}, {@code devicename},
 * {@code hostname}; nvidia_gpu_exporter only {@code uuid} (name and index come from its gpu_info series).
 */
public final class GpuLabels {
    /** The labels kept in the output to say where a GPU is (cluster placement). */
    public static final List<String> PLACEMENT = List.of("hostname", "pod", "namespace", "container", "instance",
            "job");

    private GpuLabels() {
    }

    public static String uuid(Map<String, String> labels) {
        return get(labels, "uuid");
    }

    public static String name(Map<String, String> labels) {
        return first(labels, "modelname", "devicename", "name");
    }

    /** The GPU's index on its host, or -1. */
    public static int index(Map<String, String> labels) {
        String value = first(labels, "gpu", "index");
        if (value == null || !value.matches("\\d{1,6}")) {
            return -1;
        }
        return Integer.parseInt(value);
    }

    public static String hostname(Map<String, String> labels) {
        return get(labels, "hostname");
    }

    /** MIG instance series (dcgm-exporter's GPU_I_ID) describe a slice, not the whole GPU. */
    public static boolean migInstance(Map<String, String> labels) {
        return get(labels, "gpu_i_id") != null;
    }

    /** The placement labels present, in {@link #PLACEMENT} order, lower-case keys ("pod_name" read as "pod"). */
    public static Map<String, String> placement(Map<String, String> labels) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String key : PLACEMENT) {
            String value = key.equals("pod") ? first(labels, "pod", "pod_name") : get(labels, key);
            if (value != null && !value.isEmpty()) {
                kept.put(key, value);
            }
        }
        return kept;
    }

    /**
     * What identifies one GPU across series: its UUID, else host (or scrape instance) and index. The UUID alone is
     * enough: it is unique across machines.
     */
    public static String key(Map<String, String> labels) {
        String uuid = uuid(labels);
        if (uuid != null && !uuid.isEmpty()) {
            return uuid;
        }
        String host = hostname(labels);
        if (host == null) {
            host = get(labels, "instance");
        }
        return (host == null ? "" : host) + "#" + index(labels);
    }

    private static String first(Map<String, String> labels, String... keys) {
        for (String key : keys) {
            String value = get(labels, key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String get(Map<String, String> labels, String lowerKey) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(lowerKey)) {
                return e.getValue();
            }
        }
        return null;
    }
}
