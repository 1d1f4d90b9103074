package io.trainyard.support.csv;

import java.io.IOException;

/**
 * A file that is not CSV in the dataset dialect. The message says what is wrong as a predicate of the file
 * ("has a NUL character on line 3 ..."), so that job-api and the worker each put their own subject before it.
 */
public class CsvFormatException extends IOException {
    private final long line;

    public CsvFormatException(String message, long line) {
        super(message);
        this.line = line;
    }

    /** The line at fault (the first line is 1). */
    public long line() {
        return line;
    }
}
