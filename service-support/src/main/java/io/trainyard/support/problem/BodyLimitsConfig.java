package io.trainyard.support.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/**
 * {@code trainyard.http.*}: body limits per route, below {@code quarkus.http.limits.max-body-size}, the largest
 * body any route takes ({@link HttpLayerProblems}). Unset, every route takes that one.
 */
@ConfigMapping(prefix = "trainyard.http")
public interface BodyLimitsConfig {

    /** The body limit of every route but the {@link #largeBodyRoutes()}. */
    Optional<MemorySize> maxBodySize();

    /** Routes, as {@code METHOD /path}, whose bodies may reach {@code quarkus.http.limits.max-body-size}. */
    Optional<List<String>> largeBodyRoutes();
}
