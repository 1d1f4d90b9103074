package io.trainyard.jobs.live.ticket;

import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.config.JobApiConfig;
import io.trainyard.support.files.Checksums;
import io.trainyard.support.identity.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Short-lived tickets standing for a caller in a URL, for the clients that cannot send an Authorization header
 * (a browser's EventSource and WebSocket). Kept in PostgreSQL, so that any replica honours a ticket another one
 * issued; only their SHA-256 is stored. The reactive client is used directly: the identity provider reading
 * them runs outside any Hibernate session.
 */
@ApplicationScoped
public class LiveTickets {
    /** A ticket and when it stops working. */
    public record Issued(String ticket, Instant expiresAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final Duration lifetime;

    public LiveTickets(Pool pool, JobApiConfig config) {
        this.pool = pool;
        this.lifetime = config.live().ticketLifetime();
    }

    public Uni<Issued> issue(Caller caller) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expires = Instant.now().plus(lifetime);
        // Expired rows are the retention pass's to remove (an hour's worth at most); redeeming checks the expiry.
        return pool.preparedQuery("INSERT INTO live_ticket (ticket_sha256, user_name, tenant, roles, expires_at) "
                        + "VALUES ($1, $2, $3, $4, $5)").execute(Tuple.of(hash(ticket), caller.user(), caller.tenant(),
                        String.join(",", caller.roles()), OffsetDateTime.ofInstant(expires, ZoneOffset.UTC)))
                .map(ignored -> new Issued(ticket, expires));
    }

    /** The caller a ticket stands for, or null if it is unknown or expired. */
    public Uni<Caller> redeem(String ticket) {
        return pool.preparedQuery("SELECT user_name, tenant, roles FROM live_ticket WHERE ticket_sha256 = $1 AND "
                + "expires_at > now()").execute(Tuple.of(hash(ticket))).map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    Set<String> roles = Arrays.stream(row.getString("roles").split(",")).filter(r -> !r.isBlank())
                            .collect(Collectors.toSet());
                    return new Caller(row.getString("user_name"), row.getString("tenant"), roles);
                });
    }

    private static String hash(String ticket) {
        return Checksums.sha256(ticket.getBytes(StandardCharsets.UTF_8));
    }
}
