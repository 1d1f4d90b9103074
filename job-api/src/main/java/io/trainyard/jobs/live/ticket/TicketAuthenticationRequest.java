package io.trainyard.jobs.live.ticket;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A live-update ticket from a URL, waiting to be redeemed by {@link TicketIdentityProvider}. */
public class TicketAuthenticationRequest extends BaseAuthenticationRequest {
    private final String ticket;

    public TicketAuthenticationRequest(String ticket) {
        this.ticket = ticket;
    }

    public String ticket() {
        return ticket;
    }
}
