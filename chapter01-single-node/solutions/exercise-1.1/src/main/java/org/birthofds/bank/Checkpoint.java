package org.birthofds.bank;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every balance at one moment, and how many journal records that moment covers. A start loads
 * it and applies only the records after those, instead of replaying the whole journal.
 */
record Checkpoint(long records, long transfers, SortedMap<String, Long> balances) {
    static final String FILE_NAME = "checkpoint";
    static final Checkpoint NONE = new Checkpoint(0, 0, new TreeMap<>());

    /**
     * Written beside the journal, then renamed over the old one: a crash leaves either the old
     * checkpoint or the new one, never half of one.
     */
    void write(Path dataDir) throws IOException {
        List<String> lines = new ArrayList<>(List.of("records " + records, "transfers " + transfers));
        balances.forEach((id, balance) -> lines.add(id + " " + balance));
        Path temporary = dataDir.resolve(FILE_NAME + ".tmp");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        force(temporary);
        Files.move(temporary, dataDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        force(dataDir);
    }

    static Checkpoint read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return NONE;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        SortedMap<String, Long> balances = new TreeMap<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] account = line.split(" ");
            balances.put(account[0], Long.parseLong(account[1]));
        }
        return new Checkpoint(number(lines.get(0)), number(lines.get(1)), balances);
    }

    private static long number(String line) {
        return Long.parseLong(line.substring(line.indexOf(' ') + 1));
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
