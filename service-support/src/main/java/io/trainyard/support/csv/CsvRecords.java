package io.trainyard.support.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Records of a CSV in the dataset dialect ({@link DatasetCsv}), read straight from its bytes, one record at a
 * time, with no String per value: gigabytes pass through in one pass with a record's worth of memory. Values
 * are slices of {@link #bytes()}, unquoted and trimmed. Either pulled from a stream ({@link #of(InputStream)})
 * or fed bytes as they arrive ({@link #fed()}, {@link #feed}, {@link #end}), as an upload does.
 */
public final class CsvRecords implements Closeable {
    /** A record (a line, line breaks inside quotes included) longer than this is refused: what one record may hold. */
    public static final int MAX_RECORD_BYTES = 1 << 20;
    private static final int CHUNK = 1 << 16;
    private static final int NEED_INPUT = 0;
    private static final int RECORD = 1;
    private static final int END = -1;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final InputStream source;
    /** Input not yet parsed is [pos, limit); [pos, checked) of it is valid UTF-8 without NUL. */
    private byte[] in = new byte[2 * CHUNK];
    private int pos;
    private int checked;
    private int limit;
    private boolean ended;
    private boolean bomSkipped;
    /** The line of the byte at {@code pos}. */
    private long line = 1;

    private byte[] values = new byte[1024];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int size;
    private long recordLine;

    private CsvRecords(InputStream source) {
        this.source = source;
    }

    /** Records pulled from a stream, which {@link #next()} reads as it needs. */
    public static CsvRecords of(InputStream source) {
        return new CsvRecords(source);
    }

    /** Records of bytes the caller feeds: {@link #next()} is false when it needs more, or after {@link #end()}. */
    public static CsvRecords fed() {
        return new CsvRecords(null);
    }

    /** More input; read the records it completes with {@link #next()} before feeding more. */
    public void feed(byte[] bytes, int offset, int length) throws CsvFormatException {
        makeRoom(length);
        System.arraycopy(bytes, offset, in, limit, length);
        limit += length;
        check();
    }

    /** No more input: the last record needs no line break. */
    public void end() throws CsvFormatException {
        ended = true;
        check();
    }

    /**
     * Moves to the next record.
     *
     * @return false at the end of the input, or, for fed records, when more input is needed
     */
    public boolean next() throws IOException {
        while (true) {
            int outcome = parse();
            if (outcome != NEED_INPUT) {
                return outcome == RECORD;
            }
            if (limit - pos > MAX_RECORD_BYTES) {
                throw new CsvFormatException("has a line longer than " + MAX_RECORD_BYTES + " bytes (line " + line + ")",
                        line);
            }
            if (source == null) {
                return false;
            }
            makeRoom(CHUNK);
            int n = source.read(in, limit, in.length - limit);
            if (n < 0) {
                end();
            } else {
                limit += n;
                check();
            }
        }
    }

    /** The number of values in the record. */
    public int size() {
        return size;
    }

    /** The line the record starts on (the first line is 1). */
    public long line() {
        return recordLine;
    }

    /** The bytes that hold the record's values: value {@code i} is [{@link #start}, {@link #end}). */
    public byte[] bytes() {
        return values;
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    public boolean isEmpty(int i) {
        return starts[i] == ends[i];
    }

    public String string(int i) {
        return new String(values, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    /** Closes the stream the records are read from, if any. */
    @Override
    public void close() throws IOException {
        if (source != null) {
            source.close();
        }
    }

    /** Parses one record from [pos, checked), or says that it needs more input first (and parses nothing). */
    private int parse() throws CsvFormatException {
        byte[] b = in;
        int end = checked;
        boolean last = ended && checked == limit;
        if (!bomSkipped) {
            if (end - pos < 3 && !last) {
                return NEED_INPUT;
            }
            if (end - pos >= 3 && b[pos] == (byte) 0xEF && b[pos + 1] == (byte) 0xBB && b[pos + 2] == (byte) 0xBF) {
                pos += 3;
            }
            bomSkipped = true;
        }
        int p = pos;
        // Empty lines are no records.
        while (true) {
            if (p == end) {
                pos = p;
                return last ? END : NEED_INPUT;
            }
            if (b[p] == '\n') {
                p++;
                line++;
            } else if (b[p] == '\r') {
                if (p + 1 == end && !last) {
                    pos = p;
                    return NEED_INPUT;
                }
                p += p + 1 < end && b[p + 1] == '\n' ? 2 : 1;
                line++;
            } else {
                break;
            }
            pos = p;
        }
        long lines = line;
        int n = 0;
        int v = 0;
        while (true) {
            while (p < end && isBlank(b[p])) {
                p++;
            }
            int valueStart = v;
            if (p < end && b[p] == '"') {
                p++;
                while (true) {
                    int q = p;
                    while (q < end && b[q] != '"') {
                        if (b[q] == '\n' || (b[q] == '\r' && (q + 1 == end || b[q + 1] != '\n'))) {
                            lines++;
                        }
                        q++;
                    }
                    v = append(b, p, q, v);
                    if (q + 1 >= end) {
                        if (!last) {
                            return NEED_INPUT;
                        }
                        if (q == end) {
                            throw new CsvFormatException("is not valid CSV: line " + line + " has a quoted value that"
                                    + " is never closed", line);
                        }
                        p = q + 1;
                        break;
                    }
                    if (b[q + 1] != '"') {
                        p = q + 1;
                        break;
                    }
                    v = append(b, q, q + 1, v);
                    p = q + 2;
                }
                while (p < end && isBlank(b[p])) {
                    p++;
                }
                if (p == end && !last) {
                    return NEED_INPUT;
                }
                if (p < end && b[p] != ',' && b[p] != '\n' && b[p] != '\r') {
                    throw new CsvFormatException("is not valid CSV: line " + line + " has a character after the closing"
                            + " quote of a value (quote the whole value, and double every quote inside it)", line);
                }
            } else {
                int q = plainBytes(b, p, end);
                while (q < end && b[q] != ',' && b[q] != '\n' && b[q] != '\r') {
                    q++;
                }
                if (q == end && !last) {
                    return NEED_INPUT;
                }
                v = append(b, p, q, v);
                p = q;
            }
            int s = valueStart;
            int e = v;
            while (s < e && isBlankOrControl(values[s])) {
                s++;
            }
            while (e > s && isBlankOrControl(values[e - 1])) {
                e--;
            }
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            starts[n] = s;
            ends[n] = e;
            n++;
            if (p < end && b[p] == ',') {
                p++;
                continue;
            }
            if (p < end) {
                if (b[p] == '\r' && p + 1 == end && !last) {
                    return NEED_INPUT;
                }
                p += b[p] == '\r' && p + 1 < end && b[p + 1] == '\n' ? 2 : 1;
                lines++;
            }
            if (p - pos > MAX_RECORD_BYTES) {
                throw new CsvFormatException("has a line longer than " + MAX_RECORD_BYTES + " bytes (line " + line + ")",
                        line);
            }
            recordLine = line;
            size = n;
            pos = p;
            line = lines;
            return RECORD;
        }
    }

    /**
     * Skips the bytes of an unquoted value 8 at a time: where the first comma or line break in [p, end) is, or
     * where fewer than 8 bytes are left to look at. One branch per word instead of three per byte.
     */
    private static int plainBytes(byte[] b, int p, int end) {
        int q = p;
        while (q + Long.BYTES <= end) {
            long word = (long) LONGS.get(b, q);
            long stops = zeroBytes(word ^ (ONES * ',')) | zeroBytes(word ^ (ONES * '\n'))
                    | zeroBytes(word ^ (ONES * '\r'));
            if (stops != 0) {
                return q + Long.numberOfTrailingZeros(stops) / 8;
            }
            q += Long.BYTES;
        }
        return q;
    }

    private static boolean isAsciiWithoutNul(long word) {
        return ((word & HIGH_BITS) | zeroBytes(word)) == 0;
    }

    /** The high bit of each zero byte of {@code word}, exact up to the first (above it, others may be set too). */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGH_BITS;
    }

    private int append(byte[] from, int start, int end, int v) {
        int length = end - start;
        if (v + Math.max(length, Long.BYTES) > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, v + Math.max(length, Long.BYTES)));
        }
        if (length <= Long.BYTES && start + Long.BYTES <= from.length) {
            // A short value as one word (the bytes after it too, overwritten by the next value or never read).
            LONGS.set(values, v, (long) LONGS.get(from, start));
        } else {
            System.arraycopy(from, start, values, v, length);
        }
        return v + length;
    }

    /** White space (as {@link Character#isWhitespace} has it, line breaks aside) around a quoted value. */
    private static boolean isBlank(byte b) {
        return b <= ' ' && (b == ' ' || b == '\t' || b == 0x0B || b == 0x0C || b >= 0x1C);
    }

    /** What {@link String#trim()} removes, as the dialect always has: blanks and control characters. */
    private static boolean isBlankOrControl(byte b) {
        return b >= 0 && b <= ' ';
    }

    private void makeRoom(int length) {
        if (in.length - limit >= length) {
            return;
        }
        int unparsed = limit - pos;
        if (pos > 0) {
            System.arraycopy(in, pos, in, 0, unparsed);
            checked -= pos;
            limit = unparsed;
            pos = 0;
        }
        if (in.length - limit < length) {
            in = Arrays.copyOf(in, Math.max(in.length * 2, limit + length));
        }
    }

    /**
     * Checks the new input up to its last whole character: strict UTF-8 (no overlong forms, surrogates or code
     * points beyond U+10FFFF) and no NUL. A character cut by the end of the input is an error only at the end.
     */
    private void check() throws CsvFormatException {
        byte[] b = in;
        int i = checked;
        int end = limit;
        while (i < end) {
            // ASCII without NUL, the common case, 8 bytes at a time.
            while (i + Long.BYTES <= end && isAsciiWithoutNul((long) LONGS.get(b, i))) {
                i += Long.BYTES;
            }
            if (i == end) {
                break;
            }
            byte c = b[i];
            if (c > 0) {
                i++;
                continue;
            }
            if (c == 0) {
                long at = line;
                for (int k = pos; k < i; k++) {
                    at += b[k] == '\n' ? 1 : 0;
                }
                throw new CsvFormatException("has a NUL character on line " + at + " (binary data, not CSV text)", at);
            }
            int lead = c & 0xFF;
            int length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
            if (length == 0) {
                throw notUtf8();
            }
            if (i + length > end) {
                break;
            }
            int second = b[i + 1] & 0xFF;
            int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
            int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
            if (second < low || second > high) {
                throw notUtf8();
            }
            for (int k = 2; k < length; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    throw notUtf8();
                }
            }
            i += length;
        }
        checked = i;
        if (ended && checked < limit) {
            throw notUtf8();
        }
    }

    private CsvFormatException notUtf8() {
        return new CsvFormatException("is not UTF-8 text", line);
    }
}
