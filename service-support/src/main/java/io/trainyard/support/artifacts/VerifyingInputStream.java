package io.trainyard.support.artifacts;

import io.trainyard.support.files.Checksums;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * An object's bytes as they are read, hashed on the way: at the end of the stream the SHA-256 is compared
 * with the one recorded when the object was written, and a difference is thrown as
 * {@link ArtifactStoreException.ChecksumMismatch} instead of the end of the stream.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final MessageDigest digest = Checksums.newSha256();
    private final String uri;
    private final String recorded;
    private String actual;

    /** @param recorded the SHA-256 recorded with the object, or null when it has none */
    VerifyingInputStream(InputStream in, String uri, String recorded) {
        super(in);
        this.uri = uri;
        this.recorded = recorded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            finish();
        } else {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            finish();
        } else {
            digest.update(buffer, offset, n);
        }
        return n;
    }

    /** Skipped bytes are read all the same: the checksum covers every byte. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The SHA-256 of the bytes read, once the stream was read to its end. */
    public String sha256() {
        if (actual == null) {
            throw new IllegalStateException("the stream of " + uri + " was not read to its end");
        }
        return actual;
    }

    private void finish() {
        if (actual == null) {
            actual = HexFormat.of().formatHex(digest.digest());
        }
        if (recorded != null && !recorded.equalsIgnoreCase(actual)) {
            throw new ArtifactStoreException.ChecksumMismatch(uri, recorded, actual);
        }
    }
}
