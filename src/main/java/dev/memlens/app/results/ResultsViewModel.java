package dev.memlens.app.results;

import dev.memlens.core.report.HumanNames;
import dev.memlens.core.compare.ComparisonResult;
import dev.memlens.core.compare.ComparisonRow;
import dev.memlens.core.compare.ComparisonText;
import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.units.Format;
import dev.memlens.core.units.MemoryUnit;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The results of one run: summary, measured breakdown, the calculator values the user types, and the live
 * comparison with its verdict. Everything recomputes as the user types or switches the unit.
 */
public final class ResultsViewModel {
    private final ObjectProperty<ProfileReport> report = new SimpleObjectProperty<>();
    private final ObjectProperty<MemoryUnit> unit = new SimpleObjectProperty<>(MemoryUnit.GIB);
    private final DoubleProperty tolerancePct = new SimpleDoubleProperty(MemoryComparison.DEFAULT_TOLERANCE_PCT);
    private final Map<MemoryComponent, StringProperty> calculatorFields = new EnumMap<>(MemoryComponent.class);
    private final StringProperty calculatorTotal = new SimpleStringProperty("");
    private final StringProperty calculatorSource = new SimpleStringProperty("manual");
    /** How each calculated figure was computed (the built-in estimator's formulas); empty for typed values. */
    private final Map<MemoryComponent, StringProperty> calculatorFormulas = new EnumMap<>(MemoryComponent.class);
    private final StringProperty calculatorTotalFormula = new SimpleStringProperty("");

    private final ReadOnlyStringWrapper inputProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ComparisonResult> comparison = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper verdictText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper verdictDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper verdictStyle = new ReadOnlyStringWrapper("none");
    private final ReadOnlyBooleanWrapper pass = new ReadOnlyBooleanWrapper();
    private final ObservableList<ComparisonRowItem> rows = FXCollections.observableArrayList();
    private final ObservableList<AccountRowItem> accountRows = FXCollections.observableArrayList();
    private final ObservableList<AccountTableRow> accountTable = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyObjectWrapper<AccountBars> accountBars =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(AccountBars.EMPTY);
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<BreakdownBars> bars = new ReadOnlyObjectWrapper<>(BreakdownBars.EMPTY);
    private final ReadOnlyObjectWrapper<RunSummary> summary = new ReadOnlyObjectWrapper<>(RunSummary.EMPTY);

    /** Set while the fields are being filled from a report, so that filling does not count as typing. */
    private boolean loading;
    /** The report's own calculator values: a field still showing one of them stands for its exact bytes. */
    private CalculatorValues loaded;

    public ResultsViewModel() {
        for (MemoryComponent c : MemoryComponent.values()) {
            StringProperty p = new SimpleStringProperty("");
            p.addListener((o, a, b) -> userEdited());
            calculatorFields.put(c, p);
            calculatorFormulas.put(c, new SimpleStringProperty(""));
        }
        calculatorTotal.addListener((o, a, b) -> userEdited());
        tolerancePct.addListener((o, a, b) -> recompute());
        unit.addListener((o, oldUnit, newUnit) -> convertFields(oldUnit, newUnit));
        report.addListener((o, a, r) -> load(r));
    }

    public ObjectProperty<ProfileReport> reportProperty() {
        return report;
    }

    public ObjectProperty<MemoryUnit> unitProperty() {
        return unit;
    }

    public DoubleProperty tolerancePctProperty() {
        return tolerancePct;
    }

    public StringProperty calculatorField(MemoryComponent c) {
        return calculatorFields.get(c);
    }

    /** Where the calculator values came from: "manual", "memlens estimator", a calculator's name. */
    public ReadOnlyStringProperty calculatorSourceProperty() {
        return calculatorSource;
    }

    /** The formula behind a calculated figure, for its tooltip; empty when the value was typed. */
    public ReadOnlyStringProperty calculatorFormula(MemoryComponent c) {
        return calculatorFormulas.get(c);
    }

    public ReadOnlyStringProperty calculatorTotalFormula() {
        return calculatorTotalFormula;
    }

    /**
     * Shows a report whose calculator values the built-in estimator made, with the formula behind each figure. The
     * values stay editable; the formulas stay as a reminder of what the estimator said.
     */
    public void showEstimated(ProfileReport r, Map<MemoryComponent, String> formulas, String totalFormula) {
        report.set(r);
        formulas.forEach((c, f) -> calculatorFormulas.get(c).set(f == null ? "" : f));
        calculatorTotalFormula.set(totalFormula == null ? "" : totalFormula);
    }

    public StringProperty calculatorTotalProperty() {
        return calculatorTotal;
    }

    public ReadOnlyStringProperty inputProblemProperty() {
        return inputProblem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ComparisonResult> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty verdictTextProperty() {
        return verdictText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty verdictDetailProperty() {
        return verdictDetail.getReadOnlyProperty();
    }

    /** "ok", "warn", "bad" or "none": the view maps it to a style class. */
    public ReadOnlyStringProperty verdictStyleProperty() {
        return verdictStyle.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty passProperty() {
        return pass.getReadOnlyProperty();
    }

    /** The comparison rows (components the calculator gave, then the total), with kind, source and verdict. */
    public ObservableList<ComparisonRowItem> rows() {
        return rows;
    }

    /** The memory account of the report: every item with its kind and source, then the total. */
    public ObservableList<AccountRowItem> accountRows() {
        return accountRows;
    }

    /**
     * The Results table: the four calculator components with the measured figure, its kind and source, the parts
     * of framework overhead under it, and the total; the calculator columns follow the typed values.
     */
    public ObservableList<AccountTableRow> accountTable() {
        return accountTable;
    }

    /** The measured and calculated bars, segment by segment, in the display unit. */
    public javafx.beans.property.ReadOnlyObjectProperty<AccountBars> accountBarsProperty() {
        return accountBars.getReadOnlyProperty();
    }

    /** Over a run that did not complete or an inconsistent account: what the figures mean; empty otherwise. */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<BreakdownBars> barsProperty() {
        return bars.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Validation for one field, for the view's inline validation. */
    public String problemOf(String text) {
        return CalculatorInput.problem(text);
    }

    /** The calculator values as typed now, or null when nothing usable was typed. */
    public CalculatorValues calculatorValues() {
        Map<MemoryComponent, Long> values = new EnumMap<>(MemoryComponent.class);
        calculatorFields.forEach((c, p) -> {
            Long bytes = fieldBytes(p.get(), loaded == null ? null : loaded.components().get(c));
            if (bytes != null) {
                values.put(c, bytes);
            }
        });
        CalculatorValues cv = new CalculatorValues(values,
                fieldBytes(calculatorTotal.get(), loaded == null ? null : loaded.totalBytes()), calculatorSource.get());
        return cv.isEmpty() ? null : cv;
    }

    /** The report with the calculator values and tolerance as they stand: what Save writes. */
    public ProfileReport currentReport() {
        ProfileReport r = report.get();
        if (r == null) {
            return null;
        }
        CalculatorValues cv = calculatorValues();
        // the estimator's formulas stay with its values; typed-over values are the user's, without formulas
        if (cv != null && !"manual".equals(cv.source()) && hasFormulas()) {
            cv = new CalculatorValues(cv.components(), cv.totalBytes(), cv.source(), formulas(), calculatorTotalFormula.get());
        }
        return r.withCalculator(cv).withTolerance(tolerancePct.get());
    }

    /**
     * A field's bytes: the report's exact figure while the field still shows it rounded, else what was typed; so a
     * report's calculated total is the same to the byte here, in the CLI and in the HTML.
     */
    private Long fieldBytes(String text, Long reportBytes) {
        return fieldBytes(text, reportBytes, unit.get());
    }

    private static Long fieldBytes(String text, Long reportBytes, MemoryUnit shownIn) {
        if (reportBytes != null && text != null && text.trim().equals(CalculatorInput.format(reportBytes, shownIn))) {
            return reportBytes;
        }
        return CalculatorInput.bytes(text, shownIn);
    }

    private boolean hasFormulas() {
        return calculatorFormulas.values().stream().anyMatch(f -> !f.get().isEmpty()) || !calculatorTotalFormula.get().isEmpty();
    }

    private Map<MemoryComponent, String> formulas() {
        Map<MemoryComponent, String> out = new EnumMap<>(MemoryComponent.class);
        calculatorFormulas.forEach((c, f) -> out.put(c, f.get()));
        return out;
    }

    private void load(ProfileReport r) {
        calculatorFormulas.values().forEach(f -> f.set(""));
        calculatorTotalFormula.set("");
        loading = true;
        try {
            CalculatorValues cv = r == null ? null : r.calculator();
            loaded = cv;
            for (MemoryComponent c : MemoryComponent.values()) {
                Long v = cv == null ? null : cv.components().get(c);
                calculatorFields.get(c).set(v == null ? "" : CalculatorInput.format(v, unit.get()));
            }
            calculatorTotal.set(cv == null || cv.totalBytes() == null ? "" : CalculatorInput.format(cv.totalBytes(), unit.get()));
            calculatorSource.set(cv == null ? "manual" : cv.source());
            if (cv != null) {
                cv.formulas().forEach((c, f) -> calculatorFormulas.get(c).set(f));
                calculatorTotalFormula.set(cv.totalFormula() == null ? "" : cv.totalFormula());
            }
            if (r != null && r.tolerancePct() != null) {
                tolerancePct.set(r.tolerancePct());
            }
        } finally {
            loading = false;
        }
        summary.set(r == null ? RunSummary.EMPTY : RunSummary.of(r, unit.get()));
        recompute();
    }

    /** Switching GB/GiB keeps the typed sizes and shows them in the new unit. */
    private void convertFields(MemoryUnit from, MemoryUnit to) {
        loading = true;
        try {
            calculatorFields.forEach((c, p) -> convert(p, from, to, loaded == null ? null : loaded.components().get(c)));
            convert(calculatorTotal, from, to, loaded == null ? null : loaded.totalBytes());
        } finally {
            loading = false;
        }
        summary.set(report.get() == null ? RunSummary.EMPTY : RunSummary.of(report.get(), to));
        recompute();
    }

    private static void convert(StringProperty p, MemoryUnit from, MemoryUnit to, Long reportBytes) {
        Long bytes = fieldBytes(p.get(), reportBytes, from);
        if (bytes != null) {
            p.set(CalculatorInput.format(bytes, to));
        }
    }

    private void userEdited() {
        if (!loading) {
            calculatorSource.set("manual");
        }
        recompute();
    }

    private void recompute() {
        if (loading) {
            return;
        }
        inputProblem.set(firstProblem());
        ProfileReport r = report.get();
        CalculatorValues cv = calculatorValues();
        ComparisonResult result = r == null || cv == null ? null
                : MemoryComparison.compare(r.account(), cv, tolerancePct.get()).orElse(null);
        comparison.set(result);
        rows.setAll(result == null ? java.util.List.of() : rowItems(result));
        accountRows.setAll(r == null ? java.util.List.of() : accountItems(r.account()));
        accountTable.setAll(r == null ? java.util.List.of() : tableRows(r.account(), cv, result));
        accountBars.set(r == null ? AccountBars.EMPTY : AccountBars.of(r.account(), cv, unit.get()));
        banner.set(r == null ? "" : ComparisonText.banner(r));
        bars.set(r == null ? BreakdownBars.EMPTY : BreakdownBars.of(r.account(), cv, unit.get()));
        updateVerdict(r, cv, result);
    }

    private String firstProblem() {
        for (MemoryComponent c : MemoryComponent.values()) {
            String p = CalculatorInput.problem(calculatorFields.get(c).get());
            if (p != null) {
                return c.displayName() + ": " + p;
            }
        }
        String p = CalculatorInput.problem(calculatorTotal.get());
        return p == null ? "" : "Total: " + p;
    }

    private void updateVerdict(ProfileReport r, CalculatorValues cv, ComparisonResult result) {
        if (r == null) {
            setVerdict("No report", "Open a report or run a profile.", "none", false);
        } else if (result == null) {
            String hint = cv == null ? "Type the calculator's values per component, or only its total."
                    : "Give the total, or all four components.";
            setVerdict("No calculator values", hint, "none", false);
        } else {
            String style = ComparisonText.style(result);
            setVerdict(ComparisonText.headline(result), ComparisonText.detail(result, unit.get()),
                    style.equals("pass") ? "ok" : style.equals("fail") ? "bad" : "none", result.passed());
        }
    }

    private void setVerdict(String text, String detail, String style, boolean passed) {
        verdictText.set(text);
        verdictDetail.set(detail);
        verdictStyle.set(style);
        pass.set(passed);
    }

    private java.util.List<ComparisonRowItem> rowItems(ComparisonResult result) {
        java.util.List<ComparisonRowItem> items = new java.util.ArrayList<>();
        result.rows().forEach(row -> items.add(item(row)));
        items.add(item(result.total()));
        return items;
    }

    private ComparisonRowItem item(ComparisonRow row) {
        MemoryUnit u = unit.get();
        return new ComparisonRowItem(row.label(), Format.number(row.actualBytes(), u), Format.number(row.calculatedBytes(), u),
                Format.signedNumber(row.diffBytes(), u), Format.percent(row.percentDiff()), row.verdictLabel(),
                row.verdict() == null ? "none" : row.verdict().tag(), row.advice(), row.actualSource(),
                row.actualKind().tag());
    }

    /** The components typed so far (each as soon as it parses), whether or not the comparison can judge yet. */
    private Map<MemoryComponent, Long> typedComponents() {
        Map<MemoryComponent, Long> typed = new EnumMap<>(MemoryComponent.class);
        for (MemoryComponent c : MemoryComponent.values()) {
            Long v = fieldBytes(calculatorFields.get(c).get(), loaded == null ? null : loaded.components().get(c));
            if (v != null) {
                typed.put(c, v);
            }
        }
        return typed;
    }

    private java.util.List<AccountTableRow> tableRows(MemoryAccount account, CalculatorValues cv,
                                                      ComparisonResult result) {
        MemoryUnit u = unit.get();
        Map<MemoryComponent, Long> measured = account.calculatorComponents();
        Map<MemoryComponent, Long> typed = typedComponents();
        java.util.List<AccountTableRow> out = new java.util.ArrayList<>();
        for (MemoryComponent c : MemoryComponent.values()) {
            ComparisonRow row = result == null ? null
                    : result.rows().stream().filter(x -> x.component() == c).findFirst().orElse(null);
            String source = account.calculatorSources(c);
            out.add(judged(c.displayName(), Format.size(measured.get(c), u), account.calculatorKind(c).tag(),
                    source == null || source.isEmpty() ? Format.UNKNOWN : source, typed.get(c), row, u, false,
                    howMeasured(account, c)));
            if (c == MemoryComponent.FRAMEWORK_OVERHEAD) {
                for (AccountItem i : account.items()) {
                    if (i.component().calculatorComponent() == c && (i.bytes() == null || i.bytes() != 0)) {
                        out.add(new AccountTableRow("  " + i.component().displayName(), Format.size(i.bytes(), u),
                                i.kind().tag(), i.source() == null ? Format.UNKNOWN : i.source().tag(), "", "", "", "",
                                "none", i.note() == null ? "" : i.note(), true, false));
                    }
                }
            }
        }
        Long typedTotal = cv == null ? null : cv.effectiveTotal().orElse(null);
        out.add(judged(HumanNames.TOTAL, Format.size(account.totalBytes(), u), account.totalBytes() == null ? "unknown" : "measured",
                account.totalSource() == null ? Format.UNKNOWN : account.totalSource().tag(), typedTotal,
                result == null ? null : result.total(), u, true,
                account.totalNote() == null ? "" : account.totalNote()));
        return out;
    }

    /** How the account measured a component (its item's note), for the column the advice takes once compared. */
    private static String howMeasured(MemoryAccount account, MemoryComponent c) {
        for (AccountItem i : account.items()) {
            if (i.component().calculatorComponent() == c && i.component() != AccountComponent.UNATTRIBUTED
                    && c != MemoryComponent.FRAMEWORK_OVERHEAD && i.note() != null) {
                return i.note();
            }
        }
        return "";
    }

    private static AccountTableRow judged(String name, String measured, String kind, String source, Long typed,
                                          ComparisonRow row, MemoryUnit u, boolean total, String how) {
        String calculated = typed == null ? "" : Format.size(typed, u);
        if (row == null) {
            return new AccountTableRow(name, measured, kind, source, calculated, "", "", "", "none", how, false, total);
        }
        return new AccountTableRow(name, measured, kind, source, calculated, Format.signedNumber(row.diffBytes(), u),
                Format.percent(row.percentDiff()), row.verdictLabel(), row.verdict() == null ? "none" : row.verdict().tag(),
                row.advice() == null ? "" : row.advice(), false, total);
    }

    private java.util.List<AccountRowItem> accountItems(MemoryAccount account) {
        MemoryUnit u = unit.get();
        java.util.List<AccountRowItem> items = new java.util.ArrayList<>();
        for (AccountItem i : account.items()) {
            items.add(new AccountRowItem(i.component().displayName(), Format.size(i.bytes(), u), i.kind().tag(),
                    i.source() == null ? "—" : i.source().tag(), i.note(),
                    i.component() == AccountComponent.UNATTRIBUTED && account.isInconsistent(), false));
        }
        if (account.totalBytes() != null) {
            items.add(new AccountRowItem(HumanNames.TOTAL, Format.size(account.totalBytes(), u), "measured",
                    account.totalSource().tag(), account.totalNote(), false, true));
        }
        return items;
    }
}
