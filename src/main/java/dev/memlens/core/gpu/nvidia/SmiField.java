package dev.memlens.core.gpu.nvidia;

import java.util.Locale;

/** The --query-gpu fields MemLens reads, by canonical name and alias; anything else is {@link #OTHER}. */
public enum SmiField {
    TIMESTAMP("timestamp"),
    INDEX("index"),
    UUID("uuid", "gpu_uuid"),
    NAME("name", "gpu_name"),
    PCI_BUS_ID("pci.bus_id", "gpu_bus_id"),
    MEMORY_TOTAL("memory.total"),
    MEMORY_USED("memory.used"),
    MEMORY_FREE("memory.free"),
    MEMORY_RESERVED("memory.reserved"),
    UTILIZATION_GPU("utilization.gpu"),
    POWER_DRAW("power.draw", "power.draw.average", "power.draw.instant"),
    OTHER();

    private final String[] names;

    SmiField(String... names) {
        this.names = names;
    }

    /** The canonical query name. */
    public String queryName() {
        return names[0];
    }

    /** Maps a header cell such as "memory.used [MiB]" or a query name such as "gpu_name". */
    public static SmiField fromHeader(String headerCell) {
        String name = headerCell.trim().toLowerCase(Locale.ROOT);
        int bracket = name.indexOf(" [");
        if (bracket >= 0) {
            name = name.substring(0, bracket);
        }
        for (SmiField field : values()) {
            for (String candidate : field.names) {
                if (candidate.equals(name)) {
                    return field;
                }
            }
        }
        return OTHER;
    }
}
