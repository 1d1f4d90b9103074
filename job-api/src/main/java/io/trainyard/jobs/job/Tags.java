package io.trainyard.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.support.problem.ApiProblem.FieldError;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The tags a job or an experiment carries: the one rule for both, so that a tag filter means the same everywhere. */
public final class Tags {
    static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,49}");
    static final int MAX_TAGS = 20;

    private Tags() {
    }

    /** The tags of a JSON array, sorted and without repeats; what is wrong goes to {@code errors}. */
    public static List<String> parse(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_TAGS) {
            errors.add(new FieldError("tags", "must be an array of at most " + MAX_TAGS + " tags"));
            return List.of();
        }
        Set<String> tags = new TreeSet<>(); // a set, shown sorted like when loaded
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            if (!tag.isTextual() || !TAG.matcher(tag.textValue()).matches()) {
                errors.add(new FieldError("tags[" + i + "]", "must be 1 to 50 lowercase letters, digits, '_', '.' or"
                        + " '-', starting with a letter or digit"));
            } else {
                tags.add(tag.textValue());
            }
        }
        return List.copyOf(tags);
    }
}
