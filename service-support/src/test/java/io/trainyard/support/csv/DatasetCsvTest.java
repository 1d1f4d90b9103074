package io.trainyard.support.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetCsvTest {

    @Test
    void headerAfterAByteOrderMarkBlanksAndEmptyLinesIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, "\uFEFFsepal, species\r\n 5.1 ,\"setosa\"\r\n\r\n4.9, \"a, b\"\n", StandardCharsets.UTF_8);
        try (CsvRecords records = DatasetCsv.open(file)) {
            assertEquals(List.of(List.of("sepal", "species"), List.of("5.1", "setosa"), List.of("4.9", "a, b")),
                    all(records));
        }
    }

    @Test
    void quotesHoldCommasLineBreaksAndDoubledQuotesAndLinesAreCounted() throws Exception {
        String csv = "a,b\r\"x\ny\",\"say \"\"hi\"\"\"\n\n\n  \" padded \" ,ab\"c\n1,\n,2";
        CsvRecords records = CsvRecords.of(stream(csv));
        List<List<String>> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        while (records.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                row.add(records.string(i));
            }
            rows.add(row);
            lines.add(records.line());
        }
        assertEquals(List.of(List.of("a", "b"), List.of("x\ny", "say \"hi\""), List.of("padded", "ab\"c"),
                List.of("1", ""), List.of("", "2")), rows);
        assertEquals(List.of(1L, 2L, 6L, 7L, 8L), lines);
    }

    @Test
    void bytesFedOneAtATimeReadAsTheWholeFileDoes() throws Exception {
        Random random = new Random(3);
        String[] values = {"1.5", "\"a,b\"", "\"q\"\"uoted\"", " x ", "\u65e5\u672c", "\uD83D\uDE00", "\"l\r\nine\"", ""};
        StringBuilder csv = new StringBuilder("\uFEFFa,b,c\r\n");
        for (int row = 0; row < 300; row++) {
            for (int col = 0; col < 3; col++) {
                csv.append(values[random.nextInt(values.length)]).append(col < 2 ? "," : random.nextBoolean()
                        ? "\r\n" : random.nextBoolean() ? "\n" : "\r");
            }
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        List<List<String>> whole = all(CsvRecords.of(new ByteArrayInputStream(bytes)));
        for (int step : new int[] {1, 2, 3, 7, 64}) {
            CsvRecords fed = CsvRecords.fed();
            List<List<String>> pieces = new ArrayList<>();
            for (int at = 0; at < bytes.length; at += step) {
                fed.feed(bytes, at, Math.min(step, bytes.length - at));
                pieces.addAll(all(fed));
            }
            fed.end();
            pieces.addAll(all(fed));
            assertEquals(whole, pieces, "fed " + step + " bytes at a time");
        }
        assertEquals(301, whole.size());
    }

    @Test
    void validFilesReadAsTheyDidWithCommonsCsv() throws Exception {
        // The former dialect without its header handling, so that the header comes back as a record too.
        CSVFormat former = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        Random random = new Random(5);
        String[] pieces = {"a", "Zz", "1.5", "-3", " ", "\t", "\u00e9", "\u65e5", "\uD83D\uDE00", ",", "\"", "\n", "\r\n",
            "x y", "''", ";"};
        String[] lineEnds = {"\n", "\r\n", "\r"};
        for (int file = 0; file < 200; file++) {
            StringBuilder csv = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "");
            int columns = 1 + random.nextInt(4);
            for (int row = 0; row < 1 + random.nextInt(20); row++) {
                for (int col = 0; col < columns; col++) {
                    StringBuilder value = new StringBuilder();
                    for (int k = random.nextInt(8); k > 0; k--) { // up to 7 pieces: values past 8 bytes too
                        value.append(pieces[random.nextInt(pieces.length)]);
                    }
                    String text = value.toString();
                    boolean quoted = random.nextInt(3) == 0 || text.matches("(?s).*[,\"\r\n].*")
                            || text.isBlank() && col == 0 && columns == 1;
                    String pad = random.nextBoolean() ? " " : "";
                    csv.append(pad).append(quoted ? "\"" + text.replace("\"", "\"\"") + "\"" : text).append(pad)
                            .append(col < columns - 1 ? "," : lineEnds[random.nextInt(3)]);
                }
                if (random.nextInt(5) == 0) {
                    csv.append(lineEnds[random.nextInt(3)]);
                }
            }
            String text = csv.toString();
            List<List<String>> expected = new ArrayList<>();
            try (CSVParser parser = former.parse(new java.io.StringReader(text.startsWith("\uFEFF") ? text.substring(1)
                    : text))) {
                parser.forEach(r -> expected.add(r.toList()));
            }
            assertEquals(expected, all(CsvRecords.of(stream(text))), text);
        }
    }

    @Test
    void aByteThatIsNotUtf8IsAnErrorNotAReplacementCharacter() {
        byte[] head = "name,city\n".getBytes(StandardCharsets.US_ASCII);
        byte[] row = new byte[10_000];
        Arrays.fill(row, (byte) 'a');
        row[9_000] = (byte) 0xE9; // 'é' in ISO-8859-1, far enough in to be read while iterating
        row[5_000] = ',';
        assertEquals("is not UTF-8 text", error(concat(head, row)).getMessage());
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2,
                (byte) 0x82})) {
            assertEquals("is not UTF-8 text", error(concat(head, bad)).getMessage(), Arrays.toString(bad));
        }
    }

    @Test
    void brokenFilesSayWhatAndWhere() {
        assertEquals("has a NUL character on line 3 (binary data, not CSV text)",
                error("a,b\n1,2\n3,x\u0000y\n").getMessage());
        assertEquals("is not valid CSV: line 2 has a quoted value that is never closed",
                error("a,b\n1,\"2\n3,4\n").getMessage());
        assertEquals("is not valid CSV: line 3 has a character after the closing quote of a value (quote the whole "
                + "value, and double every quote inside it)", error("a,b\n1,2\n\"3\"x,4\n").getMessage());
        CsvFormatException tooLong = error("a,b\n1," + "9".repeat(CsvRecords.MAX_RECORD_BYTES) + "\n");
        assertEquals("has a line longer than " + CsvRecords.MAX_RECORD_BYTES + " bytes (line 2)", tooLong.getMessage());
        assertEquals(2, tooLong.line());
    }

    @Test
    void numbersAreWhatDoubleParseDoubleReads() {
        List<String> samples = new ArrayList<>(List.of("0", "-0", "+1", "1.", ".5", "-.5", "007", "1.25", "3.14159265358979",
                "2.718281828459045", "123456789012345678", "0.1", "0.30000000000000004", "1e5", "1E-3", "1e309",
                "-1e309", "0x1p3", "0x1.8P1", "5f", "5d", "NaN", "Infinity", "-Infinity", "north", "1.2.3", "12abc",
                ".", "+", "-", "e5", "1e", "0x", "1_000", "\u0661", "9".repeat(308), "9".repeat(309), "1" + "0".repeat(309),
                "0".repeat(400) + "1", "0." + "0".repeat(30) + "1"));
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            samples.add(String.format(java.util.Locale.ROOT, "%." + random.nextInt(12) + "f",
                    (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(16))));
        }
        for (String sample : samples) {
            byte[] b = sample.getBytes(StandardCharsets.UTF_8);
            Double expected;
            try {
                expected = Double.parseDouble(sample);
            } catch (NumberFormatException e) {
                expected = null;
            }
            assertEquals(expected != null && Double.isFinite(expected), CsvNumbers.isFiniteNumber(b, 0, b.length),
                    sample);
            // Inside a record, where short values are read a word at a time: the bytes around are no part of it.
            byte[] inRecord = ("9." + sample + ".9,x9").getBytes(StandardCharsets.UTF_8);
            assertEquals(expected != null && Double.isFinite(expected),
                    CsvNumbers.isFiniteNumber(inRecord, 2, 2 + b.length), "in a record: " + sample);
            if (expected != null) {
                assertEquals(expected, CsvNumbers.parseDouble(b, 0, b.length), sample);
            } else {
                assertThrows(NumberFormatException.class, () -> CsvNumbers.parseDouble(b, 0, b.length), sample);
            }
        }
    }

    @Test
    void anEmptyFileHasNoRecords() throws Exception {
        assertFalse(CsvRecords.of(stream("")).next());
        assertFalse(CsvRecords.of(stream("\uFEFF\r\n\n")).next());
        assertTrue(CsvRecords.of(stream("a")).next());
    }

    private static List<List<String>> all(CsvRecords records) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        while (records.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                row.add(records.string(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static CsvFormatException error(String csv) {
        return error(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static CsvFormatException error(byte[] csv) {
        return assertThrows(CsvFormatException.class, () -> all(CsvRecords.of(new ByteArrayInputStream(csv))));
    }

    private static ByteArrayInputStream stream(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
