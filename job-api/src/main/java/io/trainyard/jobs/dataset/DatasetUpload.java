package io.trainyard.jobs.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.trainyard.support.problem.ApiProblem;

/**
 * The file of a dataset upload as the artifact store reads it: counted and inspected as it passes, and ended
 * only once the rest of the form was read and every check passed ({@code atEnd}). Whatever is refused is thrown
 * from a read, before the end, so the store keeps nothing of a refused upload.
 */
final class DatasetUpload extends InputStream {
    private final InputStream file;
    private final CsvInspector inspector;
    private final long maxBytes;
    private final Runnable atEnd;
    private long size;
    private boolean ended;

    DatasetUpload(InputStream file, CsvInspector inspector, long maxBytes, Runnable atEnd) {
        this.file = file;
        this.inspector = inspector;
        this.maxBytes = maxBytes;
        this.atEnd = atEnd;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        int n = file.read(bytes, offset, length);
        if (n < 0) {
            inspector.end();
            atEnd.run();
            ended = true;
            return -1;
        }
        size += n;
        if (size > maxBytes) {
            throw new ApiProblem(413, "Dataset too large", "file: larger than " + maxBytes + " bytes",
                    List.of(new ApiProblem.FieldError("file", "larger than " + maxBytes + " bytes")));
        }
        inspector.accept(bytes, offset, n);
        return n;
    }
}
