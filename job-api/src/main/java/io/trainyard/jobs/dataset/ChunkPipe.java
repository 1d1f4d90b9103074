package io.trainyard.jobs.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes handed from one thread to another in chunks, through a bounded queue: the writer reads its source into
 * the next chunk while the reader consumes the ones before. At most {@code maxChunks} buffers of
 * {@code chunkBytes} exist, allocated as needed and reused, so the memory of a pipe is bounded whatever passes
 * through it. Either side stops the other: a writer's failure is what the reader's next read throws, and a
 * reader that closes early makes the writer's next hand-off throw {@link ReaderClosed}.
 */
final class ChunkPipe {
    /** The reader stopped before the end (the store failed); the writer should stop too. */
    static final class ReaderClosed extends RuntimeException {
        ReaderClosed() {
            super("the reader of the pipe closed before its end", null, false, false);
        }
    }

    private record Chunk(byte[] bytes, int length) {
    }

    private final int chunkBytes;
    private final int maxChunks;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Chunk> full = new ArrayDeque<>();
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private int allocated;
    private boolean finished;
    private Throwable failure;
    private boolean readerClosed;

    ChunkPipe(int chunkBytes, int maxChunks) {
        if (maxChunks < 2) {
            throw new IllegalArgumentException("a pipe needs a chunk for each side, got " + maxChunks);
        }
        this.chunkBytes = chunkBytes;
        this.maxChunks = maxChunks;
    }

    /**
     * Reads {@code source} to its end into chunks and hands each to the reader, then marks the end. What the
     * source throws propagates (the caller then {@link #fail}s the pipe); blocks while the queue is full.
     *
     * @throws ReaderClosed when the reader closed before the end
     */
    void transfer(InputStream source) throws IOException {
        while (true) {
            byte[] chunk = freeChunk();
            int filled = 0;
            int n = 0;
            while (filled < chunk.length && (n = source.read(chunk, filled, chunk.length - filled)) >= 0) {
                filled += n;
            }
            hand(chunk, filled, n < 0);
            if (n < 0) {
                return;
            }
        }
    }

    /** The writer failed: the reader's next read throws {@code cause} (as it is if unchecked or an IOException). */
    void fail(Throwable cause) {
        change(() -> failure = cause);
    }

    /** The reading side; closing it before its end stops the writer. */
    InputStream reader() {
        return new Reader();
    }

    private byte[] freeChunk() throws InterruptedIOException {
        lock.lock();
        try {
            while (free.isEmpty() && allocated == maxChunks && !readerClosed) {
                await();
            }
            if (readerClosed) {
                throw new ReaderClosed();
            }
            if (!free.isEmpty()) {
                return free.poll();
            }
            allocated++;
        } finally {
            lock.unlock();
        }
        return new byte[chunkBytes];
    }

    private void hand(byte[] chunk, int length, boolean end) {
        change(() -> {
            if (readerClosed) {
                throw new ReaderClosed();
            }
            if (length > 0) {
                full.add(new Chunk(chunk, length));
            } else {
                free.add(chunk);
            }
            finished = end;
        });
    }

    /** Changes the state under the lock and wakes the other side. */
    private void change(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void await() throws InterruptedIOException {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while passing an upload between threads");
        }
    }

    private final class Reader extends InputStream {
        private Chunk chunk;
        private int pos;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] to, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (chunk == null || pos == chunk.length()) {
                chunk = next();
                pos = 0;
                if (chunk == null) {
                    return -1;
                }
            }
            int n = Math.min(length, chunk.length() - pos);
            System.arraycopy(chunk.bytes(), pos, to, offset, n);
            pos += n;
            return n;
        }

        /** The next full chunk, after the one read is given back; null at the end. */
        private Chunk next() throws IOException {
            lock.lock();
            try {
                if (chunk != null) {
                    free.add(chunk.bytes());
                    chunk = null;
                    changed.signalAll();
                }
                while (full.isEmpty() && !finished && failure == null) {
                    await();
                }
                if (failure != null) {
                    throw rethrow(failure);
                }
                return full.poll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            change(() -> readerClosed = true);
        }
    }

    private static IOException rethrow(Throwable failure) {
        if (failure instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
    }
}
