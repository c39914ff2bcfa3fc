package dev.rtcstats.pipeline.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/** Loads the migration files, ordered by version, from a directory or from the copies packaged in the jar. */
final class Migrations {
    /** Where the build puts {@code infra/clickhouse/*.sql} inside the sink jar. */
    static final String RESOURCE_DIR = "db/clickhouse";

    private Migrations() {}

    static List<Migration> fromDirectory(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Migration> migrations = new ArrayList<>();
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (Migration.isMigrationFile(name)) {
                    migrations.add(Migration.parse(name, Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
            return ordered(migrations);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migrations from " + directory, e);
        }
    }

    static List<Migration> fromClasspath() {
        URL url = Migrations.class.getClassLoader().getResource(RESOURCE_DIR);
        if (url == null) {
            throw new MigrationException("no migrations packaged under " + RESOURCE_DIR);
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return fromDirectory(Path.of(uri));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, new HashMap<String, Object>())) {
                List<Migration> migrations = new ArrayList<>();
                try (Stream<Path> files = Files.list(jar.getPath(RESOURCE_DIR))) {
                    for (Path file : files.toList()) {
                        String name = file.getFileName().toString();
                        if (Migration.isMigrationFile(name)) {
                            try (InputStream in = Files.newInputStream(file)) {
                                migrations.add(
                                        Migration.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                            }
                        }
                    }
                }
                return ordered(migrations);
            }
        } catch (URISyntaxException | IOException e) {
            throw new MigrationException("cannot read packaged migrations: " + e.getMessage(), e);
        }
    }

    private static List<Migration> ordered(List<Migration> migrations) {
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new MigrationException(
                        "two migrations have version " + migrations.get(i).version() + ": "
                                + migrations.get(i - 1).name() + " and "
                                + migrations.get(i).name());
            }
        }
        return List.copyOf(migrations);
    }
}
