package dev.memlens.core.settings;

import dev.memlens.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The SSH hosts last connected to, newest first, one "[USER@]HOST[:PORT]" a line (no credentials: ssh has them). */
public final class RecentHosts {
    public static final int MAX = 8;
    private final Path store;
    private final List<String> hosts = new ArrayList<>();

    public RecentHosts(Path store) {
        this.store = store;
        try {
            if (Files.isRegularFile(store)) {
                Files.readAllLines(store).stream().map(String::strip).filter(l -> !l.isEmpty()).limit(MAX)
                        .forEach(hosts::add);
            }
        } catch (IOException | RuntimeException e) {
            hosts.clear(); // a damaged list only loses the recent entries
        }
    }

    public synchronized List<String> list() {
        return List.copyOf(hosts);
    }

    public synchronized void add(String host) throws IOException {
        String h = host.strip();
        hosts.remove(h);
        hosts.add(0, h);
        while (hosts.size() > MAX) {
            hosts.remove(hosts.size() - 1);
        }
        AtomicFiles.writeString(store, String.join("\n", hosts) + "\n");
    }
}
