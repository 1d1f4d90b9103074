package io.trainyard.jobs.dataset;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The distinct values of a column, counted by 64-bit keys of their bytes rather than kept: a few kilobytes
 * per column however long its values. A value of up to 7 bytes is its own key (its bytes and its length, read
 * in place as one word), so short labels are counted exactly; a longer one is hashed 8 bytes at a time. Keys
 * are scrambled with a seed per set, so that no file can be made to collide on purpose; by chance, two of a
 * column's thousand long values share a hash with a probability of about 3e-14.
 */
final class DistinctValues {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final long seed = ThreadLocalRandom.current().nextLong() | 1;
    /** Open addressing; 0 marks a free slot (a key of 0 is stored as 1). */
    private long[] slots = new long[16];
    private int size;

    /** Adds the value [start, end) of {@code bytes}; true if it was not there yet. */
    boolean add(byte[] bytes, int start, int end) {
        long key = end - start < Long.BYTES ? nonZero(finalise(word(bytes, start, end) ^ seed))
                : hash(bytes, start, end);
        int mask = slots.length - 1;
        for (int i = (int) key & mask; ; i = (i + 1) & mask) {
            if (slots[i] == key) {
                return false;
            }
            if (slots[i] == 0) {
                slots[i] = key;
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

    /** A value of under 8 bytes as one word: its bytes, and its length in the top byte (no two values alike). */
    private static long word(byte[] bytes, int start, int end) {
        int length = end - start;
        long word;
        if (start + Long.BYTES <= bytes.length) {
            word = (long) LONGS.get(bytes, start) & ~(-1L << (length << 3));
        } else {
            word = 0;
            for (int i = end - 1; i >= start; i--) {
                word = word << 8 | (bytes[i] & 0xFF);
            }
        }
        return word | (long) length << 56;
    }

    /** Each word goes through the finaliser: how two values' states differ depends on the seed, unknown to files. */
    private long hash(byte[] bytes, int start, int end) {
        long h = seed ^ (end - start);
        int i = start;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            h = finalise(h ^ (long) LONGS.get(bytes, i));
        }
        if (i < end) {
            // The last 1 to 7 bytes, in the word that ends where the value does (some bytes twice: still a function).
            h = finalise(h ^ (long) LONGS.get(bytes, end - Long.BYTES));
        }
        return nonZero(h);
    }

    /** MurmurHash3's finaliser, a bijection: distinct keys stay distinct, and the low bits (the slot) mixed. */
    private static long finalise(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ h >>> 33;
    }

    private static long nonZero(long key) {
        return key == 0 ? 1 : key;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long key : old) {
            if (key != 0) {
                int i = (int) key & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = key;
            }
        }
    }
}
