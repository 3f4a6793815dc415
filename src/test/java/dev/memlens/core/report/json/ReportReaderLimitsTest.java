package dev.memlens.core.report.json;

import dev.memlens.core.report.ReportFormatException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reports past the readers' limits and sizes that do not fit are refused with one line, never a stack trace. */
class ReportReaderLimitsTest {
    private static ReportFormatException refused(String json) {
        return assertThrows(ReportFormatException.class, () -> ReportReader.parse(json, "r.json"));
    }

    private static String breakdown(String fields) {
        return "{\"memory_breakdown\": {" + fields + "}}";
    }

    @Test
    void nestingPastTheLimitIsOneLine() {
        ReportFormatException e = refused("{\"a\":" + "[".repeat(1001) + "]".repeat(1001) + "}");
        assertTrue(e.getMessage().startsWith("r.json: the JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("is past MemLens's limits (nested deeper than 200 levels)"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aThousandDigitNumberIsRefused() {
        ReportFormatException e = refused(breakdown("\"model_weights_bytes\": " + "9".repeat(1001)));
        assertTrue(e.getMessage().contains("(a number longer than 100 characters)"), e.getMessage());
    }

    @Test
    void aHugeStringIsRefused() {
        ReportFormatException e = refused("{\"model_info\": {\"name\": \"" + "x".repeat((8 << 20) + 1) + "\"}}");
        assertTrue(e.getMessage().contains("(a text value longer than 8388608 characters)"), e.getMessage());
    }

    @Test
    void twentyDigitSizesAreRefusedNotWrapped() {
        ReportFormatException e = refused(breakdown("\"model_weights_bytes\": 99999999999999999999"));
        assertEquals("r.json: field 'memory_breakdown.model_weights_bytes': the number 99999999999999999999 is too"
                + " large for MemLens (at most 9223372036854775807): correct the value in the file", e.getMessage());
    }

    @Test
    void negativeSizesAreRefused() {
        ReportFormatException bytes = refused(breakdown("\"model_weights_bytes\": -1"));
        assertTrue(bytes.getMessage().contains("a memory size cannot be negative, found -1"), bytes.getMessage());
        ReportFormatException gb = refused(breakdown("\"model_weights_gb\": -2.5"));
        assertTrue(gb.getMessage().contains("field 'memory_breakdown.model_weights_gb': a memory size must be from 0"),
                gb.getMessage());
    }

    @Test
    void gigabytesPastALongAreRefused() {
        ReportFormatException e = refused(breakdown("\"model_weights_gb\": 1e300"));
        assertTrue(e.getMessage().contains("a memory size must be from 0 to 9223372036 GB, found 1.0E300"),
                e.getMessage());
    }

    @Test
    void nonFiniteNumbersAreRefused() {
        ReportFormatException e = refused("{\"memory_breakdown\": {\"model_weights_bytes\": 1}, \"tolerance_pct\": 1e400}");
        assertTrue(e.getMessage().contains("field 'tolerance_pct': the number"), e.getMessage());
    }
}
