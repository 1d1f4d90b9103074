package io.trainyard.support.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a token names the caller's tenant; users and roles are the MicroProfile JWT {@code upn} and {@code groups}. */
@ConfigMapping(prefix = "trainyard.identity")
public interface IdentityConfig {
    /** The claim holding the tenant, for identity providers that call it something else. */
    @WithDefault("tenant")
    String tenantClaim();
}
