package io.trainyard.support.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one CSV dialect of a dataset, so that what the upload accepted is what the worker trains on and
 * what a bundle samples: RFC 4180 with a header row, blanks around values and empty lines ignored,
 * strict UTF-8 (a byte that is not UTF-8 is an error, never a replacement character).
 */
public final class DatasetCsv {
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .get();

    private DatasetCsv() {
    }

    /**
     * A parser over the file, past a UTF-8 byte order mark if the file starts with one (spreadsheet
     * exports write it; it is not part of the first column's name). A malformed byte surfaces as a
     * {@link java.nio.charset.CharacterCodingException}, or while iterating as an
     * {@link java.io.UncheckedIOException} around one.
     */
    public static CSVParser open(Path file) throws IOException {
        return open(Files.newInputStream(file));
    }

    /** A parser over a stream (an object of the artifact store), read like {@link #open(Path)}; closes it. */
    public static CSVParser open(InputStream in) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder));
        try {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            return FORMAT.parse(reader);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }
}
