package io.trainyard.worker;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.support.problem.ProblemContract;

/** This service answers every fault with the problem+json shape all Trainyard services share. */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class, restrictToAnnotatedClass = false)
class ProblemContractTest extends ProblemContract {
}
