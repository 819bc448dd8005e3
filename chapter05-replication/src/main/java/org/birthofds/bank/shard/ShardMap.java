package org.birthofds.bank.shard;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which shards the bank has and where each one listens: the one source of truth that every
 * logic node and every shard loads, inline ({@code --shards shard-1=http://127.0.0.1:7091,...})
 * or from a properties file ({@code --shard-map shards.properties}). Placement is a pure function
 * of this map's ids ({@link Ring}), so two machines that load the same map route every account
 * to the same shard without asking anyone; two machines with different maps would each "lose"
 * the accounts the other placed.
 *
 * <p>Chapter 5: a shard is a group of replicas, so a shard's entry lists every replica's URL,
 * separated by {@code |} ({@code shard-1=http://127.0.0.1:7111|http://127.0.0.1:7112|...}). Whoever
 * calls a shard asks any of them and follows it to the leader ({@code net.GroupRemote}). A shard
 * with one URL is chapter 4's shard: a group of one.
 */
public final class ShardMap {
    private static final Pattern SHARD_ID = Pattern.compile("[a-z0-9-]{1,32}");

    private final SortedMap<String, List<URI>> urls; // sorted by id: the global order of the consistent read
    private final Ring ring;

    private ShardMap(SortedMap<String, List<URI>> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("A shard map needs at least one shard, such as shard-1=http://127.0.0.1:7091.");
        }
        this.urls = Collections.unmodifiableSortedMap(urls);
        this.ring = Ring.of(urls.keySet());
    }

    /** {@code shard-1=http://127.0.0.1:7091,shard-2=http://127.0.0.1:7092}; a group's replicas joined by {@code |}. */
    public static ShardMap parse(String inline) {
        SortedMap<String, List<URI>> urls = new TreeMap<>();
        for (String entry : inline.split(",")) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("A shard map entry is ID=URL, such as shard-1=http://127.0.0.1:7091, not '"
                        + entry.trim() + "'.");
            }
            put(urls, entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return new ShardMap(urls);
    }

    /** A properties file, one {@code shard-1=http://127.0.0.1:7091} a line. */
    public static ShardMap load(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the shard map " + file + ": " + e.getMessage());
        }
        SortedMap<String, List<URI>> urls = new TreeMap<>();
        properties.stringPropertyNames().forEach(id -> put(urls, id.trim(), properties.getProperty(id).trim()));
        return new ShardMap(urls);
    }

    /**
     * The map a node's flags give: the file when there is one, else the inline list, else the fallback.
     * Both at once is refused: two sources of truth would be one too many.
     */
    public static ShardMap fromFlags(String inline, String file, String fallback) {
        if (inline != null && file != null) {
            throw new IllegalArgumentException("Give the shard map once: --shards or --shard-map, not both.");
        }
        return file != null ? load(Path.of(file)) : parse(inline != null ? inline : fallback);
    }

    /** @param urls each shard's URL, or its replicas' URLs joined by {@code |} */
    public static ShardMap of(Map<String, String> urls) {
        SortedMap<String, List<URI>> parsed = new TreeMap<>();
        urls.forEach((id, url) -> put(parsed, id, url));
        return new ShardMap(parsed);
    }

    /** The shard that holds this account. */
    public String shardFor(String accountId) {
        return ring.shardFor(accountId);
    }

    /** The URLs of the shard's replicas: one for chapter 4's shard, three for a group. */
    public List<URI> replicas(String shardId) {
        List<URI> replicas = urls.get(shardId);
        if (replicas == null) {
            throw new IllegalArgumentException("The shard map has no " + shardId + "; it has " + urls.keySet() + ".");
        }
        return replicas;
    }

    public boolean has(String shardId) {
        return urls.containsKey(shardId);
    }

    /** Every shard and its replicas' URLs, in shard-id order. */
    public SortedMap<String, List<URI>> urls() {
        return urls;
    }

    /** The form {@link #parse} reads, to hand the same map to another process. */
    public String inline() {
        StringBuilder out = new StringBuilder();
        urls.forEach((id, replicas) -> out.append(out.isEmpty() ? "" : ",").append(id).append('=')
                .append(String.join("|", replicas.stream().map(URI::toString).toList())));
        return out.toString();
    }

    @Override
    public String toString() {
        return inline();
    }

    private static void put(SortedMap<String, List<URI>> urls, String id, String group) {
        if (!SHARD_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("A shard id is 1 to 32 characters a-z, 0-9 or -, not '" + id + "'.");
        }
        List<URI> replicas = new ArrayList<>();
        for (String url : group.split("\\|")) {
            URI parsed = url(id, url.trim());
            if (replicas.contains(parsed)) {
                throw new IllegalArgumentException("Shard " + id + " lists " + parsed + " twice.");
            }
            replicas.add(parsed);
        }
        if (urls.put(id, List.copyOf(replicas)) != null) {
            throw new IllegalArgumentException("Shard " + id + " appears twice in the shard map.");
        }
    }

    private static URI url(String id, String url) {
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (parsed == null || !"http".equals(parsed.getScheme()) || parsed.getHost() == null || parsed.getPort() < 1) {
            throw new IllegalArgumentException("Shard " + id + " needs a URL such as http://127.0.0.1:7091, not '" + url + "'.");
        }
        return parsed;
    }
}
