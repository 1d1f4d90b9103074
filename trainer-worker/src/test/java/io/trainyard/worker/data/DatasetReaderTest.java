package io.trainyard.worker.data;

import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.TaskType;
import io.trainyard.support.files.Checksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetReaderTest {
    private static final List<DatasetColumn> COLUMNS = List.of(new DatasetColumn("a", ColumnType.NUMERIC),
            new DatasetColumn("kind", ColumnType.CATEGORICAL), new DatasetColumn("y", ColumnType.NUMERIC));

    @TempDir
    Path dir;

    @Test
    void readsTypedColumnsInContractOrder() throws IOException {
        Path csv = write("\uFEFFy,ignored,kind,a\n1.5,x,red,3\n2.5,x, blue ,4\n");
        Table table = DatasetReader.read(csv, COLUMNS, "y", TaskType.REGRESSION);
        assertEquals(2, table.rowCount());
        assertEquals(List.of("a", "kind"), table.features().stream().map(Column::name).toList());
        assertArrayEquals(new double[] {3, 4}, ((Column.Numeric) table.features().get(0)).values());
        Column.Categorical kind = (Column.Categorical) table.features().get(1);
        assertEquals(List.of("red", "blue"), List.of(kind.value(0), kind.value(1)));
        assertArrayEquals(new double[] {1.5, 2.5}, ((Column.Numeric) table.target()).values());
    }

    @Test
    void readsOnceIntoCodedColumnsCheckingTheChecksumOnTheWay() throws IOException {
        Path csv = write("a,kind,y\n1,red,1\n2,blue,2\n3,red,3\n");
        // Two rows declared, three in the file: the columns grow.
        Table table = DatasetReader.read(csv, Checksums.sha256(csv), 2, COLUMNS, "y", TaskType.REGRESSION, null);
        Column.Categorical kind = (Column.Categorical) table.features().get(1);
        assertArrayEquals(new String[] {"red", "blue"}, kind.categories(), "distinct values, in the order first seen");
        assertArrayEquals(new int[] {0, 1, 0}, kind.codes());
        assertArrayEquals(new double[] {1, 2, 3}, ((Column.Numeric) table.features().get(0)).values());

        String registered = Checksums.sha256(csv);
        Files.writeString(csv, "a,kind,y\n1,red,1\n2,blue\n");
        DatasetException changed = assertThrows(DatasetException.class,
                () -> DatasetReader.read(csv, registered, 3, COLUMNS, "y", TaskType.REGRESSION, null));
        assertTrue(changed.getMessage().startsWith("dataset checksum mismatch"),
                "a file that changed says so, rather than where it stopped parsing: " + changed.getMessage());
        assertTrue(assertThrows(DatasetException.class, () -> DatasetReader.read(csv, COLUMNS, "y",
                TaskType.REGRESSION)).getMessage().contains("line 3"));
    }

    @Test
    void readsTheSampleIris() {
        Table table = DatasetReader.read(Path.of("../samples/datasets/iris.csv"), List.of(
                new DatasetColumn("sepal_length", ColumnType.NUMERIC),
                new DatasetColumn("sepal_width", ColumnType.NUMERIC),
                new DatasetColumn("petal_length", ColumnType.NUMERIC),
                new DatasetColumn("petal_width", ColumnType.NUMERIC),
                new DatasetColumn("species", ColumnType.CATEGORICAL)), "species", TaskType.CLASSIFICATION);
        assertEquals(150, table.rowCount());
        assertEquals(4, table.features().size());
    }

    @Test
    void badNumberNamesItsLine() throws IOException {
        Path csv = write("a,kind,y\n1,red,1\n2,red,2\nthree,red,3\n4,red,4");
        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetReader.read(csv, COLUMNS, "y", TaskType.REGRESSION));
        assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("'three'"), e.getMessage());
    }

    @Test
    void wrongFieldCountNamesItsLine() throws IOException {
        Path csv = write("a,kind,y\n1,red,1\n2,red\n");
        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetReader.read(csv, COLUMNS, "y", TaskType.REGRESSION));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void missingColumnAndRegressionOnCategoricalTargetAreRejected() throws IOException {
        Path csv = write("a,y\n1,2\n");
        assertTrue(assertThrows(DatasetException.class,
                () -> DatasetReader.read(csv, COLUMNS, "y", TaskType.REGRESSION)).getMessage().contains("'kind'"));
        assertThrows(DatasetException.class,
                () -> DatasetReader.read(csv, COLUMNS, "kind", TaskType.REGRESSION));
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, content);
        return file;
    }
}
