package dev.memlens.core.io;

import java.nio.file.Path;

/**
 * Paths as people write and read them: "~/models/llama3-8b" for a folder under the home directory. The app shows
 * paths under the home abbreviated (the status line, History's folder) and accepts "~/…" where it takes a path.
 */
public final class HomePaths {
    private HomePaths() {
    }

    /** The user's home directory, as the JVM knows it. */
    public static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    /** "/home/ana/models/x" → "~/models/x" under {@link #home()}; any other path as it is. */
    public static String abbreviate(Path path) {
        return abbreviate(path, home());
    }

    public static String abbreviate(Path path, Path home) {
        Path p = path.toAbsolutePath().normalize();
        Path h = home.toAbsolutePath().normalize();
        if (p.equals(h)) {
            return "~";
        }
        return p.startsWith(h) && h.getNameCount() > 0 ? "~/" + h.relativize(p).toString().replace('\\', '/')
                : path.toString();
    }

    /** "~" and "~/x" → under the given home; any other text as it is. */
    public static String expand(String text, String home) {
        if (text == null || home == null || home.isEmpty()) {
            return text;
        }
        if (text.equals("~")) {
            return home;
        }
        return text.startsWith("~/") ? Path.of(home, text.substring(2)).toString() : text;
    }
}
