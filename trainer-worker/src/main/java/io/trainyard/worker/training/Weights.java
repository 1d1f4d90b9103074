package io.trainyard.worker.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** A block's parameters as bytes (DJL's parameter stream): what the best epoch and checkpoints keep. */
final class Weights {
    private Weights() {
    }

    static byte[] save(Block block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    static void load(Block block, NDManager manager, byte[] weights) throws IOException, MalformedModelException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
            block.loadParameters(manager, in);
        }
    }
}
