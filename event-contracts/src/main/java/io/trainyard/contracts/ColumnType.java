package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a dataset column is fed to a model: numbers are standardised, categories one-hot encoded. */
public enum ColumnType {
    NUMERIC, CATEGORICAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ColumnType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
