package io.trainyard.support.problem;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/** The reactive client's own ways of saying the server went away; loaded only where that client is present. */
final class VertxSqlFailures {
    /**
     * What the client fails a statement with on a connection the server has already closed (a session a
     * stopping server ended); a bare NoStackTraceThrowable, so only its message tells it apart.
     */
    private static final String NOT_ACTIVE = "Connection is not active now";

    private VertxSqlFailures() {
    }

    static boolean isConnectionLost(Throwable t) {
        return t instanceof ClosedConnectionException
                || t instanceof DatabaseException db && Outages.isUnavailableState(db.getSqlState())
                || t.getMessage() != null && t.getMessage().startsWith(NOT_ACTIVE);
    }
}
