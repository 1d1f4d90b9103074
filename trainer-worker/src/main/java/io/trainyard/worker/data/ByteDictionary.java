package io.trainyard.worker.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Codes for the distinct byte strings of a column, in the order first seen: one lookup per value, no String. */
final class ByteDictionary {
    private final List<byte[]> keys = new ArrayList<>();
    /** Open addressing: code + 1 of the key in the slot, 0 for a free one. */
    private int[] slots = new int[16];
    private int[] hashes = new int[16];

    int code(byte[] bytes, int start, int end) {
        int hash = hash(bytes, start, end);
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                keys.add(Arrays.copyOfRange(bytes, start, end));
                slots[i] = keys.size();
                hashes[i] = hash;
                if (keys.size() * 2 > slots.length) {
                    grow();
                }
                return keys.size() - 1;
            }
            if (hashes[i] == hash && Arrays.equals(keys.get(slot - 1), 0, keys.get(slot - 1).length, bytes, start, end)) {
                return slot - 1;
            }
        }
    }

    /** The distinct values, by code. */
    String[] values() {
        return keys.stream().map(k -> new String(k, StandardCharsets.UTF_8)).toArray(String[]::new);
    }

    private static int hash(byte[] bytes, int start, int end) {
        int h = 0x811C9DC5;
        for (int i = start; i < end; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private void grow() {
        int[] oldSlots = slots;
        int[] oldHashes = hashes;
        slots = new int[oldSlots.length * 2];
        hashes = new int[oldSlots.length * 2];
        int mask = slots.length - 1;
        for (int j = 0; j < oldSlots.length; j++) {
            if (oldSlots[j] != 0) {
                int i = oldHashes[j] & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = oldSlots[j];
                hashes[i] = oldHashes[j];
            }
        }
    }
}
