package io.trainyard.e2e;

import io.trainyard.devstack.TrainyardStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * Hands every end-to-end test class the same running stack: starting one costs about a minute, and
 * failsafe runs all classes in one JVM. It lives in JUnit's root store, which closes it after the last class.
 * Use {@code @ExtendWith(SharedStack.class)} and take a {@link TrainyardStack} parameter in {@code @BeforeAll}.
 */
public final class SharedStack implements ParameterResolver {
    static final Path ROOT = Path.of(System.getProperty("trainyard.root", "..")).toAbsolutePath().normalize();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TrainyardStack.class;
    }

    @Override
    public TrainyardStack resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedStack.class))
                .computeIfAbsent(TrainyardStack.class, key -> TrainyardStack.start(new TrainyardStack.Options(ROOT,
                        ROOT.resolve("e2e-tests/target/e2e"), "trainyard_e2e", 0, 0), System.out::println),
                        TrainyardStack.class);
    }
}
