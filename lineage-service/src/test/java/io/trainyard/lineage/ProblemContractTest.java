package io.trainyard.lineage;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.support.problem.ProblemContract;

/** This service answers every fault with the problem+json shape all Trainyard services share. */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "lineage"), restrictToAnnotatedClass = false)
class ProblemContractTest extends ProblemContract {
}
