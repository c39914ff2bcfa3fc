package dev.rtcstats.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in {@code infra/grafana} queries only metrics that the running services export: every
 * metric name in a panel's PromQL is served by the gateway's, the enricher's or the sink's {@code /metrics} once a
 * session went through.
 */
@ExtendWith(InfraExtension.class)
class DashboardIT {
    private static final Path DASHBOARD = Path.of(System.getProperty("infra.dir", "../infra"))
            .resolve("grafana")
            .resolve("rtcstats-pipeline.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:rtcstats|kafka)_[a-z0-9_]+)\\b");

    @TempDir
    static Path temp;

    @Test
    void shouldQueryOnlyMetricsTheServicesExport(TestInfra infra) throws Exception {
        // Given: the pipeline after one session
        try (Pipeline pipeline = Pipeline.start(
                        infra,
                        infra.kafkaBootstrap(),
                        infra::createTopic,
                        temp.resolve("enricher"),
                        Duration.ofSeconds(10),
                        Map.of());
                HttpClient http = HttpClient.newHttpClient()) {
            Bystander.run(pipeline, http, TestInfra.uniqueName("dashboard"), "dashboard-session");

            // When
            Set<String> exported = exportedNames(pipeline.metrics());

            // Then
            Set<String> queried = queriedNames();
            assertThat(queried).as("metrics the dashboard queries").hasSizeGreaterThan(20);
            assertThat(exported).as("metrics the services export").containsAll(queried);
        }
    }

    private static Set<String> queriedNames() throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = METRIC.matcher(target.path("expr").asText());
                while (metric.find()) {
                    names.add(metric.group(1));
                }
            }
        }
        return names;
    }

    private static Set<String> exportedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
