package io.trainyard.worker.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place that turns a model family and its hyperparameters into a DJL network. Training,
 * checkpoint loading and prediction all build through here, so a saved params file always meets the
 * block it was written from. Every network takes the encoded feature matrix {@code [batch, width]} and
 * returns {@code [batch, outputs]}: class logits, or the standardised regression target.
 *
 * <ul>
 * <li>{@code logistic_regression}, {@code linear_regression}: one linear layer.</li>
 * <li>{@code mlp_classifier}, {@code mlp_regressor}, {@code mlp_forecaster}: per hidden layer Linear, ReLU and (if
 * {@code dropout > 0}) Dropout; then the linear output layer (a forecaster: {@code lookback} inputs, one output
 * per step of the {@code horizon}).</li>
 * <li>{@code autoencoder_anomaly}: the encoder ({@code hidden_layers} as for the MLP, the last the bottleneck),
 * the decoder (the other hidden layers in reverse order), the linear output layer as wide as the input.</li>
 * <li>{@code cnn1d_classifier}: the feature vector, in column order, as a one-channel sequence
 * {@code [batch, 1, width]}; {@code conv_layers} blocks of Conv1d ({@code conv_filters} channels,
 * {@code kernel_size}, stride 1, "same" length) + ReLU + MaxPool(2, stride 2) (no pool once the length
 * is 1); flatten; the dense head as for the MLP; the output layer.</li>
 * </ul>
 *
 * {@link #describe} lists the same layers as data (what {@code model.json} carries), built by the same
 * code path as the block, so the two cannot drift apart.
 */
public final class Networks {

    private Networks() {
    }

    /** The network of a family; {@code inputWidth} encoded inputs, {@code outputs} classes (1 for regression). */
    public static SequentialBlock build(ModelFamily family, Hyperparameters hp, int inputWidth, int outputs) {
        return assemble(family, hp, inputWidth, outputs).block;
    }

    /** The layers of {@link #build}'s network, in order, e.g. {@code {"type": "linear", "units": 16}}. */
    public static List<Map<String, Object>> describe(ModelFamily family, Hyperparameters hp, int inputWidth,
            int outputs) {
        return assemble(family, hp, inputWidth, outputs).layers;
    }

    /** The shape {@code Trainer.initialize} needs: one row of encoded features. */
    public static Shape inputShape(int inputWidth) {
        return new Shape(1, inputWidth);
    }

    /** Trainable parameters (weights and biases) of an initialised or loaded block. */
    public static long parameterCount(Block block) {
        long count = 0;
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            Parameter p = parameter.getValue();
            // Every parameter of these networks is trained (nothing is frozen).
            count += Objects.requireNonNull(p.getArray(), "uninitialised parameter " + p.getName()).size();
        }
        return count;
    }

    private static Assembly assemble(ModelFamily family, Hyperparameters hp, int inputWidth, int outputs) {
        if (inputWidth < 1 || outputs < 1) {
            throw new IllegalArgumentException("a network needs inputs and outputs, got " + inputWidth + " -> "
                    + outputs);
        }
        Assembly a = new Assembly();
        switch (family) {
            case LOGISTIC_REGRESSION, LINEAR_REGRESSION -> {
            }
            case MLP_CLASSIFIER, MLP_REGRESSOR, MLP_FORECASTER -> dense(a, hp.hiddenLayers(), hp.dropout());
            case AUTOENCODER_ANOMALY -> {
                List<Integer> encoder = hp.hiddenLayers() == null ? List.of() : hp.hiddenLayers();
                List<Integer> decoder = new ArrayList<>(encoder.subList(0, Math.max(0, encoder.size() - 1)));
                java.util.Collections.reverse(decoder);
                dense(a, encoder, hp.dropout());
                dense(a, decoder, hp.dropout());
            }
            case CNN1D_CLASSIFIER -> {
                convolutions(a, inputWidth, hp.convLayers(), hp.convFilters(), hp.kernelSize());
                dense(a, hp.hiddenLayers(), hp.dropout());
            }
        }
        a.add(Linear.builder().setUnits(outputs).build(), "linear", "units", outputs);
        return a;
    }

    private static void dense(Assembly a, List<Integer> hiddenLayers, Double dropout) {
        for (int width : hiddenLayers == null ? List.<Integer>of() : hiddenLayers) {
            a.add(Linear.builder().setUnits(width).build(), "linear", "units", width);
            a.add(Activation.reluBlock(), "relu");
            if (dropout != null && dropout > 0) {
                a.add(Dropout.builder().optRate(dropout.floatValue()).build(), "dropout", "rate", dropout);
            }
        }
    }

    private static void convolutions(Assembly a, int inputWidth, Integer convLayers, Integer filters,
            Integer kernelSize) {
        Objects.requireNonNull(convLayers, "conv_layers");
        Objects.requireNonNull(filters, "conv_filters");
        Objects.requireNonNull(kernelSize, "kernel_size");
        // [batch, width] -> [batch, 1 channel, width]: the encoded columns, in order, are the time steps.
        a.add(LambdaBlock.singleton(x -> x.reshape(new Shape(-1, 1, inputWidth)), "to_sequence"), "reshape",
                "shape", List.of(-1, 1, inputWidth));
        int length = inputWidth;
        int padding = kernelSize / 2;
        for (int i = 0; i < convLayers; i++) {
            a.add(Conv1d.builder().setKernelShape(new Shape(kernelSize)).setFilters(filters)
                    .optPadding(new Shape(padding)).build(), "conv1d", "filters", filters, "kernel_size", kernelSize,
                    "stride", 1, "padding", padding);
            if (kernelSize % 2 == 0) {
                // An even kernel with k/2 padding on both sides yields one step too many. Dropping the first
                // keeps the length and matches PyTorch's padding="same" (the extra zero on the right).
                a.add(new LambdaBlock(list -> new NDList(dropFirstStep(list.singletonOrThrow())), "same_crop"),
                        "drop_first_step");
            }
            a.add(Activation.reluBlock(), "relu");
            if (length > 1) {
                a.add(Pool.maxPool1dBlock(new Shape(2), new Shape(2), new Shape(0), false), "max_pool1d",
                        "kernel_size", 2, "stride", 2);
                length /= 2;
            }
        }
        a.add(Blocks.batchFlattenBlock(), "flatten", "features", filters * length);
    }

    private static NDArray dropFirstStep(NDArray x) {
        return x.get(new NDIndex(":, :, 1:"));
    }

    /** The block and its description, grown together. */
    private static final class Assembly {
        final SequentialBlock block = new SequentialBlock();
        final List<Map<String, Object>> layers = new ArrayList<>();

        void add(Block child, String type, Object... config) {
            block.add(child);
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("type", type);
            for (int i = 0; i < config.length; i += 2) {
                layer.put((String) config[i], config[i + 1]);
            }
            layers.add(java.util.Collections.unmodifiableMap(layer));
        }
    }
}
