package dev.memlens.app.results;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.units.MemoryUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The two bars of the Results screen, in the display unit: the measured account item by item (the unattributed
 * rest hatched and named; items whose size is unknown listed by name), and the calculator's values, per component
 * with the part of a given total they leave as its own segment or, when only a total was given, as a single
 * "Calculated total" segment. Each bar's total is the owner's figure: the account's measured total and the
 * calculator's {@link CalculatorValues#effectiveTotal()} (the one the verdict judges), null where unknown.
 */
public record AccountBars(List<Segment> measured, List<String> unknown, List<Segment> calculated, String unitLabel,
                          Double measuredTotal, Double calculatedTotal) {
    public static final AccountBars EMPTY = new AccountBars(List.of(), List.of(), List.of(), MemoryUnit.GIB.label(),
            null, null);

    /**
     * One segment, bottom to top: its name, size, colour group (the calculator component it belongs to, or -1 for a
     * calculated total) and whether it is hatched (memory the account or the calculator did not attribute).
     */
    public record Segment(String name, double value, int colour, boolean hatched) {
    }

    public AccountBars {
        measured = List.copyOf(measured);
        unknown = List.copyOf(unknown);
        calculated = List.copyOf(calculated);
    }

    /** The bars of a run's account and calculator (null: none) in a display unit. */
    public static AccountBars of(MemoryAccount account, CalculatorValues calculator, MemoryUnit unit) {
        List<Segment> measured = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (AccountItem i : account.items()) {
            if (i.bytes() == null || i.kind() == FigureKind.UNKNOWN) {
                unknown.add(i.component().displayName());
            } else if (i.bytes() > 0) {
                boolean rest = i.component() == AccountComponent.UNATTRIBUTED;
                measured.add(new Segment(i.component().displayName(), unit.fromBytes(i.bytes()),
                        i.component().calculatorComponent().ordinal(), rest));
            }
        }
        if (measured.isEmpty() && account.totalBytes() != null && account.totalBytes() > 0) {
            measured.add(new Segment(HumanNames.component(AccountComponent.UNATTRIBUTED),
                    unit.fromBytes(account.totalBytes()), MemoryComponent.FRAMEWORK_OVERHEAD.ordinal(), true));
        }
        List<Segment> calculated = new ArrayList<>();
        Double calculatedTotal = null;
        if (calculator != null) {
            for (MemoryComponent c : MemoryComponent.values()) {
                Long v = calculator.components().get(c);
                if (v != null && v > 0) {
                    calculated.add(new Segment(c.displayName(), unit.fromBytes(v), c.ordinal(), false));
                }
            }
            Long rest = calculator.notSplitBytes().orElse(null);
            if (rest != null) {
                calculated.add(calculated.isEmpty()
                        ? new Segment(HumanNames.CALCULATED_TOTAL, unit.fromBytes(rest), -1, false)
                        : new Segment(HumanNames.NOT_SPLIT, unit.fromBytes(rest), -1, true));
            }
            calculatedTotal = calculator.effectiveTotal().map(unit::fromBytes).orElse(null);
        }
        Double measuredTotal = account.totalBytes() == null ? null : unit.fromBytes(account.totalBytes());
        return new AccountBars(measured, unknown, calculated, unit.label(), measuredTotal, calculatedTotal);
    }

    public double measuredSum() {
        return measured.stream().mapToDouble(Segment::value).sum();
    }

    public double calculatedSum() {
        return calculated.stream().mapToDouble(Segment::value).sum();
    }
}
