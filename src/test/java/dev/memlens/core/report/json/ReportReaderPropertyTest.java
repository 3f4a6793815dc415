package dev.memlens.core.report.json;

import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any JSON-like text is a report or a one-line ReportFormatException; a total read back is never negative. */
class ReportReaderPropertyTest {
    @Property(tries = 500)
    void arbitraryReportsAreReadOrRefusedInOneLine(@ForAll("reportLikeJson") String json) {
        try {
            ProfileReport report = ReportReader.parse(json, "gen.json");
            Long total = report.account().totalBytes();
            assertTrue(total == null || total >= 0, json);
        } catch (ReportFormatException refused) {
            assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
            assertTrue(refused.getMessage().startsWith("gen.json"), refused.getMessage());
        }
    }

    @Provide
    Arbitrary<String> reportLikeJson() {
        Arbitrary<String> key = Arbitraries.of("model_weights_bytes", "model_weights_gb", "kv_cache_bytes",
                "kv_cache_gb", "activations_gb", "total_measured_bytes", "peak_memory_gb", "x");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf).filter(s -> !s.contains("N") && !s.contains("I")),
                Arbitraries.of("99999999999999999999", "-1", "1e308", "1e400", "\"12\"", "null", "[]", "{}", "true",
                        "-0.0", "0"));
        Arbitrary<String> field = key.flatMap(k -> value.map(v -> "\"" + k + "\": " + v));
        return field.list().ofMaxSize(6).map(fields -> "{\"memory_breakdown\": {" + String.join(", ", fields) + "}}");
    }
}
