package dev.memlens.core.report;

import java.util.Objects;

/** One measured memory figure in bytes, with where it came from and, for formulas, how it was computed. */
public record MeasuredFigure(long bytes, FigureSource source, String note) {
    public MeasuredFigure {
        Objects.requireNonNull(source, "source");
        note = note == null ? "" : note;
    }

    public static MeasuredFigure of(long bytes, FigureSource source) {
        return new MeasuredFigure(bytes, source, "");
    }
}
