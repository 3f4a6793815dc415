package dev.memlens.core.prometheus;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time given on the command line: "now", a time relative to now ("-1h", "-30m", "-90s", "-2d"), an RFC 3339 time
 * with zone ("2026-12-01T09:00:00Z") or Unix seconds ("1764579600.5").
 */
public final class TimeArgument {
    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern UNIX = Pattern.compile("\\d{9,11}(\\.\\d{1,9})?");

    private TimeArgument() {
    }

    /** @param option the option's name, for the message */
    public static Instant parse(String option, String text, Instant now) throws PrometheusException {
        String t = text.strip();
        if (t.equals("now")) {
            return now;
        }
        Matcher relative = RELATIVE.matcher(t);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration ago = switch (relative.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(ago);
        }
        if (UNIX.matcher(t).matches()) {
            return Instant.ofEpochMilli(new BigDecimal(t).movePointRight(3).longValue());
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new PrometheusException(option + " " + text + " is not a time: give \"now\", a time ago like -1h, "
                    + "-30m or -90s, an RFC 3339 time with zone like 2026-12-01T09:00:00Z, or Unix seconds");
        }
    }
}
