package dev.rtcstats.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The services' {@code logback.xml} (in {@code common}), configured as a service's JVM configures it. */
class LogFormatTest {

    @Test
    void shouldWriteOneJsonObjectPerEventWhenLogFormatIsJson() throws Exception {
        // When
        List<String> lines = logOneEvent("json");

        // Then
        assertThat(lines).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(lines.getFirst());
        assertThat(event.path("level").asText()).isEqualTo("INFO");
        assertThat(event.path("loggerName").asText()).isEqualTo("dev.rtcstats.pipeline.gateway.Gateway");
        assertThat(event.path("message").asText()).isEqualTo("gateway started");
        assertThat(event.path("kvpList").toString()).contains("\"port\":\"8080\"");
    }

    @Test
    void shouldWritePlainTextByDefault() throws Exception {
        // When
        List<String> lines = logOneEvent(null);

        // Then
        assertThat(lines).singleElement().asString().contains("INFO", "gateway started", "port=8080");
    }

    @Test
    void shouldStartWithoutWarningsSoThatLogbackPrintsNoStatus() throws Exception {
        // Given
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);

        // When
        configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource("logback.xml"));

        // Then
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .allMatch(status -> status.getLevel() == Status.INFO);
        context.stop();
    }

    private static List<String> logOneEvent(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        if (format != null) {
            context.putProperty("LOG_FORMAT", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource("logback.xml"));
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            context.getLogger("dev.rtcstats.pipeline.gateway.Gateway")
                    .atInfo()
                    .addKeyValue("port", 8080)
                    .log("gateway started");
        } finally {
            System.setOut(console);
            context.stop();
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
