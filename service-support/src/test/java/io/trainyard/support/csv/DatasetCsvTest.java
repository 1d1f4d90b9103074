package io.trainyard.support.csv;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DatasetCsvTest {

    @Test
    void headerAfterAByteOrderMarkBlanksAndEmptyLinesIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, "\uFEFFsepal, species\r\n 5.1 ,\"setosa\"\r\n\r\n4.9, \"a, b\"\n", StandardCharsets.UTF_8);
        try (CSVParser parser = DatasetCsv.open(file)) {
            assertEquals(List.of("sepal", "species"), parser.getHeaderNames());
            List<List<String>> rows = parser.stream().map(CSVRecord::toList).toList();
            assertEquals(List.of(List.of("5.1", "setosa"), List.of("4.9", "a, b")), rows);
        }
    }

    @Test
    void aByteThatIsNotUtf8IsAnErrorNotAReplacementCharacter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.csv");
        byte[] head = "name,city\n".getBytes(StandardCharsets.US_ASCII);
        byte[] row = new byte[10_000];
        java.util.Arrays.fill(row, (byte) 'a');
        row[9_000] = (byte) 0xE9; // 'é' in ISO-8859-1, far enough in to be read while iterating
        row[5_000] = ',';
        Files.write(file, concat(head, row));
        try (CSVParser parser = DatasetCsv.open(file)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> parser.stream().toList());
            assertInstanceOf(CharacterCodingException.class, e.getCause());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
