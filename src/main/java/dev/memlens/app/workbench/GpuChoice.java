package dev.memlens.app.workbench;

import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;

/** An entry of the GPU picker: one detected GPU, or all of them (index -1). */
public record GpuChoice(int index, String name, Long totalBytes) {
    public static final GpuChoice ALL = new GpuChoice(-1, "All visible GPUs", null);

    public boolean isAll() {
        return index < 0;
    }

    @Override
    public String toString() {
        if (isAll()) {
            return name;
        }
        return "GPU" + index + " " + name + (totalBytes == null ? "" : " · " + Bytes.format(totalBytes, MemoryUnit.GIB));
    }
}
