package dev.rtcstats.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeFileTest {
    private static final JsonNode SERVICES = DeploymentFiles.documents(
                    DeploymentFiles.infra().resolve("compose.yaml"))
            .getFirst()
            .path("services");

    @Test
    void shouldRunEveryServiceFromTheImageThisBuildProduces() {
        for (ServiceConfig service : ServiceConfig.values()) {
            // When
            String image = DeploymentFiles.withDefaults(
                    SERVICES.path(service.serviceName()).path("image").asText());

            // Then
            assertThat(image)
                    .as(service.serviceName())
                    .isEqualTo("rtcstats/" + service.serviceName() + ":" + DeploymentFiles.projectVersion());
        }
    }

    @Test
    void shouldSetOnlyVariablesTheServiceReadsWithValuesItAccepts() {
        for (ServiceConfig service : ServiceConfig.values()) {
            // Given
            Map<String, String> env = environment(service);

            // When
            ServiceConfig.Loaded loaded = service.load(env);

            // Then
            assertThat(loaded.variablesRead()).as(service.serviceName()).containsAll(env.keySet());
        }
    }

    @Test
    void shouldPublishAndHealthCheckThePortTheServiceListensOn() {
        for (ServiceConfig service : ServiceConfig.values()) {
            // Given
            JsonNode definition = SERVICES.path(service.serviceName());
            int port = service.load(environment(service)).httpPort();

            // When
            String published = definition.path("ports").get(0).asText();
            List<String> healthCheck = new ArrayList<>();
            definition.path("healthcheck").path("test").forEach(part -> healthCheck.add(part.asText()));

            // Then
            assertThat(published).as(service.serviceName()).endsWith(":" + port);
            assertThat(healthCheck)
                    .as(service.serviceName())
                    .endsWith("dev.rtcstats.pipeline.common.HealthProbe", Integer.toString(port));
        }
    }

    private static Map<String, String> environment(ServiceConfig service) {
        Map<String, String> env = new LinkedHashMap<>();
        SERVICES.path(service.serviceName())
                .path("environment")
                .properties()
                .forEach(e -> env.put(
                        e.getKey(), DeploymentFiles.withDefaults(e.getValue().asText())));
        return env;
    }
}
