package dev.memlens.app.history;

import dev.memlens.core.report.ProfileReport;
import java.util.Objects;

/** Two saved runs to show on one chart, with the names the overlay gives them. */
public record RunOverlay(ProfileReport first, String firstName, ProfileReport second, String secondName) {
    public RunOverlay {
        Objects.requireNonNull(first);
        Objects.requireNonNull(second);
    }
}
