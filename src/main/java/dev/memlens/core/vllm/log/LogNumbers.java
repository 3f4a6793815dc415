package dev.memlens.core.vllm.log;

import dev.memlens.core.units.Bytes;

/** The numbers of vLLM's log lines as exact values: sizes in bytes, counts; a figure no vLLM prints is refused. */
final class LogNumbers {
    private LogNumbers() {
    }

    /** A figure that cannot be taken as it is; the line is skipped and named. */
    static final class InvalidValue extends RuntimeException {
        InvalidValue(String message) {
            super(message, null, false, false);
        }
    }

    static long gib(String number) {
        return bytes(number, "GiB");
    }

    /** Exact bytes of a figure; one past a long's range is refused, never clamped. */
    static long bytes(String number, String unit) {
        double v = Double.parseDouble(number);
        double perUnit = switch (unit) {
            case "GB" -> Bytes.GB;
            case "MiB" -> Bytes.MIB;
            case "MB" -> 1e6;
            default -> Bytes.GIB;
        };
        if (!(Math.abs(v * perUnit) < 0x1p63)) {
            throw new InvalidValue("the size " + number + " " + unit + " is too large");
        }
        return Math.round(v * perUnit);
    }

    /** "1,428,896" → 1428896. */
    static double count(String withSeparators) {
        return wholeNumber(withSeparators.replace(",", ""));
    }

    static long wholeNumber(String digits) {
        if (digits.length() > 18 && new java.math.BigInteger(digits).bitLength() > 62) {
            throw new InvalidValue("the number " + digits + " is too large");
        }
        return Long.parseLong(digits);
    }
}
