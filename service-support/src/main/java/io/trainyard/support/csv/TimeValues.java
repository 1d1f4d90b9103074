package io.trainyard.support.csv;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.OptionalLong;

/**
 * The values a dataset's time column may hold, read the same way by the upload (which refuses anything else) and
 * by the worker (which orders the rows by them): an ISO date ({@code 2001-12-29}), an ISO timestamp with a zone
 * or offset ({@code 2001-12-29T10:15:30Z}, {@code ...+01:00}) or without one ({@code 2001-12-29T10:15:30}, read
 * as UTC), or a compact date ({@code 20011229}). Each becomes epoch milliseconds, so values of different forms
 * still sort by the instant they name.
 */
public final class TimeValues {
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    private TimeValues() {
    }

    /** Epoch milliseconds of the value, or empty when it is none of the accepted forms. */
    public static OptionalLong parse(String value) {
        String text = value == null ? "" : value.strip();
        try {
            if (text.length() == 8 && text.chars().allMatch(Character::isDigit)) {
                return OptionalLong.of(millis(LocalDate.parse(text, COMPACT).atStartOfDay()));
            }
            if (text.length() == 10) {
                return OptionalLong.of(millis(LocalDate.parse(text).atStartOfDay()));
            }
            if (text.length() > 10 && hasZone(text)) {
                return OptionalLong.of(OffsetDateTime.parse(text).toInstant().toEpochMilli());
            }
            if (text.length() > 10) {
                return OptionalLong.of(millis(LocalDateTime.parse(text)));
            }
        } catch (DateTimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** What the upload says of a value that is not a time. */
    public static String expected() {
        return "an ISO date (2001-12-29), an ISO timestamp with or without a zone (2001-12-29T10:15:30Z) or a"
                + " compact date (20011229)";
    }

    private static boolean hasZone(String text) {
        char last = text.charAt(text.length() - 1);
        if (last == 'Z' || last == 'z') {
            return true;
        }
        int time = text.indexOf('T') >= 0 ? text.indexOf('T') : text.indexOf('t');
        return time > 0 && (text.indexOf('+', time) > 0 || text.indexOf('-', time) > 0);
    }

    private static long millis(LocalDateTime local) {
        return local.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
