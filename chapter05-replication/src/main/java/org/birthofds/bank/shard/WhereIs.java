package org.birthofds.bank.shard;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code WhereIs --shards shard-1=URL,shard-2=URL alice bob} (or {@code --shard-map FILE}): which
 * shard holds each account, and its URL, from the same map the logic nodes and shards load. Any
 * machine can answer this alone, with no lookup table and no network call, because placement is
 * a pure function of the account id and the shard ids; that is what lets every logic node route
 * directly.
 */
public final class WhereIs {
    private WhereIs() {
    }

    public static void main(String[] args) {
        String inline = null;
        String file = null;
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shards" -> inline = value(args, ++i, "--shards");
                case "--shard-map" -> file = value(args, ++i, "--shard-map");
                default -> {
                    if (args[i].startsWith("--")) {
                        fail("Unknown flag " + args[i] + "; WhereIs takes --shards ID=URL,... or --shard-map FILE, and account ids.");
                    }
                    accounts.add(args[i]);
                }
            }
        }
        if (accounts.isEmpty()) {
            fail("Usage: WhereIs [--shards shard-1=http://127.0.0.1:7091,... | --shard-map FILE] ACCOUNT...");
        }
        ShardMap map;
        try {
            map = ShardMap.fromFlags(inline, file, "shard-1=http://127.0.0.1:7091,shard-2=http://127.0.0.1:7092,"
                    + "shard-3=http://127.0.0.1:7093");
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        System.out.println("Consistent hashing over " + map.urls().keySet() + " (" + Ring.DEFAULT_VIRTUAL_NODES
                + " virtual nodes each): the same answer on every machine, with no lookup.");
        for (String account : accounts) {
            String shard = map.shardFor(account);
            System.out.println(account + " -> " + shard + " " + map.replicas(shard).stream().map(Object::toString).collect(java.util.stream.Collectors.joining(" | ")));
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail("Flag " + flag + " needs a value.");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
