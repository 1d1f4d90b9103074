package io.trainyard.jobs.live.ticket;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.trainyard.support.identity.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a live-update ticket into the identity of the caller who asked for it. */
@ApplicationScoped
public class TicketIdentityProvider implements IdentityProvider<TicketAuthenticationRequest> {
    private final LiveTickets tickets;

    public TicketIdentityProvider(LiveTickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public Class<TicketAuthenticationRequest> getRequestType() {
        return TicketAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TicketAuthenticationRequest request, AuthenticationRequestContext context) {
        return tickets.redeem(request.ticket()).map(caller -> {
            if (caller == null) {
                throw new AuthenticationFailedException("unknown or expired ticket");
            }
            var identity = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(caller.user()))
                    .addRoles(caller.roles());
            if (caller.tenant() != null) {
                identity.addAttribute(CurrentCaller.TENANT_ATTRIBUTE, caller.tenant());
            }
            return identity.build();
        });
    }
}
