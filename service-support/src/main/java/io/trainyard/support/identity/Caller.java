package io.trainyard.support.identity;

import io.trainyard.support.problem.ApiProblem;

import java.util.Set;

/**
 * Who is calling, as their token says: the user, the tenant they act in and their roles. Members of a tenant
 * read everything in it; changes to a job or a model are for its owner and the tenant's {@value #ADMIN}s; the
 * platform's {@value #OPERATOR}s read every tenant.
 *
 * @param user   the token's user name ({@code upn}, {@code preferred_username} or {@code sub})
 * @param tenant the tenant claim; null only for an operator whose token names no tenant
 */
public record Caller(String user, String tenant, Set<String> roles) {
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean operator() {
        return roles.contains(OPERATOR);
    }

    /** Whether the caller may see an object of this tenant; one it may not see must look as if it did not exist. */
    public boolean canRead(String objectTenant) {
        return operator() || objectTenant.equals(tenant);
    }

    /** Whether the caller may change an object of this tenant that {@code owner} owns. */
    public boolean canManage(String objectTenant, String owner) {
        return objectTenant.equals(tenant) && (roles.contains(ADMIN) || user.equals(owner));
    }

    /**
     * A 403 unless the caller may change the object; call it only once {@link #canRead} has let the caller see
     * the object (else it would confirm the object exists).
     */
    public void requireManage(String objectTenant, String owner, String what) {
        if (!canManage(objectTenant, owner)) {
            throw new ApiProblem(403, "Forbidden", "only the owner of " + what + " (" + owner + ") or an "
                    + ADMIN + " of tenant " + objectTenant + " may change it", java.util.List.of());
        }
    }

    /** The tenant new objects go to: the caller's own; a token without one cannot create anything. */
    public String homeTenant() {
        if (tenant == null) {
            throw new ApiProblem(403, "Forbidden", "the token names no tenant, so it cannot create anything",
                    java.util.List.of());
        }
        return tenant;
    }

    /**
     * The tenant a list shows: a member always sees its own tenant (a {@code tenant} parameter naming another
     * one shows nothing, as if it held nothing); an operator sees the one asked for, or every tenant (null).
     */
    public String listScope(String requested) {
        if (operator()) {
            return requested;
        }
        return requested == null || requested.equals(tenant) ? tenant : NO_TENANT;
    }

    /** A tenant no object belongs to: what a member's list is scoped to when it asks for another tenant. */
    public static final String NO_TENANT = "";
}
