package dev.memlens.app.main;

/** An error to show the user: what happened and what to do. */
public record UserError(String title, String message) {
}
