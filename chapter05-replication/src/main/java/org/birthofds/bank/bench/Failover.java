package org.birthofds.bank.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Unreachable;

/**
 * How long a group takes to take writes again once its leader dies: SIGKILL the leader, then write
 * to the surviving members in turn, each try given 250 ms, until one is acknowledged. The time
 * from the kill to that acknowledgement is the failover as a client sees it: noticing the silence,
 * the election, and the first commit of the new term. Then the dead member is started again on its
 * data, and the group is left to heal before the next kill.
 */
final class Failover {
    private Failover() {
    }

    /** @return each failover, in ms */
    static List<Long> measure(ThreeReplicas group, int kills) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            group.awaitHealthy(Duration.ofSeconds(60));
            Thread.sleep(2000); // a calm group, every member caught up, before the next kill
            int leader = group.leader();
            long killed = System.nanoTime();
            group.kill(leader);
            long took = untilFirstWrite(group, leader, killed);
            millis.add(took);
            System.out.printf("  %s: killed member %d, a write was acknowledged again after %d ms%n", group.name(), leader, took);
            group.restart(leader);
        }
        group.awaitHealthy(Duration.ofSeconds(60));
        return millis;
    }

    private static long untilFirstWrite(ThreeReplicas group, int dead, long killed) throws InterruptedException {
        List<HttpRemote> survivors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i != dead) {
                URI url = group.members().get(i);
                survivors.add(new HttpRemote("member " + i, url, 250, 250, group.proof()));
            }
        }
        try {
            for (long n = 0; ; n++) {
                HttpRemote member = survivors.get((int) (n % survivors.size()));
                try {
                    if (group.write(member, "failover", n) == null) {
                        return (System.nanoTime() - killed) / 1_000_000;
                    }
                    Thread.sleep(5); // refused at once (no leader yet): do not take the CPU the election needs
                } catch (Unreachable e) {
                    // no answer within 250 ms: the next member
                }
            }
        } finally {
            survivors.forEach(HttpRemote::close);
        }
    }
}
