package io.trainyard.support.problem;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tells a database that is down or restarting from a bug or bad data: the first is temporary and not the
 * caller's fault (a 503 to retry, a projection to try again), the second is a 500 or a dead letter. Looks
 * through the whole cause chain, since Hibernate Reactive, Mutiny and JDBC wrap the driver's failure.
 */
public final class Outages {
    /** The Vert.x SQL client is on the class path only of services with a database (not the worker's). */
    private static final boolean VERTX_SQL = present("io.vertx.sqlclient.DatabaseException");

    private Outages() {
    }

    public static boolean isDatabaseDown(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedChannelException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLException sql && isUnavailableState(sql.getSQLState())
                    || VERTX_SQL && VertxSqlFailures.isConnectionLost(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server is shutting down, crashed or is
     * starting up), https://www.postgresql.org/docs/current/errcodes-appendix.html.
     */
    static boolean isUnavailableState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.matches("57P0[123]"));
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Outages.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
