package io.trainyard.jobs;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.trainyard.devstack.TrainyardTestResource;

/** Every test of this module runs against a real Kafka broker and a fresh PostgreSQL database. */
@QuarkusTestResource(value = TrainyardTestResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "jobs"))
public final class RealInfrastructure {
    private RealInfrastructure() {
    }
}
