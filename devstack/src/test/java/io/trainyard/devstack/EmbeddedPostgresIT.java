package io.trainyard.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded fallback, as the current user (root runs it as nobody). The configured port is one where
 * nothing listens, so that a PostgreSQL already running on this machine is neither used nor disturbed.
 */
class EmbeddedPostgresIT {

    private static final Map<String, String> NO_SERVER = Map.of("TRAINYARD_PG_PORT", Integer.toString(Ports.free()));

    @Test
    void startsServesAndStopsAnEmbeddedServer(@TempDir Path dataDir) throws Exception {
        Path actualDataDir = useAndClose(dataDir);
        assertEquals(dataDir.toRealPath(), actualDataDir);
    }

    /** An own server, even beside a configured one, goes down and comes back on its port with its data. */
    @Test
    void anOwnServerStopsAndStartsAgainOnItsPortWithItsData(@TempDir Path dataDir) throws Exception {
        try (PostgresServer server = PostgresServer.embedded(dataDir)) {
            assertTrue(server.isEmbedded());
            PostgresServer.Database db = server.freshDatabase("restart_it");
            sql(db, "CREATE TABLE runs (id int PRIMARY KEY, name text)", "INSERT INTO runs VALUES (1, 'kept')");
            int port = db.port();

            server.stop();
            assertFalse(Ports.isOpen("127.0.0.1", port), "nothing listens while stopped");
            assertThrows(SQLException.class, () -> sql(db, "SELECT 1"));

            server.start();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                 Statement s = c.createStatement()) {
                assertEquals("kept", single(s, "SELECT name FROM runs WHERE id = 1"));
            }
        }
    }

    private static void sql(PostgresServer.Database db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** A checkout under /root: nobody cannot reach the requested directory, so the cluster lives elsewhere. */
    @Test
    void asRootTheClusterMovesWhereNobodyCanReachIt(@TempDir Path privateDir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root runs the server as nobody");
        Path requested = privateDir.resolve("postgres");
        Path actualDataDir = useAndClose(requested);
        try {
            assertNotEquals(requested, actualDataDir);
            assertTrue(actualDataDir.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toRealPath()));
        } finally {
            deleteTree(actualDataDir);
        }
    }

    /** Starts the embedded server, runs SQL in a fresh database, closes it; returns its data directory. */
    private static Path useAndClose(Path dataDir) throws Exception {
        Path actualDataDir;
        long postmasterPid;
        int port;
        try (PostgresServer server = PostgresServer.connect(dataDir, NO_SERVER)) {
            assertTrue(server.isEmbedded());
            port = Integer.parseInt(server.address().substring(server.address().lastIndexOf(':') + 1));
            assertNotEquals(NO_SERVER.get("TRAINYARD_PG_PORT"), Integer.toString(port));
            PostgresServer.Database db = server.freshDatabase("embedded_it");
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE runs (id int PRIMARY KEY, name text)");
                s.execute("INSERT INTO runs VALUES (1, 'first')");
                assertEquals("first", single(s, "SELECT name FROM runs WHERE id = 1"));
                actualDataDir = Path.of(single(s, "SHOW data_directory"));
            }
            postmasterPid = Long.parseLong(Files.readAllLines(actualDataDir.resolve("postmaster.pid")).get(0).strip());
            assertTrue(ProcessHandle.of(postmasterPid).isPresent());
        }
        assertFalse(Ports.isOpen("127.0.0.1", port), "nothing listens once closed");
        // The postmaster is not our child: give its new parent a moment to reap it.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false)
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false), "postmaster has exited");
        return actualDataDir;
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
