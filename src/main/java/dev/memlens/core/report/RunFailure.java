package dev.memlens.core.report;

/** A recognised failure of the run with the advice shown to the user. */
public record RunFailure(String kind, String message, String advice) {
}
