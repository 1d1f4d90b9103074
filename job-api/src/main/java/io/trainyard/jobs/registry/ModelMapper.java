package io.trainyard.jobs.registry;

import java.util.List;
import java.util.Map;

/** Maps the registry's model to what the API shows: the one place where entity fields become response fields. */
public final class ModelMapper {
    private ModelMapper() {
    }

    public static ModelResponse response(ModelQueries.ModelView view) {
        VersionResponse latest = view.versions().isEmpty() ? null : response(view.versions().get(0), view.aliases());
        return new ModelResponse(view.model().key.name(), view.model().key.tenant(),
                view.model().owner, view.model().latestVersion, view.versions().size(),
                view.aliases(), latest, view.model().createdAt, view.model().updatedAt);
    }

    public static VersionResponse response(ModelQueries.VersionView view) {
        return response(view.version(), view.aliases());
    }

    /** @param aliases all aliases of the version's model; the response lists those that point at this version */
    public static VersionResponse response(ModelVersion v, Map<String, Integer> aliases) {
        List<String> mine = aliases.entrySet().stream().filter(e -> e.getValue() == v.key.version())
                .map(Map.Entry::getKey).toList();
        return new VersionResponse(v.key.name(), v.key.tenant(), v.key.version(), v.source, v.jobId, v.modelFamily, v.taskType,
                v.hyperparameters, v.metrics, v.evaluation, v.datasetId, v.datasetSha256, v.artifactUri,
                v.artifactSha256, v.parameterCount, v.device, v.description, mine, v.createdAt);
    }
}
