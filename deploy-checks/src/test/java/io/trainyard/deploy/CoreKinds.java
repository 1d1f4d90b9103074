package io.trainyard.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Kubernetes' own kinds, read strictly into the fabric8 model: a field the API does not have fails, as does a
 * value of the wrong type (a string where the API wants a number). fabric8's classes collect unknown fields
 * in an "additionalProperties" map (@JsonAnySetter); that is switched off here, so FAIL_ON_UNKNOWN_PROPERTIES
 * applies.
 */
final class CoreKinds {
    private static final Map<String, Class<?>> MODELS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final JsonMapper STRICT = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private CoreKinds() {
    }

    /** apiVersion without a group (v1) or in a *.k8s.io group, or apps/policy/...: Kubernetes' own API. */
    static boolean isCore(JsonNode object) {
        String apiVersion = Nodes.text(object, "apiVersion");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** The problems of one core object, each naming the field; empty when it reads cleanly. */
    static List<String> problems(JsonNode object) {
        Class<?> model = MODELS.get(Nodes.text(object, "apiVersion") + "/" + Nodes.kind(object));
        if (model == null) {
            return List.of("no model for apiVersion " + Nodes.text(object, "apiVersion") + " kind "
                    + Nodes.kind(object) + " (known: " + MODELS.keySet() + ")");
        }
        return readProblem(object, model).map(List::of).orElse(List.of());
    }

    /** A rendered object as its model class, read as strictly as {@link #problems} checks it. */
    static <T> T read(JsonNode object, Class<T> model) {
        return STRICT.treeToValue(object, model);
    }

    private static Optional<String> readProblem(JsonNode node, Class<?> model) {
        try {
            STRICT.treeToValue(node, model);
            return Optional.empty();
        } catch (UnrecognizedPropertyException e) {
            return Optional.of(path(e) + ": unknown field");
        } catch (JacksonException e) {
            return Optional.of(path(e) + ": " + e.getOriginalMessage());
        }
    }

    /** {@code spec.template.spec.containers[0].imagePullPolcy} from Jackson's reference chain. */
    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }
}
