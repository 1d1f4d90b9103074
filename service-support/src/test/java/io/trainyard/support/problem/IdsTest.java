package io.trainyard.support.problem;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdsTest {

    @Test
    void canonicalUuidsParseInEitherCase() {
        UUID id = UUID.randomUUID();
        assertEquals(id, Ids.parse(id.toString(), "job_id"));
        assertEquals(id, Ids.parse(id.toString().toUpperCase(), "job_id"));
    }

    @Test
    void anythingElseIsABadRequestNamingTheField() {
        for (String bad : new String[] {null, "", "x", "1-2-3-4-5", UUID.randomUUID() + "0"}) {
            ApiProblem problem = assertThrows(ApiProblem.class, () -> Ids.parse(bad, "job_id"));
            assertEquals(400, problem.status());
            assertEquals("job_id", problem.errors().get(0).field());
        }
    }
}
