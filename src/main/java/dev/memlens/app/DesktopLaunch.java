package dev.memlens.app;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javafx.application.Application;

/**
 * Starts the desktop app, or says in one line why it cannot (no display, as in a plain SSH session) and how to use
 * the command-line tool instead. Exit code 2, as for any unusable input: nothing ran.
 */
public final class DesktopLaunch {
    /** Kept strongly: java.util.logging holds loggers weakly, and a collected logger loses its filter. */
    private static final Logger JAVAFX_LOGGER = Logger.getLogger("javafx");

    private DesktopLaunch() {
    }

    /** Runs the app until its window closes: 0, or 2 when there is no display to open it on. */
    public static int launch(String[] args) {
        Optional<String> missing = missingDisplay(System.getenv(), System.getProperty("os.name", ""),
                System.getProperty("glass.platform"));
        if (missing.isPresent()) {
            System.err.println(missing.get());
            return 2;
        }
        quietClassPathNotice();
        try {
            Application.launch(MemLensApp.class, args);
            return 0;
        } catch (UnsupportedOperationException e) {
            // GTK could not open the display DISPLAY names (a forwarded X11 that is gone, a wrong :N)
            if (String.valueOf(e.getMessage()).contains("DISPLAY")) {
                System.err.println(noDisplayLine("DISPLAY=" + System.getenv("DISPLAY") + " cannot be opened"));
                return 2;
            }
            throw e;
        }
    }

    /** Why no window can open here, or empty when it can (Linux needs an X11 display; Monocle needs none). */
    static Optional<String> missingDisplay(Map<String, String> env, String osName, String glassPlatform) {
        if (!osName.toLowerCase(java.util.Locale.ROOT).contains("linux") || "Monocle".equalsIgnoreCase(glassPlatform)) {
            return Optional.empty();
        }
        String display = env.get("DISPLAY");
        if (display == null || display.isBlank()) {
            return Optional.of(noDisplayLine("DISPLAY is not set"));
        }
        return Optional.empty();
    }

    static String noDisplayLine(String why) {
        return "memlens: no display for the desktop app (" + why + "); use the command line instead, e.g."
                + " 'memlens bench --model MODEL' or 'memlens compare run.json', 'memlens --help' lists the commands"
                + " (or connect with ssh -X, or run under xvfb-run)";
    }

    /**
     * JavaFX warns at every start that it was loaded from the class path; MemLens's single jar does that on purpose
     * (see {@code dev.memlens.MemLens}), so that one notice is dropped. Other JavaFX warnings still print.
     */
    public static void quietClassPathNotice() {
        JAVAFX_LOGGER.setFilter(r -> r.getMessage() == null
                || !r.getMessage().startsWith("Unsupported JavaFX configuration: classes were loaded from"));
    }
}
