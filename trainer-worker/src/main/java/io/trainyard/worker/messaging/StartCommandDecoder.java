package io.trainyard.worker.messaging;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.support.messaging.PoisonRecordException;
import io.trainyard.support.messaging.PoisonRecordException.Kind;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decodes a start command once, into the contract record with its typed {@code Hyperparameters}. A
 * hyperparameter the command leaves out (or sends as null) takes the family default (docs/events.md):
 * it is filled in before binding, since the record would otherwise hold Java's 0 for it. Whether the
 * values fit the family is the run's to check, and to report as a failed job.
 */
@ApplicationScoped
public class StartCommandDecoder {
    private final ObjectMapper json;

    public StartCommandDecoder(ObjectMapper json) {
        this.json = json;
    }

    /** @throws PoisonRecordException for a payload that is not a command that names its job */
    public StartTrainingCommand decode(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new PoisonRecordException(Kind.NOT_JSON, "empty payload");
        }
        StartTrainingCommand command;
        try {
            JsonNode tree = json.readTree(payload);
            if (tree instanceof ObjectNode object) {
                withFamilyDefaults(object);
            }
            command = json.treeToValue(tree, StartTrainingCommand.class);
        } catch (JsonParseException e) {
            throw new PoisonRecordException(Kind.NOT_JSON, e.getOriginalMessage(), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonRecordException(Kind.MALFORMED, "not a StartTrainingCommand: " + e.getMessage(), e);
        }
        if (command == null || command.jobId() == null) {
            throw new PoisonRecordException(Kind.MISSING_FIELDS,
                    "a StartTrainingCommand without job_id cannot be reported on");
        }
        return command;
    }

    private void withFamilyDefaults(ObjectNode command) {
        ModelFamily family = ModelFamily.parse(command.path("model_family").asText(null)).orElse(null);
        JsonNode given = command.get("hyperparameters");
        if (family == null || given != null && !given.isNull() && !given.isObject()) {
            return; // an unknown family fails the job; a non-object is not the contract's JSON
        }
        ObjectNode hyperparameters = given instanceof ObjectNode object ? object : command.putObject("hyperparameters");
        family.defaults().forEach((name, value) -> {
            if (!hyperparameters.hasNonNull(name)) {
                hyperparameters.set(name, json.valueToTree(value));
            }
        });
    }
}
