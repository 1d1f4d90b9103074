package io.trainyard.jobs.dataset;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The distinct values of a column, counted by 64-bit hashes of their bytes rather than kept: a few kilobytes
 * per column however long its values. The hash is seeded per set, so that no file can be made to collide on
 * purpose; by chance, two of a column's thousand values share a hash with a probability of about 3e-14.
 */
final class DistinctValues {
    private final long seed = ThreadLocalRandom.current().nextLong() | 1;
    /** Open addressing; 0 marks a free slot (a hash of 0 is stored as 1). */
    private long[] slots = new long[16];
    private int size;

    /** Adds the value [start, end) of {@code bytes}; true if it was not there yet. */
    boolean add(byte[] bytes, int start, int end) {
        long hash = hash(bytes, start, end);
        int mask = slots.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            if (slots[i] == hash) {
                return false;
            }
            if (slots[i] == 0) {
                slots[i] = hash;
                if (++size * 2 > slots.length) {
                    grow();
                }
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private long hash(byte[] bytes, int start, int end) {
        long h = seed;
        for (int i = start; i < end; i++) {
            h = (h ^ bytes[i]) * 0x100000001B3L;
        }
        // MurmurHash3's finaliser: FNV-1a alone leaves the low bits, which pick the slot, poorly mixed.
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long hash : old) {
            if (hash != 0) {
                int i = (int) hash & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = hash;
            }
        }
    }
}
