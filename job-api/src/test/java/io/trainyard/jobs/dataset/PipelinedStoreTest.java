package io.trainyard.jobs.dataset;

import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.support.artifacts.FilesystemArtifactStore;
import io.trainyard.support.artifacts.StoredArtifact;
import io.trainyard.support.problem.ApiProblem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The store's side of an upload on its own thread: bytes pass whole, and a failure on either side stops both. */
@Timeout(60) // a side that misses the other's failure waits forever
class PipelinedStoreTest {
    /** Several times what the pipe holds, so that either side waits on the other at some point. */
    private static final int SIZE = 5 * PipelinedStore.CHUNKS * PipelinedStore.CHUNK_BYTES + 12_345;

    @TempDir
    Path root;
    private PipelinedStore pipeline;

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void storesTheBytesReadWithTheirChecksum() throws Exception {
        ArtifactStore store = new FilesystemArtifactStore(root);
        pipeline = new PipelinedStore(store);
        byte[] bytes = randomBytes(SIZE);
        StoredArtifact stored = pipeline.put("datasets/a.csv", new TrickleInputStream(bytes));
        assertEquals(SIZE, stored.sizeBytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), stored.sha256());
        assertArrayEquals(bytes, store.read("datasets/a.csv"));
    }

    @Test
    void aSourceRefusedMidStreamLeavesNothingAndIsWhatTheCallerGets() throws Exception {
        pipeline = new PipelinedStore(new FilesystemArtifactStore(root));
        ApiProblem refused = ApiProblem.badRequest("file", "the file line 9 has 2 values");
        InputStream source = new FailingAfter(new TrickleInputStream(randomBytes(SIZE)), SIZE / 2, refused);
        assertSame(refused, assertThrows(ApiProblem.class, () -> pipeline.put("datasets/b.csv", source)));
        assertEquals(List.of(), filesUnder(root), "no object, checksum or partial file");
    }

    @Test
    void aStoreFailingMidStreamFailsTheUploadAndLeavesNothing() throws Exception {
        FilesystemArtifactStore disk = new FilesystemArtifactStore(root);
        IOException full = new IOException("No space left on device");
        // The store's own writes fail after a third of the file: the store cleans up and throws, the reader stops.
        ArtifactStore failing = (ArtifactStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ArtifactStore.class}, (proxy, method, args) -> {
                    Object[] actual = args;
                    if (method.getName().equals("put") && args[1] instanceof InputStream in) {
                        actual = new Object[] {args[0], new FailingAfter(in, SIZE / 3, full)};
                    }
                    try {
                        return method.invoke(disk, actual);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        pipeline = new PipelinedStore(failing);
        ArtifactStoreException failure = assertThrows(ArtifactStoreException.class,
                () -> pipeline.put("datasets/c.csv", new TrickleInputStream(randomBytes(SIZE))));
        assertSame(full, failure.getCause());
        assertEquals(List.of(), filesUnder(root));
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Hands out at most 8 KB a read, as the HTTP layer does. */
    private static final class TrickleInputStream extends ByteArrayInputStream {
        TrickleInputStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] to, int offset, int length) {
            return super.read(to, offset, Math.min(length, 8192));
        }
    }

    /** Throws {@code failure} once {@code after} bytes were read. */
    private static final class FailingAfter extends FilterInputStream {
        private final long after;
        private final Exception failure;
        private long read;

        FailingAfter(InputStream in, long after, Exception failure) {
            super(in);
            this.after = after;
            this.failure = failure;
        }

        @Override
        public int read(byte[] to, int offset, int length) throws IOException {
            if (read >= after) {
                if (failure instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) failure;
            }
            int n = super.read(to, offset, (int) Math.min(length, after - read));
            read += Math.max(n, 0);
            return n;
        }
    }
}
