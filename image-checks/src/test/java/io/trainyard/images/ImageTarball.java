package io.trainyard.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * An image as {@code docker save} (and Jib's buildTar) writes it: manifest.json naming the config and
 * the layers, each layer a gzipped tar. Gives the config and the file system the layers add up to, the
 * way a container runtime would see it, without Docker.
 */
final class ImageTarball {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One path of the image's file system, from the topmost layer that has it. */
    record FileEntry(String path, int mode, long uid, long gid, long size, boolean directory, boolean symlink,
                     String linkTarget, int layer) {
        boolean executable() {
            return (mode & 0111) != 0;
        }
    }

    /** Reads what a layer holds at one path; gets the stream positioned at that entry. */
    @FunctionalInterface
    interface ContentReader<T> {
        T read(InputStream content) throws IOException;
    }

    private final Path file;
    private final JsonNode manifest;
    private final JsonNode config;
    private final List<String> layers;
    private final Map<String, FileEntry> files;

    private ImageTarball(Path file, JsonNode manifest, JsonNode config, List<String> layers,
                         Map<String, FileEntry> files) {
        this.file = file;
        this.manifest = manifest;
        this.config = config;
        this.layers = layers;
        this.files = files;
    }

    static ImageTarball open(Path file) throws IOException {
        JsonNode manifest = JSON.readTree(member(file, "manifest.json", InputStream::readAllBytes)
                .orElseThrow(() -> new IOException(file + " has no manifest.json"))).get(0);
        JsonNode config = JSON.readTree(member(file, manifest.get("Config").asText(), InputStream::readAllBytes)
                .orElseThrow(() -> new IOException(file + " has no image config")));
        List<String> layers = new ArrayList<>();
        manifest.get("Layers").forEach(layer -> layers.add(layer.asText()));
        Map<String, FileEntry> files = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            int layer = i;
            member(file, layers.get(i), in -> {
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in));
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    String path = normalise(e.getName());
                    if (path.substring(path.lastIndexOf('/') + 1).startsWith(".wh.")) {
                        throw new IOException("whiteout " + path + ": not expected in these images");
                    }
                    files.put(path, new FileEntry(path, e.getMode(), e.getLongUserId(), e.getLongGroupId(),
                            e.getSize(), e.isDirectory(), e.isSymbolicLink(), e.getLinkName(), layer));
                }
                return null;
            });
        }
        return new ImageTarball(file, manifest, config, layers, files);
    }

    Path file() {
        return file;
    }

    List<String> repoTags() {
        List<String> tags = new ArrayList<>();
        manifest.get("RepoTags").forEach(tag -> tags.add(tag.asText()));
        return tags;
    }

    /** The container config: Entrypoint, Cmd, User, Env, WorkingDir, ExposedPorts. */
    JsonNode containerConfig() {
        return config.get("config");
    }

    List<String> entrypoint() {
        List<String> args = new ArrayList<>();
        containerConfig().path("Entrypoint").forEach(arg -> args.add(arg.asText()));
        return args;
    }

    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        containerConfig().path("Env").forEach(kv -> {
            String s = kv.asText();
            env.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        });
        return env;
    }

    List<String> layers() {
        return layers;
    }

    Optional<FileEntry> entry(String path) {
        return Optional.ofNullable(files.get(normalise(path)));
    }

    /** Every path under a directory (recursively), in the order the layers list them. */
    List<FileEntry> under(String directory) {
        String prefix = normalise(directory) + "/";
        return files.values().stream().filter(f -> f.path().startsWith(prefix)).toList();
    }

    /** Reads a regular file of the image (from the layer that last wrote it). */
    <T> T read(String path, ContentReader<T> reader) throws IOException {
        FileEntry entry = entry(path).orElseThrow(() -> new IOException(path + " is not in " + file));
        String wanted = normalise(path);
        return member(file, layers.get(entry.layer()), in -> {
            TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in));
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (normalise(e.getName()).equals(wanted)) {
                    return reader.read(tar);
                }
            }
            throw new IOException(path + " vanished from its layer");
        }).orElseThrow();
    }

    String readString(String path) {
        try {
            return read(path, in -> new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> Optional<T> member(Path tarball, String name, ContentReader<T> reader) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return Optional.ofNullable(reader.read(tar));
                }
            }
        }
        return Optional.empty();
    }

    /** Absolute, without "./" or a trailing slash: how the tests name paths. */
    private static String normalise(String name) {
        String path = name.startsWith("./") ? name.substring(1) : name.startsWith("/") ? name : "/" + name;
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
