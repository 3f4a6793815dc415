package dev.memlens.app.results;

import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.units.MemoryUnit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The stacked bars' heights in the display unit: measured (the account in the calculator's components, the rest of
 * the total as overhead) and calculated per component (absent = 0).
 */
public record BreakdownBars(Map<MemoryComponent, Double> measured, Map<MemoryComponent, Double> calculated,
                            String unitLabel) {
    public static final BreakdownBars EMPTY = new BreakdownBars(Map.of(), Map.of(), MemoryUnit.GIB.label());

    public BreakdownBars {
        measured = Collections.unmodifiableMap(new EnumMap<>(measured.isEmpty() ? new EnumMap<>(MemoryComponent.class) : measured));
        calculated = Collections.unmodifiableMap(new EnumMap<>(calculated.isEmpty() ? new EnumMap<>(MemoryComponent.class) : calculated));
    }

    static BreakdownBars of(MemoryAccount m, CalculatorValues calc, MemoryUnit unit) {
        Map<MemoryComponent, Double> measured = new EnumMap<>(MemoryComponent.class);
        Map<MemoryComponent, Double> calculated = new EnumMap<>(MemoryComponent.class);
        Map<MemoryComponent, Long> bars = m.barComponents();
        for (MemoryComponent c : MemoryComponent.values()) {
            measured.put(c, unit.fromBytes(Math.max(0, bars.getOrDefault(c, 0L))));
            Long v = calc == null ? null : calc.components().get(c);
            calculated.put(c, v == null ? 0.0 : unit.fromBytes(v));
        }
        return new BreakdownBars(measured, calculated, unit.label());
    }

    public double measured(MemoryComponent c) {
        return measured.getOrDefault(c, 0.0);
    }

    public double calculated(MemoryComponent c) {
        return calculated.getOrDefault(c, 0.0);
    }
}
