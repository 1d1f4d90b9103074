package io.trainyard.jobs.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A multipart/form-data body built by hand, so that a test can also send one that is subtly broken. */
final class Multipart {
    static final String BOUNDARY = "hostile-boundary-7MA4YWxkTrZu0gW";
    static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private record Part(String name, String fileName, byte[] bytes) {
    }

    private final List<Part> parts = new ArrayList<>();

    Multipart field(String name, String value) {
        parts.add(new Part(name, null, value.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    Multipart file(String name, String fileName, byte[] bytes) {
        parts.add(new Part(name, fileName, bytes));
        return this;
    }

    byte[] bytes() {
        return bytes(true);
    }

    /** Without the closing boundary when {@code closed} is false: a body cut short. */
    byte[] bytes(boolean closed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            String disposition = "form-data; name=\"" + part.name() + "\""
                    + (part.fileName() == null ? "" : "; filename=\"" + part.fileName() + "\"");
            write(out, "--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\n"
                    + (part.fileName() == null ? "" : "Content-Type: application/octet-stream\r\n") + "\r\n");
            out.writeBytes(part.bytes());
            write(out, "\r\n");
        }
        if (closed) {
            write(out, "--" + BOUNDARY + "--\r\n");
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
