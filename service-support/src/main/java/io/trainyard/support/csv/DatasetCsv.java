package io.trainyard.support.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one CSV dialect of a dataset, so that what the upload accepted is what the worker trains on and what a
 * bundle samples: strict UTF-8 (a byte that is not UTF-8 is an error, never a replacement character), an
 * optional byte order mark, a header row, values separated by commas, records by LF, CRLF or CR, empty lines
 * ignored; RFC 4180 quotes (a quoted value may hold commas and line breaks, {@code ""} inside it is a quote,
 * and only blanks may follow its closing quote); blanks and control characters around a value, quoted or not,
 * are no part of it; no NUL anywhere, and no record longer than {@link CsvRecords#MAX_RECORD_BYTES}.
 */
public final class DatasetCsv {
    private DatasetCsv() {
    }

    /** The records of a file, its header first. */
    public static CsvRecords open(Path file) throws IOException {
        return CsvRecords.of(Files.newInputStream(file));
    }
}
