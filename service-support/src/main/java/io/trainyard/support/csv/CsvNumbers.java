package io.trainyard.support.csv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Numbers in dataset values, read from their bytes as {@link Double#parseDouble} reads them, without a String
 * (and without an exception per text value) in the common cases: plain decimals, and words that cannot be
 * numbers. Anything else (exponents, hexadecimal, type suffixes) goes through {@link Double#parseDouble}.
 */
public final class CsvNumbers {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    /** Up to 15 significant digits and 22 decimals, m / 10^k is exact on both sides and so correctly rounded. */
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private CsvNumbers() {
    }

    /** Whether the value (trimmed, as values are) is a number {@link Double#parseDouble} reads as finite. */
    public static boolean isFiniteNumber(byte[] b, int start, int end) {
        int i = start < end && (b[start] == '+' || b[start] == '-') ? start + 1 : start;
        if (i == end || !(isDigit(b[i]) || b[i] == '.')) {
            // Words, NaN and Infinity alike: none of them is a finite number.
            return false;
        }
        if (isShortDecimal(b, i, end)) {
            return true;
        }
        int digits = 0;
        int integerDigits = 0;
        boolean point = false;
        for (; i < end; i++) {
            byte c = b[i];
            if (isDigit(c)) {
                digits++;
                if (!point && (integerDigits > 0 || c != '0')) {
                    integerDigits++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return isExponentOrSuffix(c) && isFinite(b, start, end);
            }
        }
        // 308 integer digits stay below Double.MAX_VALUE (1.8e308); 310 or more never do.
        return digits > 0 && (integerDigits <= 308 || integerDigits == 309 && isFinite(b, start, end));
    }

    /**
     * Whether [i, end), 1 to 8 bytes, is digits with at most one point and at least one digit, checked as one
     * word: no branch per byte to mispredict, for what most numeric values are. False when it cannot tell (a
     * longer value, or one near the end of the array: the bytes after it are read, then masked).
     */
    private static boolean isShortDecimal(byte[] b, int i, int end) {
        int length = end - i;
        if (length > Long.BYTES || i + Long.BYTES > b.length) {
            return false;
        }
        long offsets = (long) LONGS.get(b, i) ^ 0x3030303030303030L;
        // Per byte, the high bit where it is no digit: its offset from '0' is 10 or more, or it is not ASCII.
        long tenOrMore = ((offsets & ~HIGH_BITS) | HIGH_BITS) - 0x0A0A0A0A0A0A0A0AL;
        long nonDigits = (tenOrMore | offsets) & HIGH_BITS & (-1L >>> (Long.SIZE - length * 8));
        if (nonDigits == 0) {
            return true;
        }
        boolean oneNonDigit = (nonDigits & (nonDigits - 1)) == 0;
        return oneNonDigit && length > 1 && b[i + Long.numberOfTrailingZeros(nonDigits) / 8] == '.';
    }

    /** The value as {@link Double#parseDouble} reads it. */
    public static double parseDouble(byte[] b, int start, int end) {
        boolean negative = start < end && b[start] == '-';
        int i = start < end && (b[start] == '+' || b[start] == '-') ? start + 1 : start;
        long mantissa = 0;
        int significant = 0;
        int decimals = 0;
        int digits = 0;
        boolean point = false;
        for (; i < end; i++) {
            byte c = b[i];
            if (isDigit(c)) {
                digits++;
                if (significant > 0 || c != '0') {
                    if (++significant > 15) {
                        return slow(b, start, end);
                    }
                    mantissa = mantissa * 10 + (c - '0');
                }
                if (point && ++decimals >= POWERS_OF_TEN.length) {
                    return slow(b, start, end);
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return slow(b, start, end);
            }
        }
        if (digits == 0) {
            return slow(b, start, end);
        }
        double value = mantissa / POWERS_OF_TEN[decimals];
        return negative ? -value : value;
    }

    private static boolean isFinite(byte[] b, int start, int end) {
        try {
            return Double.isFinite(slow(b, start, end));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double slow(byte[] b, int start, int end) {
        return Double.parseDouble(new String(b, start, end - start, StandardCharsets.UTF_8));
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isExponentOrSuffix(byte c) {
        return switch (c) {
            case 'e', 'E', 'x', 'X', 'p', 'P', 'f', 'F', 'd', 'D' -> true;
            default -> false;
        };
    }
}
