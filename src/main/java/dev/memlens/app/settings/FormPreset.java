package dev.memlens.app.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Form values saved under a name: the mode they belong to and each field's text ("true"/"false" for switches). */
public record FormPreset(String name, String mode, Map<String, String> values) {
    public FormPreset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
