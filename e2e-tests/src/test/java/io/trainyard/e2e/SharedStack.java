package io.trainyard.e2e;

import io.trainyard.devstack.TrainyardStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.util.Map;

/**
 * Hands every end-to-end test class the same running stack: starting one costs about a minute, and
 * failsafe runs all classes in one JVM. It lives in JUnit's root store, which closes it after the last class.
 * The services export their traces to an in-test OTLP receiver ({@link OtlpReceiver}), as they would to a
 * collector in a cluster, and log JSON lines as in the cluster profile. Use {@code @ExtendWith(SharedStack.class)}
 * and take a {@link TrainyardStack} (and, for the traces, an {@link OtlpReceiver}) parameter in {@code @BeforeAll}.
 */
public final class SharedStack implements ParameterResolver {
    static final Path ROOT = Path.of(System.getProperty("trainyard.root", "..")).toAbsolutePath().normalize();
    /** JSON console lines with the MDC, as in the cluster profile: the services' logs under target/e2e/logs. */
    static final Map<String, String> CLUSTER_LOGS = Map.of("quarkus.log.console.json.enabled", "true");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TrainyardStack.class || type == OtlpReceiver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(SharedStack.class));
        // Listening before the services start, so that none of their spans is refused.
        OtlpReceiver traces = store.computeIfAbsent(OtlpReceiver.class, key -> OtlpReceiver.start(),
                OtlpReceiver.class);
        TrainyardStack stack = store.computeIfAbsent(TrainyardStack.class, key -> TrainyardStack.start(
                new TrainyardStack.Options(ROOT, ROOT.resolve("e2e-tests/target/e2e"), "trainyard_e2e", 0, 0,
                        traces.endpoint(), CLUSTER_LOGS), System.out::println), TrainyardStack.class);
        return parameter.getParameter().getType() == OtlpReceiver.class ? traces : stack;
    }
}
