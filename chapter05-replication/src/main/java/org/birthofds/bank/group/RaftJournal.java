package org.birthofds.bank.group;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.birthofds.bank.raftlog.RaftLogFormat;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect.Persist;

/**
 * A replica's term, vote and log on a real disk, in the simulator's {@link RaftLogFormat},
 * appended and forced with fsync; replaying the file in order rebuilds the {@link Durable}. A crash mid-write leaves a torn last
 * line, which recovery cuts off: it was never forced, so nothing was acknowledged on it.
 */
final class RaftJournal implements AutoCloseable {
    static final String FILE = "raft.journal";

    private final FileChannel channel; // null: memory only
    private final Durable restored;

    private RaftJournal(FileChannel channel, Durable restored) {
        this.channel = channel;
        this.restored = restored;
    }

    /** Opens (or creates) the journal in {@code dir}, replays it, and drops a torn tail for good. */
    static RaftJournal open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        RaftLogFormat.Recovered replay = replay(bytes);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(replay.intact());
        channel.position(replay.intact());
        channel.force(true);
        return new RaftJournal(channel, replay.durable());
    }

    /**
     * A journal that writes nothing: a restart forgets every term, vote and entry. Safe only for a
     * group of one that is never restarted, such as the tests' front door; a replica of a real group
     * that forgot its vote could vote twice in one term, and elect two leaders.
     */
    static RaftJournal inMemory() {
        return new RaftJournal(null, Durable.empty());
    }

    Durable restored() {
        return restored;
    }

    /** Appends the change and forces it: when this returns, a crash cannot take it back. */
    void write(Persist persist) throws IOException {
        if (channel == null) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(RaftLogFormat.encode(persist));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false); // fdatasync: the bytes, and the length it takes to read them back
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    /** The longest prefix of whole, intact records, and where it ends. */
    static RaftLogFormat.Recovered replay(byte[] data) {
        return RaftLogFormat.decode(data, data.length);
    }
}
