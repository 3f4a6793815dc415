package dev.memlens.app.settings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What MemLens remembers between starts: the window's place and size, the last mode and each mode's last form
 * values. A null window means "never saved" (the app picks a default size).
 */
public record WorkbenchSettings(WindowBounds window, String lastMode, Map<String, Map<String, String>> lastValues) {
    public static final WorkbenchSettings EMPTY = new WorkbenchSettings(null, null, Map.of());

    public WorkbenchSettings {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        if (lastValues != null) {
            lastValues.forEach((mode, values) -> copy.put(mode, Map.copyOf(values)));
        }
        lastValues = java.util.Collections.unmodifiableMap(copy);
    }

    public WorkbenchSettings withWindow(WindowBounds value) {
        return new WorkbenchSettings(value, lastMode, lastValues);
    }

    public WorkbenchSettings withForm(String mode, Map<String, String> values) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>(lastValues);
        copy.put(mode, values);
        return new WorkbenchSettings(window, mode, copy);
    }

    public WorkbenchSettings withLastMode(String mode) {
        return new WorkbenchSettings(window, mode, lastValues);
    }

    /** The window's place and size in screen coordinates. */
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }
}
