package io.trainyard.jobs.dataset;

import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.support.artifacts.StoredArtifact;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams an upload into the artifact store on two threads: the caller's reads the source (the connection,
 * the multipart framing and every check of the CSV) while a thread of this bean's own pool hashes and writes
 * the chunks read before, through a {@link ChunkPipe} of a few megabytes. For the store nothing changes: it
 * reads the source to its end, and what the source throws reaches it, so a refused upload leaves nothing.
 */
@ApplicationScoped
public class PipelinedStore {
    /** 4 chunks of 512 KiB: 2 MiB per upload, enough for the store to never wait on a chunk being filled. */
    static final int CHUNK_BYTES = 512 << 10;
    static final int CHUNKS = 4;
    /**
     * Writers at most; a further upload's writer waits its turn (its reader, on another pool, then waits on the
     * full pipe). Never the pool of the callers: their threads may all be readers waiting on their writers.
     */
    private static final int WRITERS = 8;

    private final ArtifactStore store;
    private final ExecutorService writers;

    public PipelinedStore(ArtifactStore store) {
        this.store = store;
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(WRITERS, WRITERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "dataset-store-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.writers = pool;
    }

    /**
     * Reads {@code source} to its end on this thread and stores it under {@code key} on another, as
     * {@link ArtifactStore#put(String, InputStream)} does: what the source or the store throws is thrown here,
     * once the store has cleaned up.
     */
    public StoredArtifact put(String key, InputStream source) {
        ChunkPipe pipe = new ChunkPipe(CHUNK_BYTES, CHUNKS);
        Future<StoredArtifact> stored = writers.submit(() -> {
            try (InputStream chunks = pipe.reader()) {
                return store.put(key, chunks);
            }
        });
        try {
            pipe.transfer(source);
        } catch (ChunkPipe.ReaderClosed e) {
            // The store stopped reading: its own failure says why.
        } catch (IOException | RuntimeException | Error e) {
            pipe.fail(e);
        }
        return outcome(key, stored, pipe);
    }

    @PreDestroy
    void close() {
        writers.shutdownNow();
    }

    private StoredArtifact outcome(String key, Future<StoredArtifact> stored, ChunkPipe pipe) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return stored.get();
                } catch (InterruptedException e) {
                    // Stop the store, and wait on: its cleanup must end before the upload's answer.
                    pipe.fail(new InterruptedIOException("interrupted while the upload was stored"));
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new ArtifactStoreException("could not write " + store.uri(key) + ": " + e.getCause(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
