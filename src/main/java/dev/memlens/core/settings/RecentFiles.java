package dev.memlens.core.settings;

import dev.memlens.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The most recently opened reports, newest first, kept in a plain text file (one absolute path a line). */
public final class RecentFiles {
    public static final int MAX = 10;
    private final Path store;
    private final List<Path> paths = new ArrayList<>();

    public RecentFiles(Path store) {
        this.store = store;
        try {
            if (Files.isRegularFile(store)) {
                for (String line : Files.readAllLines(store)) {
                    if (!line.isBlank() && paths.size() < MAX) {
                        paths.add(Path.of(line.trim()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // a damaged list only loses the recent entries; the app keeps working
            paths.clear();
        }
    }

    public synchronized List<Path> list() {
        return List.copyOf(paths);
    }

    public synchronized void add(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        paths.remove(absolute);
        paths.add(0, absolute);
        while (paths.size() > MAX) {
            paths.remove(paths.size() - 1);
        }
        StringBuilder sb = new StringBuilder();
        paths.forEach(p -> sb.append(p).append('\n'));
        AtomicFiles.writeString(store, sb.toString());
    }
}
