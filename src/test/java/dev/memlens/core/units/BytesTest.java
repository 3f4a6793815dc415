package dev.memlens.core.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BytesTest {
    @Test
    void gbIsDecimalAndGibIsBinary() {
        assertEquals(1_000_000_000L, Bytes.fromGb(1));
        assertEquals(1L << 30, Bytes.fromGib(1));
        assertEquals(143771L * 1024 * 1024, Bytes.fromMib(143771));
        assertEquals(14.96, Bytes.toGib(Bytes.fromGib(14.96)), 1e-9);
    }

    @Test
    void formatLabelsTheUnit() {
        assertEquals("1.07 GB", Bytes.format(1L << 30, MemoryUnit.GB));
        assertEquals("1.00 GiB", Bytes.format(1L << 30, MemoryUnit.GIB));
    }

    @Test
    void unitParsingNamesTheChoices() {
        assertEquals(MemoryUnit.GIB, MemoryUnit.parse("GiB"));
        var e = assertThrows(IllegalArgumentException.class, () -> MemoryUnit.parse("tb"));
        assertEquals("unknown unit 'tb': use gb (1e9 bytes) or gib (2^30 bytes)", e.getMessage());
    }
}
