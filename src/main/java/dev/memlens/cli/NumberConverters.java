package dev.memlens.cli;

import java.math.BigInteger;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * The number converters of every option, in the project's words: decimals must be finite (no NaN, no Infinity, no
 * hex), whole numbers must fit their type instead of picocli's "'abc' is not a long".
 */
final class NumberConverters {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");

    private NumberConverters() {
    }

    static CommandLine registerOn(CommandLine commandLine) {
        CommandLine.ITypeConverter<Double> decimal = NumberConverters::decimal;
        CommandLine.ITypeConverter<Integer> integer = text -> (int) whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
        CommandLine.ITypeConverter<Long> longInteger = text -> whole(text, Long.MIN_VALUE, Long.MAX_VALUE);
        return commandLine.registerConverter(Double.class, decimal).registerConverter(Double.TYPE, decimal)
                .registerConverter(Integer.class, integer).registerConverter(Integer.TYPE, integer)
                .registerConverter(Long.class, longInteger).registerConverter(Long.TYPE, longInteger);
    }

    static double decimal(String text) {
        String t = text.strip();
        if (!DECIMAL.matcher(t).matches()) {
            throw new TypeConversionException("'" + text + "' is not a number: give a decimal such as 10 or 2.5");
        }
        double value = Double.parseDouble(t);
        if (!Double.isFinite(value)) {
            throw new TypeConversionException("'" + text + "' is too large: give a decimal such as 10 or 2.5");
        }
        return value;
    }

    static long whole(String text, long min, long max) {
        String t = text.strip();
        if (!WHOLE.matcher(t).matches()) {
            throw new TypeConversionException("'" + text + "' is not a whole number: give digits only, such as 8");
        }
        BigInteger value = new BigInteger(t);
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new TypeConversionException("'" + text + "' is out of range: give a whole number from " + min
                    + " to " + max);
        }
        return value.longValueExact();
    }
}
