package dev.memlens.app;

import java.nio.file.Path;

/**
 * A model as a short label: a Hugging Face id stays as it is ("meta-llama/Llama-3.1-8B"); a local path becomes its
 * folder's name ("/models/llama3-8b/config.json" → "llama3-8b"), so lists of runs do not all read "/home/…".
 */
public final class ModelLabel {
    private ModelLabel() {
    }

    public static String of(String model) {
        if (model == null || model.isBlank()) {
            return "";
        }
        String m = model.trim();
        boolean path = m.startsWith("/") || m.startsWith(".") || m.startsWith("~") || m.contains("\\")
                || m.endsWith(".json") || m.matches("^[A-Za-z]:.*");
        if (!path) {
            return m;
        }
        try {
            Path p = Path.of(m.replace('\\', '/'));
            Path name = p.getFileName();
            if (name != null && name.toString().equals("config.json") && p.getParent() != null
                    && p.getParent().getFileName() != null) {
                name = p.getParent().getFileName();
            }
            return name == null ? m : name.toString();
        } catch (RuntimeException e) {
            return m;
        }
    }
}
