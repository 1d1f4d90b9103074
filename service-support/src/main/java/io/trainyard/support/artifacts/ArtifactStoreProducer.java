package io.trainyard.support.artifacts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The artifact store {@code trainyard.artifacts.store} names, for job-api and the workers (services that inject
 * none never build one); closed at shutdown.
 */
@ApplicationScoped
public class ArtifactStoreProducer {
    private static final Logger LOG = Logger.getLogger(ArtifactStoreProducer.class);

    @Produces
    @Singleton
    ArtifactStore artifactStore(ArtifactStoreConfig config) {
        ArtifactStore store = ArtifactStore.of(config);
        LOG.infof("artifact store: %s", store.location());
        return store;
    }

    void close(@Disposes ArtifactStore store) {
        store.close();
    }
}
