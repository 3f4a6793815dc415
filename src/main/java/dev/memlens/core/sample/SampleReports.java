package dev.memlens.core.sample;

import dev.memlens.core.report.ProfileReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bundled sample: a real run recorded on an NVIDIA H200, shown at first start. */
public final class SampleReports {
    public static final String BUNDLED_CASE = "llama2-7b-b8-256-256";
    private static final String BASE = "/dev/memlens/sample/" + BUNDLED_CASE + "/";

    private SampleReports() {
    }

    public static ProfileReport bundledH200Run() {
        try {
            return RecordedTransformersRun.build("Llama-2-7B", resource("config.json"), resource("run.json"),
                    resource("nvidia-smi.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled sample run is damaged: " + e.getMessage(), e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SampleReports.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IOException("missing resource " + BASE + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
