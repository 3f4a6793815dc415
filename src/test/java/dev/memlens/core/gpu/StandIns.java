package dev.memlens.core.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/** Copies stand-in tools from test resources into a temp bin dir and builds the environment that puts it first. */
public final class StandIns {
    private StandIns() {
    }

    /** Installs the named stand-ins (e.g. "nvidia-smi") into {@code dir}/bin; returns an environment for them. */
    public static Map<String, String> install(Path dir, String... tools) {
        Path bin = dir.resolve("bin");
        try {
            Files.createDirectories(bin);
            for (String tool : tools) {
                Path target = bin.resolve(tool);
                try (InputStream in = StandIns.class.getResourceAsStream("/gpu/standins/" + tool)) {
                    if (in == null) {
                        throw new IllegalArgumentException("no stand-in " + tool);
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().setExecutable(true);
            }
            Path formats = dir.resolve("formats");
            Files.createDirectories(formats);
            for (String name : new String[] {"amd-smi-metric-rocm6.json", "amd-smi-metric-rocm7.json",
                    "amd-smi-static-asic.json", "amd-smi-list.json", "rocm-smi-meminfo.json"}) {
                try (InputStream in = StandIns.class.getResourceAsStream("/gpu/formats/" + name)) {
                    Files.copy(in, formats.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("STANDIN_STATE", dir.toString());
        env.put("STANDIN_FIXTURES", formats(dir).toString());
        return env;
    }

    public static Path formats(Path dir) {
        return dir.resolve("formats");
    }

    /** A PATH with none of the GPU tools (only the system dirs, which on a test machine have none). */
    public static Map<String, String> emptyPath(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", dir.resolve("empty-bin").toString());
        return env;
    }

    public static Path resource(String relative) {
        try {
            return Path.of(StandIns.class.getResource("/gpu/" + relative).toURI());
        } catch (Exception e) {
            throw new IllegalArgumentException("missing test resource gpu/" + relative, e);
        }
    }
}
