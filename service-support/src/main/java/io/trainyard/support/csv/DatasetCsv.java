package io.trainyard.support.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

import java.io.IOException;
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

    /** A parser over the file; a malformed byte surfaces as an {@link java.io.UncheckedIOException} while reading. */
    public static CSVParser open(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return FORMAT.parse(new InputStreamReader(Files.newInputStream(file), decoder));
    }
}
