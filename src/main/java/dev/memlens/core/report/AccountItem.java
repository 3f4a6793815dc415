package dev.memlens.core.report;

import java.util.Objects;

/**
 * One line of the memory account. {@code bytes} is null exactly when the kind is {@link FigureKind#UNKNOWN}; a
 * formula's figure is never {@link FigureKind#MEASURED}.
 */
public record AccountItem(AccountComponent component, Long bytes, FigureKind kind, FigureSource source, String note) {
    public AccountItem {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(kind, "kind");
        note = note == null ? "" : note;
        if ((bytes == null) != (kind == FigureKind.UNKNOWN)) {
            throw new IllegalArgumentException(component.tag() + ": an unknown figure has no bytes, a known one has bytes");
        }
        if (kind == FigureKind.MEASURED && (source == FigureSource.FORMULA || source == FigureSource.RESIDUAL)) {
            throw new IllegalArgumentException(component.tag() + ": a " + source.tag() + " figure is not measured");
        }
        if (kind != FigureKind.UNKNOWN) {
            Objects.requireNonNull(source, "source");
        }
    }

    public static AccountItem measured(AccountComponent c, long bytes, FigureSource source, String note) {
        return new AccountItem(c, bytes, FigureKind.MEASURED, source, note);
    }

    public static AccountItem derived(AccountComponent c, long bytes, FigureSource source, String note) {
        return new AccountItem(c, bytes, FigureKind.DERIVED, source, note);
    }

    public static AccountItem residual(AccountComponent c, long bytes, String note) {
        return new AccountItem(c, bytes, FigureKind.RESIDUAL, FigureSource.RESIDUAL, note);
    }

    public static AccountItem unknown(AccountComponent c, String note) {
        return new AccountItem(c, null, FigureKind.UNKNOWN, null, note);
    }

    public boolean isKnown() {
        return bytes != null;
    }
}
