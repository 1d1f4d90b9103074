package io.trainyard.support.replay;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.eclipse.microprofile.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Rebuilds a service's read model from its topics (docs/replay.md), with every instance of the service
 * stopped: moves the consumer group back to the earliest record each partition still holds, then empties the
 * read model's tables and the processed-event ids in one transaction, so that the service, once started
 * again, projects the whole topic anew. Offsets first: should emptying fail, the service replays onto the
 * read model it has and skips every event as already seen, and the command can be run again. Refuses while a
 * member of the group is connected, and, unless allowed, when retention already deleted records of the topic
 * (the rebuilt read model would lack them).
 */
public final class ReadModelReplay {

    /** What a service's read model is made of: the channels that project into it and its tables. */
    public record ReadModel(String service, List<String> channels, List<String> tables) {
    }

    /** Where the service's group, topics and database are. */
    public record Target(String bootstrapServers, String group, Set<String> topics, String jdbcUrl, String user,
            String password) {
    }

    /** What a rebuild did. */
    public record Summary(String group, int partitions, Map<String, Long> rowsRemoved) {
    }

    /** Thrown instead of touching anything when the rebuild would be unsafe. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private ReadModelReplay() {
    }

    /**
     * The service's own settings, as it reads them: its application.properties (the {@code prod} profile, or
     * those in {@code QUARKUS_PROFILE}), overridden by system properties and environment variables.
     */
    public static Target target(ReadModel model) {
        String profiles = System.getProperty("quarkus.profile", System.getenv().getOrDefault("QUARKUS_PROFILE", "prod"));
        URL properties = ReadModelReplay.class.getClassLoader().getResource("application.properties");
        try {
            SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors()
                    .withProfiles(List.of(profiles.split(",")));
            if (properties != null) {
                builder.withSources(new PropertiesConfigSource(properties, 250));
            }
            return target(model, builder.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Target target(ReadModel model, Config config) {
        Set<String> groups = new TreeSet<>();
        Set<String> topics = new TreeSet<>();
        for (String channel : model.channels()) {
            groups.add(config.getValue("mp.messaging.incoming." + channel + ".group.id", String.class));
            topics.add(config.getValue("mp.messaging.incoming." + channel + ".topic", String.class));
        }
        if (groups.size() != 1) {
            throw new Refused(model.service() + "'s channels " + model.channels() + " use several groups: " + groups);
        }
        return new Target(config.getValue("kafka.bootstrap.servers", String.class), groups.iterator().next(), topics,
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    /** @param allowPartial rebuild even when retention deleted records of the topic already */
    public static Summary rebuild(ReadModel model, Target target, boolean allowPartial) {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        int partitions;
        try (Admin kafka = Admin.create(admin)) {
            int members = members(kafka, target.group());
            if (members > 0) {
                throw new Refused(members + " consumer(s) of group " + target.group() + " are connected: stop"
                        + " every instance of " + model.service() + " first (scale it to 0)");
            }
            Map<TopicPartition, OffsetSpec> earliest = kafka.describeTopics(target.topics()).allTopicNames().get()
                    .values().stream().flatMap(t -> t.partitions().stream()
                            .map(p -> new TopicPartition(t.name(), p.partition())))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()));
            Map<TopicPartition, ListOffsetsResultInfo> starts = kafka.listOffsets(earliest).all().get();
            List<TopicPartition> trimmed = starts.entrySet().stream().filter(e -> e.getValue().offset() > 0)
                    .map(Map.Entry::getKey).sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
            if (!trimmed.isEmpty() && !allowPartial) {
                throw new Refused("retention already deleted the first records of " + trimmed + ": the rebuilt read"
                        + " model would lack them; run again with --allow-partial to rebuild from what is left");
            }
            Map<TopicPartition, OffsetAndMetadata> reset = new LinkedHashMap<>();
            starts.forEach((partition, start) -> reset.put(partition, new OffsetAndMetadata(start.offset())));
            kafka.alterConsumerGroupOffsets(target.group(), reset).all().get();
            partitions = reset.size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused: " + e.getCause().getMessage(), e.getCause());
        }
        return new Summary(target.group(), partitions, empty(model, target));
    }

    private static int members(Admin kafka, String group) throws InterruptedException, ExecutionException {
        try {
            return kafka.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0; // never consumed yet: nothing to reset, still safe to empty
            }
            throw e;
        }
    }

    /** Empties the read model's tables and the processed-event ids in one transaction; returns the rows each held. */
    private static Map<String, Long> empty(ReadModel model, Target target) {
        List<String> tables = new ArrayList<>(model.tables());
        tables.add("processed_event");
        Map<String, Long> removed = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
                Statement sql = db.createStatement()) {
            db.setAutoCommit(false);
            // Tables named by the service's code, never by input.
            sql.execute("LOCK TABLE " + String.join(", ", tables) + " IN ACCESS EXCLUSIVE MODE");
            for (String table : tables) {
                try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + table)) {
                    rows.next();
                    removed.put(table, rows.getLong(1));
                }
            }
            sql.execute("TRUNCATE " + String.join(", ", tables));
            db.commit();
            return removed;
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty " + tables + ": " + e.getMessage(), e);
        }
    }

    /** The command line of a service's replay main: {@code [--allow-partial]}; exit status 0, 1 when refused. */
    public static void main(ReadModel model, String[] args) {
        boolean allowPartial = List.of(args).contains("--allow-partial");
        try {
            Target target = target(model);
            System.out.printf("rebuilding %s's read model %s from %s (group %s) ...%n", model.service(),
                    model.tables(), target.topics(), target.group());
            Summary summary = rebuild(model, target, allowPartial);
            System.out.printf("group %s reset to the earliest offset of %d partitions; removed %s. Start %s: it"
                    + " projects the topic anew.%n", summary.group(), summary.partitions(), summary.rowsRemoved(),
                    model.service());
        } catch (Refused e) {
            System.err.println("refused: " + e.getMessage());
            System.exit(1);
        }
    }
}
