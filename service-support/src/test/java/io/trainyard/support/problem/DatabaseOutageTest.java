package io.trainyard.support.problem;

import io.trainyard.devstack.PostgresServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the services' clients (the reactive pool of the requests and projections, JDBC of Flyway) actually
 * throw when a real PostgreSQL stops under them, and that {@link ProblemMapper} answers each with a 503 to
 * retry, while a failing statement on a running server stays a 500.
 */
class DatabaseOutageTest {
    @TempDir
    static Path dataDir;
    private static PostgresServer postgres;
    private static PostgresServer.Database db;
    private static Vertx vertx;
    private static Pool pool;
    private final ProblemMapper mapper = new ProblemMapper();

    @BeforeAll
    static void start() {
        postgres = PostgresServer.embedded(dataDir);
        db = postgres.freshDatabase("outage_test");
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
                .connectingTo(new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.name())
                        .setUser(db.user()).setPassword(db.password()))
                .using(vertx).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            await(pool.close());
        }
        if (vertx != null) {
            await(vertx.close());
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aStatementThatFailsOnARunningServerIsStillAServerError() throws Exception {
        Throwable failure = failureOf(pool.query("SELECT * FROM no_such_table").execute());
        assertFalse(Outages.isDatabaseDown(failure), failure::toString);
        assertEquals(500, mapper.map(new CompletionException(failure), null).getStatus());
    }

    @Test
    void aStoppedServerIsA503WithRetryAfterForEveryClientAndTheSamePoolServesOnceItIsBack() throws Exception {
        SqlConnection held = await(pool.getConnection());
        await(held.query("SELECT 1").execute());
        await(pool.query("SELECT 1").execute());

        postgres.stop();
        List<Throwable> failures = new ArrayList<>();
        // A session the server ended, a pooled connection found dead, new connections refused.
        failures.add(failureOf(held.query("SELECT 1").execute()));
        for (int i = 0; i < 3; i++) {
            failures.add(failureOf(pool.query("SELECT 1").execute()));
        }
        failures.add(assertThrows(SQLException.class, () -> DriverManager.getConnection(db.jdbcUrl(), db.user(),
                db.password())));
        for (Throwable failure : failures) {
            // As it reaches the mapper: wrapped by Hibernate Reactive and Mutiny.
            assertUnavailable(mapper.map(new CompletionException(new IllegalStateException("wrapped", failure)),
                    null), failure);
        }

        postgres.start();
        assertEquals(1, await(pool.query("SELECT 1").execute()).rowCount(), "the pool reconnects on its own");
    }

    private static void assertUnavailable(Response response, Throwable failure) {
        assertEquals(503, response.getStatus(), failure::toString);
        assertEquals(ProblemMapper.PROBLEM_JSON, response.getMediaType().toString());
        assertEquals(String.valueOf(ProblemMapper.RETRY_AFTER_SECONDS), response.getHeaderString("Retry-After"));
        Problem problem = assertInstanceOf(Problem.class, response.getEntity());
        assertEquals("Service unavailable", problem.title());
        assertEquals("the database is unavailable; try again shortly", problem.detail());
    }

    private static Throwable failureOf(Future<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(future));
        return e.getCause();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
