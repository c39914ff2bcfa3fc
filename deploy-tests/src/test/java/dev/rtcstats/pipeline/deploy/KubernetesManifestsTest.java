package dev.rtcstats.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubernetesManifestsTest {
    private static final Path K8S = DeploymentFiles.infra().resolve("k8s");
    private static final List<JsonNode> RESOURCES = DeploymentFiles.yamlFiles(K8S).stream()
            .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
            .flatMap(file -> DeploymentFiles.documents(file).stream())
            .toList();

    @Test
    void shouldRunTheGatewayAndTheSinkAsDeploymentsAndTheEnricherAsAStatefulSetWithItsStateVolume() {
        // When
        JsonNode enricher = workload(ServiceConfig.ENRICHER);

        // Then
        assertThat(workload(ServiceConfig.GATEWAY).path("kind").asText()).isEqualTo("Deployment");
        assertThat(workload(ServiceConfig.SINK).path("kind").asText()).isEqualTo("Deployment");
        assertThat(enricher.path("kind").asText()).isEqualTo("StatefulSet");
        String stateDir = environment(ServiceConfig.ENRICHER).get("ENRICHER_STATE_DIR");
        String claim = enricher.path("spec")
                .path("volumeClaimTemplates")
                .get(0)
                .path("metadata")
                .path("name")
                .asText();
        assertThat(container(ServiceConfig.ENRICHER).path("volumeMounts"))
                .as("the state directory is on the claimed volume")
                .anySatisfy(mount -> {
                    assertThat(mount.path("name").asText()).isEqualTo(claim);
                    assertThat(mount.path("mountPath").asText()).isEqualTo(stateDir);
                });
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
    void shouldProbeHealthAndReadinessOnThePortTheServiceListensOn() {
        for (ServiceConfig service : ServiceConfig.values()) {
            // Given
            JsonNode container = container(service);
            int port = service.load(environment(service)).httpPort();

            // When
            JsonNode http = container.path("ports").get(0);

            // Then
            assertThat(http.path("containerPort").asInt())
                    .as(service.serviceName())
                    .isEqualTo(port);
            String portName = http.path("name").asText();
            assertProbe(container, "livenessProbe", "/healthcheck", portName);
            assertProbe(container, "startupProbe", "/healthcheck", portName);
            assertProbe(container, "readinessProbe", "/ready", portName);
        }
    }

    @Test
    void shouldBoundResourcesAndRunAsNonRootFromTheImageThisBuildProduces() {
        for (ServiceConfig service : ServiceConfig.values()) {
            // When
            JsonNode container = container(service);
            JsonNode pod = workload(service).path("spec").path("template").path("spec");

            // Then
            for (String kind : List.of("requests", "limits")) {
                assertThat(container.path("resources").path(kind).has("cpu"))
                        .as("%s %s cpu", service, kind)
                        .isTrue();
                assertThat(container.path("resources").path(kind).has("memory"))
                        .as("%s %s memory", service, kind)
                        .isTrue();
            }
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean())
                    .as(service.serviceName())
                    .isTrue();
            assertThat(container.path("image").asText())
                    .isEqualTo("rtcstats/" + service.serviceName() + ":" + DeploymentFiles.projectVersion());
        }
    }

    @Test
    void shouldScaleTheGatewayAndBudgetDisruptionsOfEveryService() {
        // When
        JsonNode autoscaler = single("HorizontalPodAutoscaler", "gateway").orElseThrow();

        // Then
        assertThat(autoscaler.path("spec").path("scaleTargetRef").path("kind").asText())
                .isEqualTo("Deployment");
        assertThat(autoscaler.path("spec").path("scaleTargetRef").path("name").asText())
                .isEqualTo("gateway");
        assertThat(autoscaler.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        for (ServiceConfig service : ServiceConfig.values()) {
            JsonNode budget = single("PodDisruptionBudget", service.serviceName())
                    .orElseThrow(() -> new AssertionError("no PodDisruptionBudget for " + service));
            JsonNode podLabels = workload(service)
                    .path("spec")
                    .path("template")
                    .path("metadata")
                    .path("labels");
            budget.path("spec")
                    .path("selector")
                    .path("matchLabels")
                    .properties()
                    .forEach(label -> assertThat(podLabels.path(label.getKey()).asText())
                            .as("%s budget selects its pods", service)
                            .isEqualTo(label.getValue().asText()));
        }
    }

    private static void assertProbe(JsonNode container, String probe, String path, String port) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("path").asText()).as(probe).isEqualTo(path);
        assertThat(get.path("port").asText()).as(probe).isEqualTo(port);
    }

    private static JsonNode workload(ServiceConfig service) {
        return RESOURCES.stream()
                .filter(r -> List.of("Deployment", "StatefulSet")
                        .contains(r.path("kind").asText()))
                .filter(r -> r.path("metadata").path("name").asText().equals(service.serviceName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no workload named " + service.serviceName()));
    }

    private static JsonNode container(ServiceConfig service) {
        for (JsonNode container :
                workload(service).path("spec").path("template").path("spec").path("containers")) {
            if (container.path("name").asText().equals(service.serviceName())) {
                return container;
            }
        }
        throw new AssertionError("no container named " + service.serviceName());
    }

    private static Optional<JsonNode> single(String kind, String name) {
        return RESOURCES.stream()
                .filter(r -> r.path("kind").asText().equals(kind))
                .filter(r -> r.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    /**
     * The container's environment as the pod would see it: literal values, ConfigMap keys resolved from the
     * manifests, Secret keys checked against {@code secret.example.yaml} and field references as a pod name.
     */
    private static Map<String, String> environment(ServiceConfig service) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (JsonNode variable : container(service).path("env")) {
            String name = variable.path("name").asText();
            JsonNode from = variable.path("valueFrom");
            if (variable.has("value")) {
                env.put(name, variable.path("value").asText());
            } else if (from.has("configMapKeyRef")) {
                JsonNode ref = from.path("configMapKeyRef");
                lookUp("ConfigMap", ref).ifPresentOrElse(value -> env.put(name, value), () -> missing.add(name));
            } else if (from.has("secretKeyRef")) {
                JsonNode ref = from.path("secretKeyRef");
                lookUp("Secret", ref).ifPresentOrElse(value -> env.put(name, value), () -> missing.add(name));
            } else if (from.has("fieldRef")) {
                env.put(name, service.serviceName() + "-0");
            } else {
                missing.add(name);
            }
        }
        assertThat(missing).as("%s variables without a source", service).isEmpty();
        return env;
    }

    private static Optional<String> lookUp(String kind, JsonNode ref) {
        List<JsonNode> candidates = new ArrayList<>(RESOURCES);
        candidates.addAll(DeploymentFiles.documents(K8S.resolve("secret.example.yaml")));
        return candidates.stream()
                .filter(r -> r.path("kind").asText().equals(kind))
                .filter(r -> r.path("metadata")
                        .path("name")
                        .asText()
                        .equals(ref.path("name").asText()))
                .map(r -> r.has("stringData") ? r.path("stringData") : r.path("data"))
                .filter(data -> data.has(ref.path("key").asText()))
                .map(data -> data.path(ref.path("key").asText()).asText())
                .findFirst();
    }
}
