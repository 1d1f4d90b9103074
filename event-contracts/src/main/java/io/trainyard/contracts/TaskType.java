package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum TaskType {
    CLASSIFICATION, REGRESSION;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TaskType fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown task type: " + value));
    }

    public static Optional<TaskType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst();
    }
}
