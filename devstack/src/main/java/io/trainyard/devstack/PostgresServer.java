package io.trainyard.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL server the stack uses: the one named by {@code TRAINYARD_PG_HOST}/{@code _PORT}/
 * {@code _USER}/{@code _PASSWORD} (default 127.0.0.1:5432, user postgres), or, when none answers, an
 * embedded server from the zonky binaries on Maven Central. PostgreSQL refuses to run as root, so
 * for a root JVM the embedded server runs as nobody ({@link UnprivilegedPostgres}). An embedded server can be
 * {@linkplain #stop() stopped} and {@linkplain #start() started} again on the same port and data directory, as
 * a database server goes down and comes back under running services.
 */
public final class PostgresServer implements AutoCloseable {

    /** A database on this server, with the URLs the Quarkus services take. */
    public record Database(String name, String host, int port, String user, String password) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public String reactiveUrl() {
            return "postgresql://" + host + ":" + port + "/" + name;
        }
    }

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    /** Where the embedded server keeps its cluster; null for a server someone else runs. */
    private final Path embeddedDataDir;
    /** The running embedded server; null for someone else's, or while stopped. */
    private Closeable embedded;

    private PostgresServer(String host, int port, String user, String password, Path embeddedDataDir) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.embeddedDataDir = embeddedDataDir;
    }

    public static PostgresServer connect(Path embeddedDataDir) {
        return connect(embeddedDataDir, System.getenv());
    }

    /** {@link #connect(Path)} with the {@code TRAINYARD_PG_*} settings read from {@code env}, for tests. */
    static PostgresServer connect(Path embeddedDataDir, Map<String, String> env) {
        String host = setting(env, "TRAINYARD_PG_HOST", "127.0.0.1");
        int port = Integer.parseInt(setting(env, "TRAINYARD_PG_PORT", "5432"));
        String user = setting(env, "TRAINYARD_PG_USER", "postgres");
        String password = setting(env, "TRAINYARD_PG_PASSWORD", "");
        if (Ports.isOpen(host, port)) {
            return new PostgresServer(host, port, user, password, null);
        }
        return embedded(embeddedDataDir);
    }

    /**
     * An embedded server of its own on a free port, even where a configured server answers: one that a test
     * may {@link #stop()} without disturbing anyone else's databases.
     */
    public static PostgresServer embedded(Path dataDir) {
        PostgresServer server = new PostgresServer("127.0.0.1", Ports.free(), "postgres", "", dataDir);
        server.start();
        return server;
    }

    /** Starts the stopped embedded server again, on the same port and with the same data (a restart, not a reset). */
    public synchronized void start() {
        if (embeddedDataDir == null) {
            throw new IllegalStateException("the PostgreSQL on " + address() + " is not ours to start");
        }
        if (embedded != null) {
            throw new IllegalStateException("the embedded PostgreSQL on " + address() + " runs already");
        }
        try {
            embedded = "root".equals(System.getProperty("user.name"))
                    ? UnprivilegedPostgres.start(embeddedDataDir, port)
                    : EmbeddedPostgres.builder().setPort(port).setDataDirectory(embeddedDataDir)
                            .setCleanDataDirectory(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    /**
     * Stops the embedded server as an operator or a failing node would (fast shutdown: open sessions are ended),
     * keeping its data for {@link #start()}.
     */
    public synchronized void stop() {
        if (embeddedDataDir == null) {
            throw new IllegalStateException("the PostgreSQL on " + address() + " is not ours to stop");
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                embedded = null;
            }
        }
    }

    public boolean isEmbedded() {
        return embeddedDataDir != null;
    }

    public String address() {
        return host + ":" + port;
    }

    /** Creates the database unless it exists; a local run keeps its data between starts. */
    public Database ensureDatabase(String name) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + checkedName(name) + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + checkedName(name));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + address(), e);
        }
        return new Database(name, host, port, user, password);
    }

    /** Drops and recreates the database, so that a test run never sees another run's rows. */
    public Database freshDatabase(String name) {
        dropDatabase(name);
        return ensureDatabase(name);
    }

    public void dropDatabase(String name) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + checkedName(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop database " + name, e);
        }
    }

    private Connection admin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", props);
    }

    private static String checkedName(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a safe database name: " + name);
        }
        return name;
    }

    private static String setting(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void close() {
        if (embeddedDataDir != null) {
            stop();
        }
    }
}
