package io.trainyard.worker.health;

import ai.djl.engine.Engine;
import io.quarkus.runtime.StartupEvent;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.worker.training.DjlEngines;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Loads libtorch in the background at startup (the first start extracts it into the DJL cache, which
 * takes a while) with the configured thread pools, and reports ready once the engine is usable, with its
 * version, training device and threads.
 */
@Readiness
@ApplicationScoped
public class TrainingEngineHealthCheck implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(TrainingEngineHealthCheck.class);

    private final WorkerConfig config;

    public TrainingEngineHealthCheck(WorkerConfig config) {
        this.config = config;
    }

    /** First of all startup observers: before the consumers run, a job could load the engine otherwise. */
    void warmUp(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        WorkerConfig.EngineThreads threads = config.worker().engine();
        DjlEngines.configure(new DjlEngines.Threads(threads.intraOpThreads(), threads.interOpThreads()));
        Thread loader = new Thread(() -> {
            try {
                Engine engine = DjlEngines.pytorch();
                LOG.infof("DJL %s with %s %s ready; training device %s, %s", Engine.getDjlVersion(),
                        engine.getEngineName(), engine.getVersion(),
                        DjlEngines.describe(DjlEngines.device(config.worker().device())), DjlEngines.threads());
            } catch (RuntimeException e) {
                LOG.error("the PyTorch engine could not be loaded; every job will fail until this is fixed", e);
            }
        }, "djl-engine-warmup");
        loader.setDaemon(true);
        loader.start();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("training-engine");
        return DjlEngines.loaded()
                .map(engine -> response.up().withData("engine", engine.getEngineName() + " " + engine.getVersion())
                        .withData("device", DjlEngines.describe(DjlEngines.device(config.worker().device())))
                        .build())
                .orElseGet(() -> response.down().withData("engine", DjlEngines.loadFailure()
                        .map(e -> "failed: " + e.getMessage()).orElse("loading")).build());
    }
}
