package io.trainyard.worker.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Raw network outputs for encoded rows, in inference mode (no dropout). The one forward path of the
 * final evaluation and of the prediction endpoint, so that both see identical numbers for the same
 * rows. Rows go through the network as whole NDArray chunks.
 */
public final class ModelOutputs {
    /** Rows per forward pass, to bound memory on big splits. */
    static final int CHUNK = 4096;

    private ModelOutputs() {
    }

    /**
     * @param features row-major {@code rows x width}
     * @return row-major {@code rows x outputs}: class logits, or the standardised regression value
     */
    public static float[] forward(Block block, NDManager manager, float[] features, int rows, int width,
            int outputs) {
        float[] result = new float[rows * outputs];
        // Everything computed here hangs off a scope that is closed at the end; the parameters stay with their owner.
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore parameters = new ParameterStore(scope, false);
            for (int from = 0; from < rows; from += CHUNK) {
                int to = Math.min(rows, from + CHUNK);
                float[] chunk = java.util.Arrays.copyOfRange(features, from * width, to * width);
                NDArray x = scope.create(chunk, new Shape(to - from, width));
                NDList out = block.forward(parameters, new NDList(x), false);
                float[] values = out.singletonOrThrow().toFloatArray();
                System.arraycopy(values, 0, result, from * outputs, values.length);
                out.close();
                x.close();
            }
        }
        return result;
    }
}
