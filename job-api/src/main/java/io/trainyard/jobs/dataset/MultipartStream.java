package io.trainyard.jobs.dataset;

import io.trainyard.support.problem.ApiProblem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A {@code multipart/form-data} body (RFC 7578) read as it arrives, one part after the other: a part's headers,
 * then its content as a stream that ends at the next boundary. It holds a buffer, never a part, so that a
 * dataset goes from the connection to the artifact store without a copy on disk or in memory. Whatever is
 * wrong with the envelope is a 400 naming {@code body}.
 */
final class MultipartStream {
    /** All the headers of one part (Content-Disposition, Content-Type), and the preamble before the first. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Room for a few of the HTTP layer's pieces (quarkus.http.limits.max-chunk-size): a read takes a whole one. */
    private static final int BUFFER = 1 << 18;
    /** What is read and dropped (skipped parts, a refused body's rest) passes through this much at a time. */
    private static final int SCRAP = 1 << 16;

    /** A part: its form field name and its content until the next boundary. */
    record Part(String name, InputStream content) {
    }

    private final InputStream body;
    private final String boundary;
    /** CRLF, two dashes and the boundary: what ends every part. */
    private final byte[] delimiter;
    private final int[] skip = new int[256];
    private final byte[] buffer;
    private int pos;
    private int limit;
    private boolean bodyEnded;
    private boolean closed;
    /** The part being read; at first the preamble before the first boundary. */
    private Content current;

    private MultipartStream(InputStream body, String boundary) {
        this.body = body;
        this.boundary = boundary;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[BUFFER + delimiter.length];
        Arrays.fill(skip, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            skip[delimiter[i] & 0xFF] = delimiter.length - 1 - i;
        }
        // The first boundary needs no line break before it: pretend there was one.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /** The body with the boundary its Content-Type names; nothing is read (or refused) before {@link #next()}. */
    static MultipartStream open(InputStream body, String contentType) {
        String boundary = boundary(contentType);
        return new MultipartStream(body, boundary == null ? "" : boundary);
    }

    /** The next part, or null after the closing boundary. The content of the one before is skipped if unread. */
    Part next() {
        if (closed) {
            return null;
        }
        if (current == null) {
            if (boundary.isEmpty() || boundary.length() > 70) {
                throw envelope("Content-Type", "a multipart/form-data body needs a boundary of 1 to 70 characters");
            }
            current = new Content(MAX_HEADER_BYTES);
        }
        current.skipAll();
        byte[] after = take(2);
        if (after[0] == '-' && after[1] == '-') {
            closed = true;
            return null;
        }
        if (after[0] != '\r' || after[1] != '\n') {
            throw envelope("body", "a boundary line of the multipart body is not followed by a line break");
        }
        String name = null;
        int headerBytes = 0;
        for (String header = line(); !header.isEmpty(); header = line()) {
            headerBytes += header.length() + 2;
            if (headerBytes > MAX_HEADER_BYTES) {
                throw envelope("body", "a part of the multipart body has more than " + MAX_HEADER_BYTES
                        + " bytes of headers");
            }
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                name = parameter(header.substring(colon + 1), "name");
            }
        }
        if (name == null) {
            throw envelope("body", "a part of the multipart body has no Content-Disposition form-data name");
        }
        current = new Content(Long.MAX_VALUE);
        return new Part(name, current);
    }

    /** The content of a text part, as UTF-8, refused with a 413 naming it beyond {@code maxBytes}. */
    static String text(Part part, long maxBytes) {
        try {
            byte[] bytes = part.content().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new ApiProblem(413, "Request too large", part.name() + ": longer than " + maxBytes + " bytes",
                        java.util.List.of(new ApiProblem.FieldError(part.name(), "longer than " + maxBytes + " bytes")));
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw interrupted(e);
        }
    }

    /**
     * Reads and drops what is left of the body, up to {@code maxBytes}: a client that sends its whole body before
     * it reads the answer then gets it. False if the body goes on beyond (the connection should then close).
     */
    boolean drain(long maxBytes) {
        long drained = limit - pos;
        pos = limit;
        byte[] scrap = new byte[SCRAP];
        try {
            while (!bodyEnded && drained <= maxBytes) {
                int n = body.read(scrap);
                bodyEnded = n < 0;
                drained += Math.max(n, 0);
            }
        } catch (IOException e) {
            return false;
        }
        return bodyEnded;
    }

    private byte[] take(int count) {
        while (limit - pos < count) {
            fill();
        }
        byte[] taken = Arrays.copyOfRange(buffer, pos, pos + count);
        pos += count;
        return taken;
    }

    /** A header line, without its CRLF; headers are ASCII, or UTF-8 in file names. */
    private String line() {
        int searched = pos;
        while (true) {
            for (int i = searched; i + 1 < limit; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    String line = new String(buffer, pos, i - pos, StandardCharsets.UTF_8);
                    pos = i + 2;
                    return line;
                }
            }
            if (limit - pos > MAX_HEADER_BYTES) {
                throw envelope("body", "a header line of the multipart body is longer than " + MAX_HEADER_BYTES + " bytes");
            }
            searched = Math.max(pos, limit - 1);
            fill();
        }
    }

    /** Reads more of the body behind what is unread; the end of the body before the closing boundary is an error. */
    private void fill() {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        try {
            int n = bodyEnded ? -1 : body.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                bodyEnded = true;
                throw envelope("body", "the multipart body ends before its closing boundary");
            }
            limit += n;
        } catch (IOException e) {
            throw interrupted(e);
        }
    }

    /**
     * Where the delimiter starts in [from, limit), or, when it is not there whole, minus one minus the first
     * position where it still could (Horspool: the bytes before that are content).
     */
    private int search(int from) {
        int m = delimiter.length;
        int i = from;
        while (i + m <= limit) {
            byte last = buffer[i + m - 1];
            if (last == delimiter[m - 1] && Arrays.equals(buffer, i, i + m - 1, delimiter, 0, m - 1)) {
                return i;
            }
            i += skip[last & 0xFF];
        }
        return -1 - i;
    }

    /** The content of the current part: ends where the delimiter starts, which it consumes. */
    private final class Content extends InputStream {
        private final long maxBytes;
        private long read;
        private boolean ended;

        Content(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] to, int offset, int length) {
            if (ended) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            while (true) {
                int found = search(pos);
                int contentEnd = found >= 0 ? found : -1 - found;
                if (contentEnd > pos) {
                    int n = Math.min(length, contentEnd - pos);
                    System.arraycopy(buffer, pos, to, offset, n);
                    pos += n;
                    read += n;
                    if (read > maxBytes) {
                        throw envelope("body", "the multipart body has more than " + maxBytes + " bytes before its "
                                + "first boundary");
                    }
                    return n;
                }
                if (found == pos) {
                    pos += delimiter.length;
                    ended = true;
                    return -1;
                }
                fill();
            }
        }

        void skipAll() {
            byte[] scrap = new byte[SCRAP];
            while (read(scrap, 0, scrap.length) >= 0) {
                // dropped
            }
        }
    }

    private static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        return parameter(contentType, "boundary");
    }

    /** A parameter of a header value ({@code name="file"}, {@code boundary=x}), quoted or not; null if absent. */
    private static String parameter(String header, String name) {
        for (String piece : header.split(";")) {
            int equals = piece.indexOf('=');
            if (equals > 0 && piece.substring(0, equals).trim().equalsIgnoreCase(name)) {
                String value = piece.substring(equals + 1).trim();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\") : value;
            }
        }
        return null;
    }

    private static ApiProblem interrupted(IOException e) {
        return envelope("body", "the upload was interrupted: " + e.getMessage());
    }

    private static ApiProblem envelope(String field, String message) {
        return ApiProblem.badRequest(field, message);
    }
}
