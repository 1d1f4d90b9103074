package io.trainyard.support.hostile;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every row of every table of a service's schema (but Flyway's history), as text, sorted, read in one
 * repeatable-read transaction: taken before and after a hostile run to prove that no rejected request wrote
 * anything. A table the service itself rewrites in the background without changing what it means (a counter
 * whose pending changes are folded in) is read through a {@link View} that states its meaning instead.
 */
public final class TableSnapshot {

    /** Opens a connection to the service's database. */
    @FunctionalInterface
    public interface Database {
        Connection connect() throws SQLException;
    }

    /** Reads {@code query} under {@code name} in place of the tables it {@code replaces}. */
    public record View(String name, String query, List<String> replaces) {
    }

    private final Map<String, List<String>> rows;

    /** The service's own database, as its configuration names it (quarkus.datasource.jdbc.*). */
    public static Connection connectAsConfigured() throws SQLException {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return java.sql.DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    private TableSnapshot(Map<String, List<String>> rows) {
        this.rows = rows;
    }

    public static TableSnapshot take(Database database) {
        return take(database, List.of());
    }

    public static TableSnapshot take(Database database, List<View> views) {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection c = database.connect()) {
            // One snapshot for every table: read one by one, a change moving rows between two tables is seen twice.
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            List<String> tables = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                    + " AND table_name <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (View view : views) {
                tables.removeAll(view.replaces());
                rows.put(view.name(), lines(c, "SELECT t::text FROM (" + view.query() + ") t ORDER BY 1"));
            }
            for (String table : tables) {
                rows.put(table, lines(c, "SELECT t::text FROM \"" + table + "\" t ORDER BY 1"));
            }
            c.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new TableSnapshot(rows);
    }

    private static List<String> lines(Connection c, String query) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (var rs = c.createStatement().executeQuery(query)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    /**
     * A snapshot once two taken a second apart agree: what earlier tests set in motion (an outbox row being
     * relayed, a record being projected) has come to rest, so that a difference afterwards is ours.
     */
    public static TableSnapshot settled(Database database, List<View> views) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        TableSnapshot last = take(database, views);
        while (Instant.now().isBefore(deadline)) {
            sleep();
            TableSnapshot next = take(database, views);
            if (next.rows.equals(last.rows)) {
                return next;
            }
            last = next;
        }
        throw new AssertionError("the database did not come to rest within 60 s: "
                + last.difference(take(database, views)));
    }

    public int rowCount() {
        return rows.values().stream().mapToInt(List::size).sum();
    }

    public int tableCount() {
        return rows.size();
    }

    /** The tables whose rows differ, with a few rows that are only on one side; empty when equal. */
    public String difference(TableSnapshot after) {
        StringBuilder out = new StringBuilder();
        for (String table : new java.util.TreeSet<>(union(after))) {
            List<String> was = rows.getOrDefault(table, List.of());
            List<String> now = after.rows.getOrDefault(table, List.of());
            if (!Objects.equals(was, now)) {
                List<String> gone = new ArrayList<>(was);
                gone.removeAll(now);
                List<String> added = new ArrayList<>(now);
                added.removeAll(was);
                out.append(table).append(": ").append(was.size()).append(" -> ").append(now.size())
                        .append(" rows; gone ").append(gone.stream().limit(3).toList())
                        .append("; added ").append(added.stream().limit(3).toList()).append('\n');
            }
        }
        return out.toString();
    }

    private java.util.Set<String> union(TableSnapshot other) {
        java.util.Set<String> all = new java.util.HashSet<>(rows.keySet());
        all.addAll(other.rows.keySet());
        return all;
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
