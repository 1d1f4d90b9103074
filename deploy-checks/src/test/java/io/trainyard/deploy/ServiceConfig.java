package io.trainyard.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** One service's src/main/resources/application.properties: what it reads, and its defaults. */
record ServiceConfig(String service, Map<String, String> properties) {
    /** The four services; a container of the same name runs each. */
    static final Set<String> SERVICES = Set.of("job-api", "metrics-service", "lineage-service", "trainer-worker");

    static ServiceConfig of(String service) {
        Properties loaded = new Properties();
        try {
            loaded.load(new StringReader(Repo.read(
                    Repo.ROOT.resolve(service).resolve("src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new TreeMap<>();
        loaded.stringPropertyNames().forEach(key -> properties.put(key, loaded.getProperty(key)));
        return new ServiceConfig(service, properties);
    }

    /** The environment variables that set its properties: each key, any %profile. prefix stripped, in env form. */
    Set<String> envNames() {
        return properties.keySet().stream().map(ServiceConfig::withoutProfile).map(ServiceConfig::envName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The value outside any profile. */
    Optional<String> value(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /** SmallRye Config's rule: every character that is not a letter or digit becomes _, then upper case. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String withoutProfile(String key) {
        return key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
    }
}
