package io.trainyard.worker.training;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.worker.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The networks' shapes and sizes, on a real (CPU) engine. */
class NetworksTest {

    private static SequentialBlock initialised(Model model, ModelFamily family, Hyperparameters hp, int width,
            int outputs) {
        SequentialBlock block = Networks.build(family, hp, width, outputs);
        model.setBlock(block);
        block.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, Networks.inputShape(width));
        return block;
    }

    private static Shape outputShape(Model model, SequentialBlock block, int rows, int width) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList out = block.forward(new ParameterStore(scope, false), new NDList(scope.ones(new Shape(rows,
                    width))), false);
            return out.singletonOrThrow().getShape();
        }
    }

    @Test
    void linearModelsAreOneLayer() {
        DjlEngines.pytorch();
        try (Model model = Model.newInstance("linear", DjlEngines.ENGINE_NAME)) {
            Hyperparameters hp = TestData.hyperparameters(ModelFamily.LOGISTIC_REGRESSION, Map.of());
            SequentialBlock block = initialised(model, ModelFamily.LOGISTIC_REGRESSION, hp, 7, 3);
            assertEquals(7 * 3 + 3, Networks.parameterCount(block));
            assertEquals(new Shape(5, 3), outputShape(model, block, 5, 7));
            assertEquals(List.of(Map.of("type", "linear", "units", 3)),
                    Networks.describe(ModelFamily.LOGISTIC_REGRESSION, hp, 7, 3));
        }
    }

    @Test
    void convolutionsKeepTheLengthAlsoForEvenKernelsAndStopPoolingAtOne() {
        DjlEngines.pytorch();
        try (Model model = Model.newInstance("cnn", DjlEngines.ENGINE_NAME)) {
            // 5 steps: pooled to 2, then 1, then no pool any more.
            Hyperparameters hp = TestData.hyperparameters(ModelFamily.CNN1D_CLASSIFIER, Map.of("conv_layers", 3,
                    "conv_filters", 4, "kernel_size", 4, "hidden_layers", List.of(6), "dropout", 0.0));
            SequentialBlock block = initialised(model, ModelFamily.CNN1D_CLASSIFIER, hp, 5, 2);
            assertEquals(new Shape(3, 2), outputShape(model, block, 3, 5));
            long conv = (4 * 1 * 4 + 4) + 2 * (4 * 4 * 4 + 4);
            long dense = (4 * 1) * 6 + 6 + 6 * 2 + 2;
            assertEquals(conv + dense, Networks.parameterCount(block));
            List<String> layers = Networks.describe(ModelFamily.CNN1D_CLASSIFIER, hp, 5, 2).stream()
                    .map(l -> (String) l.get("type")).toList();
            assertEquals(List.of("reshape", "conv1d", "drop_first_step", "relu", "max_pool1d", "conv1d",
                    "drop_first_step", "relu", "max_pool1d", "conv1d", "drop_first_step", "relu", "flatten", "linear",
                    "relu", "linear"), layers);
            assertEquals(block.getChildren().size(), layers.size(), "the description lists every block");
        }
    }

    @Test
    void theFamilyDefaultsBuildTheDocumentedShapes() {
        DjlEngines.pytorch();
        try (Model model = Model.newInstance("mlp", DjlEngines.ENGINE_NAME)) {
            Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_REGRESSOR, Map.of("dropout", 0.2));
            SequentialBlock block = initialised(model, ModelFamily.MLP_REGRESSOR, hp, 9, 1);
            assertEquals(9 * 32 + 32 + 32 * 16 + 16 + 16 + 1, Networks.parameterCount(block));
            assertArrayEquals(new long[] {4, 1}, outputShape(model, block, 4, 9).getShape());
        }
    }
}
