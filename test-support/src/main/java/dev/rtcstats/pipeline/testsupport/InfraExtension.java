package dev.rtcstats.pipeline.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the {@link TestInfra} of this test JVM into test constructors and methods. It is started on first use,
 * shared by every test class, and closed when the JVM's test run ends. {@code -Dinfra=…} or
 * {@code RTCSTATS_TEST_INFRA=…} chooses: {@code embedded} (the default, {@link EmbeddedInfra}), {@code external}
 * ({@link ExternalInfra}) or {@code containers} ({@link ContainerInfra}, needs Docker).
 */
public final class InfraExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(InfraExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestInfra.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("infra", key -> new Holder(startSelected()), Holder.class)
                .infra();
    }

    private static TestInfra startSelected() {
        String choice = System.getProperty("infra", System.getenv().getOrDefault("RTCSTATS_TEST_INFRA", "embedded"));
        return switch (choice) {
            case "embedded" -> EmbeddedInfra.start();
            case "external" -> new ExternalInfra(System.getenv());
            case "containers" -> ContainerInfra.start();
            default ->
                throw new IllegalArgumentException("infra must be embedded, external or containers, got " + choice);
        };
    }

    private record Holder(TestInfra infra) implements AutoCloseable {
        @Override
        public void close() {
            infra.close();
        }
    }
}
