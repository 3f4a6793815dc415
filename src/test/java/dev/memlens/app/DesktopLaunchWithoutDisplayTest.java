package dev.memlens.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real `memlens` JVM started with no arguments where no window can open: one line, exit 2, no stack trace. */
class DesktopLaunchWithoutDisplayTest {
    @TempDir
    Path dir;

    @Test
    void withoutDisplayItSaysSoInOneLineAndExits2() throws Exception {
        List<String> out = runDesktop(null);
        assertEquals(1, out.size(), String.join("\n", out));
        assertTrue(out.get(0).startsWith("memlens: no display for the desktop app (DISPLAY is not set)"), out.get(0));
        assertTrue(out.get(0).contains("memlens --help"), out.get(0));
    }

    @Test
    void aDisplayThatCannotBeOpenedIsOneLineAndExit2Too() throws Exception {
        List<String> out = runDesktop(":97"); // no X server listens there on a build machine
        assertEquals(1, out.size(), String.join("\n", out));
        assertTrue(out.get(0).startsWith("memlens: no display for the desktop app (DISPLAY=:97 cannot be opened)"),
                out.get(0));
    }

    @Test
    void monocleAndOtherSystemsNeedNoDisplayVariable() {
        assertTrue(DesktopLaunch.missingDisplay(Map.of(), "Linux", "Monocle").isEmpty());
        assertTrue(DesktopLaunch.missingDisplay(Map.of(), "Windows 11", null).isEmpty());
        assertTrue(DesktopLaunch.missingDisplay(Map.of("DISPLAY", ":0"), "Linux", null).isEmpty());
        assertTrue(DesktopLaunch.missingDisplay(Map.of("DISPLAY", " "), "Linux", null).isPresent());
    }

    private List<String> runDesktop(String display) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = dir.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.memlens.MemLens")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        if (display != null) {
            pb.environment().put("DISPLAY", display);
        }
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "memlens did not end");
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(2, p.exitValue(), String.join("\n", lines));
        return lines;
    }
}
