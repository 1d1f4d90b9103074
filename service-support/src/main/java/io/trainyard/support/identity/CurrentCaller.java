package io.trainyard.support.identity;

import io.quarkus.security.identity.SecurityIdentity;
import io.trainyard.support.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/**
 * The {@link Caller} of the request being served, read from the request's security identity: a bearer JWT,
 * or an identity another mechanism built with the {@link #TENANT_ATTRIBUTE} attribute (job-api's live-update
 * tickets). Resources call {@link #get()} on the request's own thread and pass the record on.
 */
@ApplicationScoped
public class CurrentCaller {
    /** The identity attribute holding the tenant when the principal is not a JWT. */
    public static final String TENANT_ATTRIBUTE = "trainyard.tenant";

    private final SecurityIdentity identity;
    private final IdentityConfig config;

    public CurrentCaller(SecurityIdentity identity, IdentityConfig config) {
        this.identity = identity;
        this.config = config;
    }

    public Caller get() {
        if (identity.isAnonymous()) {
            throw new ApiProblem(401, "Unauthorized", "send a bearer token (Authorization: Bearer <JWT>)", List.of());
        }
        String tenant = identity.getPrincipal() instanceof JsonWebToken jwt
                ? jwt.getClaim(config.tenantClaim()) : identity.getAttribute(TENANT_ATTRIBUTE);
        Caller caller = new Caller(identity.getPrincipal().getName(), tenant == null || tenant.isBlank() ? null
                : tenant, identity.getRoles());
        if (caller.tenant() == null && !caller.operator()) {
            throw new ApiProblem(403, "Forbidden", "the token names no tenant (claim \"" + config.tenantClaim()
                    + "\")", List.of());
        }
        return caller;
    }
}
