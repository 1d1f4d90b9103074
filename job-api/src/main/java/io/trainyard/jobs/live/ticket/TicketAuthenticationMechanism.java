package io.trainyard.jobs.live.ticket;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Accepts {@code ?ticket=} on the live-update streams only (SSE and WebSocket), where browsers cannot send a
 * bearer token; everywhere else a ticket in a URL is ignored, so that it never opens the rest of the API.
 */
@ApplicationScoped
public class TicketAuthenticationMechanism implements HttpAuthenticationMechanism {
    static final String PARAMETER = "ticket";
    private static final Pattern LIVE_PATHS = Pattern.compile(
            "/api/v1/training(/jobs/[^/]+)?/stream|/ws/training/[^/]+");

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String ticket = context.request().getParam(PARAMETER);
        if (ticket == null || !LIVE_PATHS.matcher(context.normalizedPath()).matches()) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new TicketAuthenticationRequest(ticket), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TicketAuthenticationRequest.class);
    }
}
