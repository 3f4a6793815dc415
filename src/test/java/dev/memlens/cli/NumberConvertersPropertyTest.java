package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import picocli.CommandLine.TypeConversionException;

/** Every flag text converts to a finite number in range or is refused in the project's words. */
class NumberConvertersPropertyTest {
    @Property(tries = 1000)
    void decimalsAreFiniteOrRefused(@ForAll String text) {
        try {
            assertTrue(Double.isFinite(NumberConverters.decimal(text)));
        } catch (TypeConversionException refused) {
            assertTrue(refused.getMessage().startsWith("'" + text + "' is "), refused.getMessage());
        }
    }

    @Property(tries = 1000)
    void wholeNumbersFitOrAreRefused(@ForAll String text) {
        try {
            long v = NumberConverters.whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
            assertEquals(v, (int) v);
        } catch (TypeConversionException refused) {
            assertTrue(refused.getMessage().startsWith("'" + text + "' is "), refused.getMessage());
        }
    }

    @Property
    void everyLongRoundTrips(@ForAll long value) {
        assertEquals(value, NumberConverters.whole(Long.toString(value), Long.MIN_VALUE, Long.MAX_VALUE));
    }
}
