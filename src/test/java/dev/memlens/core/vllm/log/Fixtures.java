package dev.memlens.core.vllm.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Locates the project's own vLLM fixtures under src/test/resources/vllm. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path path(String name) {
        try {
            var url = Fixtures.class.getResource("/vllm/" + name);
            if (url == null) {
                throw new UncheckedIOException(new IOException("missing test fixture vllm/" + name));
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static VllmStartupReport parse(String name) {
        try {
            return VllmLogParser.parse(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
