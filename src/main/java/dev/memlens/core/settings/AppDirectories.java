package dev.memlens.core.settings;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where MemLens keeps run data ({@code $XDG_DATA_HOME/memlens}, default ~/.local/share/memlens) and settings
 * ({@code $XDG_CONFIG_HOME/memlens}, default ~/.config/memlens).
 */
public record AppDirectories(Path dataDir, Path configDir) {

    public static AppDirectories fromEnvironment() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public static AppDirectories from(Map<String, String> env, Path home) {
        return new AppDirectories(base(env.get("XDG_DATA_HOME"), home.resolve(".local/share")).resolve("memlens"),
                base(env.get("XDG_CONFIG_HOME"), home.resolve(".config")).resolve("memlens"));
    }

    /** XDG says a relative value is invalid and must be ignored. */
    private static Path base(String value, Path fallback) {
        return value == null || value.isBlank() || !Path.of(value).isAbsolute() ? fallback : Path.of(value);
    }

    public Path runsDir() {
        return dataDir.resolve("runs");
    }
}
