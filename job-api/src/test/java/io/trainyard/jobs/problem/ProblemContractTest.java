package io.trainyard.jobs.problem;

import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.support.problem.ProblemContract;

/** This service answers every fault with the problem+json shape all Trainyard services share. */
@QuarkusTest
class ProblemContractTest extends ProblemContract {
}
