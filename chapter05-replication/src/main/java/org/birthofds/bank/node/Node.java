package org.birthofds.bank.node;

import java.io.IOException;

/**
 * A running node: one server process of the bank, whatever its tier. It serves at a URL until
 * it is closed; {@link NodeMain} runs any node from its command line the same way.
 */
public interface Node extends AutoCloseable {
    /** Where it serves, such as http://127.0.0.1:7071. */
    String url();

    /** A clean stop, as for a deploy. Not a crash: the crash tests kill a real child JVM instead. */
    @Override
    void close() throws IOException;
}
