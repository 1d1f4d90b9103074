package io.trainyard.worker.data;

import io.trainyard.contracts.TaskType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PreprocessingTest {

    /** Rows 0-3 train, rows 4-5 validate; the validation rows hold extreme values and a new category. */
    private static final Table TABLE = new Table(List.of(
            new Column.Numeric("x", new double[] {1, 2, 3, 4, 1000, -1000}),
            Column.Categorical.of("colour", "red", "blue", "red", "green", "purple", "blue")),
            Column.Categorical.of("label", "b", "a", "b", "c", "a", "c"));
    private static final int[] TRAIN = {0, 1, 2, 3};
    private static final int[] VALIDATION = {4, 5};

    @Test
    void standardisesWithTrainingRowsOnly() {
        Preprocessing prep = Preprocessing.fit(TABLE, TRAIN, TaskType.CLASSIFICATION);
        FeatureEncoding x = prep.features().get(0);
        assertEquals(2.5, x.mean(), 1e-12);
        assertEquals(Math.sqrt(1.25), x.std(), 1e-12, "population std of 1,2,3,4");

        EncodedSplit train = prep.encode(TABLE, TRAIN);
        double mean = 0;
        double squares = 0;
        for (int i = 0; i < train.rows(); i++) {
            mean += train.features()[i * train.width()];
        }
        mean /= train.rows();
        for (int i = 0; i < train.rows(); i++) {
            double d = train.features()[i * train.width()] - mean;
            squares += d * d;
        }
        assertEquals(0.0, mean, 1e-6);
        assertEquals(1.0, Math.sqrt(squares / train.rows()), 1e-6);

        EncodedSplit validation = prep.encode(TABLE, VALIDATION);
        assertEquals((1000 - 2.5) / Math.sqrt(1.25), validation.features()[0], 1e-3,
                "validation rows are scaled with the training statistics");
    }

    @Test
    void oneHotUsesTrainingCategoriesAndZerosForUnseen() {
        Preprocessing prep = Preprocessing.fit(TABLE, TRAIN, TaskType.CLASSIFICATION);
        assertEquals(List.of("blue", "green", "red"), prep.features().get(1).categories(),
                "purple only occurs in validation");
        assertEquals(4, prep.inputWidth());
        assertEquals(List.of("x", "colour=blue", "colour=green", "colour=red"), prep.inputNames());

        EncodedSplit train = prep.encode(TABLE, TRAIN);
        assertArrayEquals(new float[] {0, 0, 1}, java.util.Arrays.copyOfRange(train.features(), 1, 4), "red");
        assertArrayEquals(new float[] {1, 0, 0}, java.util.Arrays.copyOfRange(train.features(), 5, 8), "blue");

        EncodedSplit validation = prep.encode(TABLE, VALIDATION);
        assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOfRange(validation.features(), 1, 4),
                "unseen purple");
        assertArrayEquals(new float[] {1, 0, 0}, java.util.Arrays.copyOfRange(validation.features(), 5, 8));
    }

    @Test
    void featureOnlyEncodingIsTheTrainingEncoding() {
        Preprocessing prep = Preprocessing.fit(TABLE, TRAIN, TaskType.CLASSIFICATION);
        assertArrayEquals(prep.encode(TABLE, VALIDATION).features(), prep.encodeFeatures(TABLE.features(), VALIDATION));
        assertEquals(List.of("x", "colour"), prep.columnNames());
    }

    @Test
    void classLabelsAreSortedIndices() {
        Preprocessing prep = Preprocessing.fit(TABLE, TRAIN, TaskType.CLASSIFICATION);
        assertEquals(List.of("a", "b", "c"), prep.target().classLabels());
        assertEquals(3, prep.target().outputs());
        assertArrayEquals(new float[] {1, 0, 1, 2}, prep.encode(TABLE, TRAIN).labels());
        assertArrayEquals(new float[] {0, 2}, prep.encode(TABLE, VALIDATION).labels());
    }

    @Test
    void numericLabelsSortNumerically() {
        Table table = new Table(List.of(new Column.Numeric("x", new double[] {1, 2, 3})),
                Column.Categorical.of("digit", "10", "2", "9"));
        assertEquals(List.of("2", "9", "10"),
                Preprocessing.fit(table, new int[] {0, 1, 2}, TaskType.CLASSIFICATION).target().classLabels());
    }

    @Test
    void regressionTargetIsStandardisedWithTrainingStatistics() {
        Table table = new Table(List.of(new Column.Numeric("x", new double[] {1, 2, 3, 4, 5})),
                new Column.Numeric("y", new double[] {10, 20, 30, 40, 500}));
        Preprocessing prep = Preprocessing.fit(table, new int[] {0, 1, 2, 3}, TaskType.REGRESSION);
        assertEquals(25.0, prep.target().mean(), 1e-12);
        assertEquals(Math.sqrt(125), prep.target().std(), 1e-12);
        assertEquals(1, prep.target().outputs());
        assertEquals((500 - 25) / Math.sqrt(125), prep.encode(table, new int[] {4}).labels()[0], 1e-4);
    }

    @Test
    void constantColumnIsCentredNotDividedByZero() {
        Table table = new Table(List.of(new Column.Numeric("c", new double[] {7, 7, 7})),
                Column.Categorical.of("label", "a", "b", "a"));
        Preprocessing prep = Preprocessing.fit(table, new int[] {0, 1, 2}, TaskType.CLASSIFICATION);
        assertEquals(1.0, prep.features().get(0).std());
        assertArrayEquals(new float[] {0, 0, 0}, prep.encode(table, new int[] {0, 1, 2}).features());
    }

    @Test
    void classificationNeedsTwoClasses() {
        Table table = new Table(List.of(new Column.Numeric("x", new double[] {1, 2})),
                Column.Categorical.of("label", "a", "a"));
        assertThrows(DatasetException.class, () -> Preprocessing.fit(table, new int[] {0}, TaskType.CLASSIFICATION));
    }
}
