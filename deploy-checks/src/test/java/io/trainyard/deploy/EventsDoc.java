package io.trainyard.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/events.md as the list of topics (a "## `topic`" section each, plus the dead-letter table) and the
 * "Topic settings" table that says how a cluster creates each.
 */
final class EventsDoc {
    private static final String TEXT = Repo.read(Repo.ROOT.resolve("docs/events.md"));
    private static final Pattern SECTION_TOPIC = Pattern.compile("(?m)^## `(trainyard\\.[^`]+)`");
    private static final Pattern TABLE_TOPIC = Pattern.compile("(?m)^\\| `(trainyard\\.[^`]+)` \\|");
    private static final Pattern SETTINGS_ROW = Pattern.compile(
            "(?m)^\\| `(trainyard\\.[^`]+)` \\| (\\d+) \\| ([a-z,]+) \\| `(\\d+)`");

    record TopicSettings(int partitions, String cleanupPolicy, long retentionMs) {
    }

    private EventsDoc() {
    }

    /** Every topic the contract names: the topic sections and the dead-letter topics. */
    static Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        Matcher sections = SECTION_TOPIC.matcher(TEXT);
        while (sections.find()) {
            topics.add(sections.group(1));
        }
        Matcher deadLetters = TABLE_TOPIC.matcher(section("## Dead-letter topics"));
        while (deadLetters.find()) {
            topics.add(deadLetters.group(1));
        }
        return topics;
    }

    /** The "Topic settings" table, by topic. */
    static Map<String, TopicSettings> settings() {
        Map<String, TopicSettings> settings = new LinkedHashMap<>();
        Matcher rows = SETTINGS_ROW.matcher(section("## Topic settings"));
        while (rows.find()) {
            settings.put(rows.group(1), new TopicSettings(Integer.parseInt(rows.group(2)), rows.group(3),
                    Long.parseLong(rows.group(4))));
        }
        return settings;
    }

    private static String section(String heading) {
        int start = TEXT.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new IllegalStateException("docs/events.md has no section " + heading);
        }
        int end = TEXT.indexOf("\n## ", start + heading.length() + 1);
        return TEXT.substring(start, end < 0 ? TEXT.length() : end);
    }
}
