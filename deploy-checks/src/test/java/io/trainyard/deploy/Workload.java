package io.trainyard.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A rendered Deployment or StatefulSet, read through the fabric8 model, with its pod template. */
record Workload(String kind, String name, Integer replicas, PodTemplateSpec template) {

    static List<Workload> of(Rendered rendered) {
        Stream<Workload> deployments = rendered.ofKind("Deployment")
                .map(node -> CoreKinds.read(node, Deployment.class))
                .map(d -> new Workload("Deployment", d.getMetadata().getName(), d.getSpec().getReplicas(),
                        d.getSpec().getTemplate()));
        Stream<Workload> statefulSets = rendered.ofKind("StatefulSet")
                .map(node -> CoreKinds.read(node, StatefulSet.class))
                .map(s -> new Workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getReplicas(),
                        s.getSpec().getTemplate()));
        return Stream.concat(deployments, statefulSets).toList();
    }

    static Workload named(Rendered rendered, String name) {
        return of(rendered).stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(rendered.overlay() + ": no workload " + name));
    }

    List<Container> containers() {
        return Stream.concat(template.getSpec().getInitContainers().stream(),
                template.getSpec().getContainers().stream()).toList();
    }

    Container container(String containerName) {
        return containers().stream().filter(c -> c.getName().equals(containerName)).findFirst()
                .orElseThrow(() -> new AssertionError(id() + " has no container " + containerName));
    }

    String id() {
        return kind + "/" + name;
    }

    /**
     * What the container's environment will hold, by name: envFrom ConfigMaps first (resolved in the same
     * render), then env entries over them. A value from a Secret or the downward API is described, not
     * resolved: {@code secret:trainyard-pg-app/password}, {@code field:metadata.name}.
     */
    static Map<String, String> environment(Rendered rendered, Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() == null) {
                throw new AssertionError(container.getName() + ": envFrom other than a ConfigMap cannot be checked: "
                        + source);
            }
            String mapName = source.getConfigMapRef().getName();
            ConfigMap map = rendered.find("ConfigMap", mapName).map(node -> CoreKinds.read(node, ConfigMap.class))
                    .orElseThrow(() -> new AssertionError(container.getName() + ": envFrom ConfigMap " + mapName
                            + " is not in the render"));
            env.putAll(map.getData());
        }
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), describe(variable));
        }
        return env;
    }

    private static String describe(EnvVar variable) {
        if (variable.getValueFrom() == null) {
            return variable.getValue() == null ? "" : variable.getValue();
        }
        var from = variable.getValueFrom();
        if (from.getSecretKeyRef() != null) {
            return "secret:" + from.getSecretKeyRef().getName() + "/" + from.getSecretKeyRef().getKey();
        }
        if (from.getFieldRef() != null) {
            return "field:" + from.getFieldRef().getFieldPath();
        }
        if (from.getConfigMapKeyRef() != null) {
            return "configMap:" + from.getConfigMapKeyRef().getName() + "/" + from.getConfigMapKeyRef().getKey();
        }
        return from.toString();
    }
}
