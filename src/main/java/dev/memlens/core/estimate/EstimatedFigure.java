package dev.memlens.core.estimate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One predicted figure in bytes, with the formula that gave it and the inputs it used (name → value). */
public record EstimatedFigure(long bytes, String formula, Map<String, Object> inputs) {
    public EstimatedFigure {
        Objects.requireNonNull(formula, "formula");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** Inputs given as alternating name, value pairs. */
    public static EstimatedFigure of(long bytes, String formula, Object... nameValuePairs) {
        Map<String, Object> in = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
            in.put(String.valueOf(nameValuePairs[i]), nameValuePairs[i + 1]);
        }
        return new EstimatedFigure(bytes, formula, in);
    }
}
