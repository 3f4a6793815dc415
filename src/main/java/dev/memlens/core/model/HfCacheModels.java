package dev.memlens.core.model;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The models in the local Hugging Face cache: its {@code models--org--name} folders, as "org/name" ids. */
public final class HfCacheModels {
    private static final String PREFIX = "models--";

    private HfCacheModels() {
    }

    /** The hub folder that {@link ModelSpecs#fromHfCache} reads (HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub). */
    public static Path hubDir(Map<String, String> env) {
        return ModelSpecs.hubDir(env);
    }

    /** Model ids sorted case-insensitively; an absent cache is an empty list. */
    public static List<String> list(Map<String, String> env) throws IOException {
        Path hub = hubDir(env);
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(hub)) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(hub, PREFIX + "*")) {
            for (Path d : dirs) {
                if (Files.isDirectory(d)) {
                    ids.add(d.getFileName().toString().substring(PREFIX.length()).replace("--", "/"));
                }
            }
        }
        ids.sort(String.CASE_INSENSITIVE_ORDER);
        return ids;
    }
}
