package dev.rtcstats.pipeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the YAML deployment files under {@code infra/}, whose location the build passes in. */
final class DeploymentFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}");

    private DeploymentFiles() {}

    static Path infra() {
        return Path.of(System.getProperty("infra.dir", "../infra"));
    }

    static String projectVersion() {
        return System.getProperty("project.version");
    }

    /** Every YAML document of a file (Kubernetes files hold several, separated by {@code ---}). */
    static List<JsonNode> documents(Path file) {
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return documents.readAll().stream().filter(d -> !d.isNull()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Every {@code *.yaml} file under a directory, in name order. */
    static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** A compose value with {@code ${NAME:-default}} replaced by its default, as compose does for an unset NAME. */
    static String withDefaults(String value) {
        Matcher matcher = DEFAULTED.matcher(value);
        return matcher.replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }
}
