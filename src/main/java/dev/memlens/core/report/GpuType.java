package dev.memlens.core.report;

import java.util.Locale;

/** The GPU vendor stack of a run, as the original reports' {@code gpu_type} names it. */
public enum GpuType {
    CUDA, ROCM, UNKNOWN;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Unrecognised text reads as unknown: the scripts wrote free text here. */
    public static GpuType fromTag(String tag) {
        if (tag == null) {
            return UNKNOWN;
        }
        String t = tag.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cuda") || t.equals("nvidia")) {
            return CUDA;
        }
        if (t.equals("rocm") || t.equals("amd") || t.equals("hip")) {
            return ROCM;
        }
        return UNKNOWN;
    }
}
