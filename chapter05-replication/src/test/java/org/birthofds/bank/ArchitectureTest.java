package org.birthofds.bank;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.HashSet;
import java.util.Set;
import org.birthofds.bank.api.JsonServer;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.replicated.ReplicatedBank;

/**
 * The layout is the architecture: a tier reaches another tier only through its HTTP API, never
 * through its classes. The engine of chapters 1 and 2 stays in the root package, which is also the
 * data tier; what chapter 3 added lives in packages of its own, and so does chapter 4's balancer.
 * Chapter 5's replica does no I/O and reads no clock, nor do the logic tier's step machines; the
 * simulator runs them and the engine's {@code ReplicatedBank}, the same classes a replica group
 * and a logic node run over HTTP.
 * Only production code is checked: a test may start any tier it likes.
 */
@AnalyzeClasses(packages = "org.birthofds.bank", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String ROOT = "org.birthofds.bank";
    /**
     * The line a benchmark prints above its table, with its date, commit, JDK and cores. Every benchmark main prints
     * it, whatever package it lives in (FsyncRate in the root package too), so it is the one class of load that
     * any class may use; it may use no class of the bank.
     */
    private static final DescribedPredicate<JavaClass> MEASURED = DescribedPredicate.describe(
            "are load.Measured, the line that dates a benchmark's table", c -> c.isEquivalentTo(Measured.class));

    /** The API's contract (its bodies, limits and refusals) and the workers: what every tier shares with the data tier. */
    private static final Set<String> CONTRACT = Set.of("Bodies", "Money", "Worker");
    /** The logic tier checks requests and answers refusals exactly as the data tier does, with the same classes. */
    private static final Set<String> CHECKS = Set.of("ApiError", "RequestBody");
    /** Chapter 1's line between written and forced: a replica's Raft journal goes through it too. */
    private static final Set<String> DISK = Set.of("Disk", "RealDisk");
    /** What api's JsonServer needs of the engine: the refusals, and chapter 1's answers to what Jetty refuses itself. */
    private static final Set<String> API = Set.of("ApiError", "Bodies", "JettyErrors");
    /** What the data tier's new parts need of the engine: the journal's commands, which carry a key and its answer. */
    private static final Set<String> DATA = Set.of("ApiError", "Bodies", "Command");
    /** What a shard's part in the cross-shard protocols needs of the engine it extends: accounts, locks, journal, checks. */
    private static final Set<String> PARTICIPANT = Set.of("Account", "Accounts", "ApiError", "Bank", "Bodies", "Command",
            "Locks", "Storage");
    /** Chapter 5: what the engine as a replicated state machine builds it from. */
    private static final Set<String> REPLICATED = union(PARTICIPANT, Set.of("Money"));
    /** Chapter 5: what the shard's protocol (its requests, its routes, its step machines) needs of the engine. */
    private static final Set<String> PROTOCOL = Set.of("ApiError", "Bodies", "RequestBody");
    /** Chapter 2's root package, the whole engine. A part born later is born in a package named for what it is. */
    private static final Set<String> CHAPTER_2 = Set.of("Account", "AccountMemory", "Accounts", "ApiError", "Bank",
            "BankNode", "BankServer", "Benchmark", "Bodies", "CeilingBenchmark", "Chapter", "Command", "Disk", "Faults",
            "Flags", "FsyncRate", "JettyErrors", "Journal", "JournalDamaged", "JournalMarker", "JournalReader",
            "JournalRecord", "Locks", "Main", "Money", "RealDisk", "RequestBody", "Storage", "Tips", "Worker");
    /** What the launcher needs of the engine beside its main: the chapter's own data directory, its default. */
    private static final Set<String> LAUNCHER = Set.of("Main", "Chapter");

    @ArchTest
    static final ArchRule no_production_class_uses_the_load_generator = noClasses()
            .that(not(resideInAnyPackage(ROOT + ".load..", ROOT + ".bench..")))
            .should().dependOnClassesThat(resideInAPackage(ROOT + ".load..").and(not(MEASURED)))
            .because("load is a benchmarking tool; the tiers share the HTTP client in net");

    @ArchTest
    static final ArchRule the_line_that_dates_a_table_knows_nothing_of_the_bank = noClasses()
            .that(MEASURED)
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(MEASURED)))
            .because("every benchmark main prints it, from whichever package it lives in: the date, the commit, the JDK"
                    + " and the cores, which a number needs to be compared or checked, and nothing of the bank");

    @ArchTest
    static final ArchRule the_website_speaks_only_the_public_api = noClasses()
            .that().resideInAPackage(ROOT + ".website..")
            .should().dependOnClassesThat(rootExcept(CONTRACT))
            .orShould().dependOnClassesThat().resideInAnyPackage(ROOT + ".logic..", ROOT + ".tiers..", ROOT + ".bench..",
                    ROOT + ".api..")
            .because("the website calls the logic tier over HTTP (BankApi), and knows nothing of the data tier");

    @ArchTest
    static final ArchRule the_logic_tier_speaks_only_the_data_tiers_api = noClasses()
            .that().resideInAPackage(ROOT + ".logic..")
            .should().dependOnClassesThat(rootExcept(union(CONTRACT, CHECKS)))
            .orShould().dependOnClassesThat().resideInAnyPackage(ROOT + ".website..", ROOT + ".tiers..", ROOT + ".bench..")
            .because("the logic tier keeps no data: it reaches the accounts only through the shards' HTTP API");

    @ArchTest
    static final ArchRule the_engine_knows_nothing_of_the_tiers_in_front = noClasses()
            .that().resideInAPackage(ROOT)
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".website..", ROOT + ".logic..", ROOT + ".tiers..",
                    ROOT + ".bench..", ROOT + ".twophase..", ROOT + ".balancer..", ROOT + ".rebalance..", ROOT + ".group..")
            .because("chapter 2's engine serves whoever calls its API; it does not know who that is"
                    + " (chapter 4: a shard reaches its peer shards over HTTP from participant, not from here)");

    @ArchTest
    static final ArchRule the_coordinator_speaks_only_the_shards_api = noClasses()
            .that().resideInAPackage(ROOT + ".twophase..")
            .should().dependOnClassesThat(rootExcept(union(CONTRACT, CHECKS)))
            .orShould().dependOnClassesThat().resideInAnyPackage(ROOT + ".logic..", ROOT + ".website..", ROOT + ".tiers..",
                    ROOT + ".bench..", ROOT + ".balancer..")
            .because("two-phase commit runs in the logic tier: it reaches the shards' records and intents only over HTTP");

    @ArchTest
    static final ArchRule the_migrator_speaks_only_the_shards_and_logic_nodes_apis = noClasses()
            .that().resideInAPackage(ROOT + ".rebalance..")
            .should().dependOnClassesThat(rootExcept(CONTRACT))
            .orShould().dependOnClassesThat().resideInAnyPackage(ROOT + ".logic..", ROOT + ".twophase..", ROOT + ".website..",
                    ROOT + ".tiers..", ROOT + ".bench..", ROOT + ".balancer..", ROOT + ".api..")
            .because("adding a shard is an operator's tool, run from anywhere: it moves accounts only through the shards'"
                    + " admin endpoints and hands logic nodes the new map only through theirs");

    @ArchTest
    static final ArchRule only_the_launcher_and_the_benchmarks_drive_a_migration = noClasses()
            .that(not(resideInAnyPackage(ROOT + ".rebalance..", ROOT + ".tiers..", ROOT + ".bench..")))
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".rebalance..")
            .because("no shard or logic node starts a migration by itself: it is asked to, over HTTP, by the operator");

    @ArchTest
    static final ArchRule placement_stands_alone = noClasses()
            .that().resideInAPackage(ROOT + ".shard..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAnyPackage(ROOT + ".shard.."))))
            .because("where an account lives is a pure function of its id and the shard map, the same in every process");

    @ArchTest
    static final ArchRule the_network_and_the_node_shape_stand_alone = noClasses()
            .that().resideInAnyPackage(ROOT + ".net..", ROOT + ".node..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAnyPackage(ROOT + ".net..", ROOT + ".node.."))))
            .because("every tier uses them, so they may use no tier");

    @ArchTest
    static final ArchRule the_engine_is_package_private_but_for_its_face = classes()
            .that().resideInAPackage(ROOT).and().areTopLevelClasses().and().arePublic()
            .should(haveTopLevelNameIn(union(CONTRACT, CHECKS, DISK, API, DATA, PARTICIPANT, REPLICATED, PROTOCOL,
                    LAUNCHER, Set.of("FsyncRate")), "is public"))
            .because("public is a package's face: the data tier's main and its default directory, what the other tiers"
                    + " share with it, and what the packages born later (api, data, participant, replicated, protocol)"
                    + " need of it");

    @ArchTest
    static final ArchRule the_root_package_holds_only_chapter_2s_engine = classes()
            .that().resideInAPackage(ROOT).and().areTopLevelClasses()
            .should(haveTopLevelNameIn(CHAPTER_2, "was not in chapter 2's root package"))
            .because("the root package is the engine that chapters 1 and 2 built; a part born later lives in a package"
                    + " named for what it is, so that diff -r shows it as new and the package list reads as the chapter");

    @ArchTest
    static final ArchRule what_the_json_servers_share_knows_no_tier = noClasses()
            .that().resideInAPackage(ROOT + ".api..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + ".api..")))
                    .and(not(rootIn(API))))
            .because("the data tier, the logic tier and the replicas all serve JSON through it, so it may know the API's"
                    + " refusals and bodies, and no tier");

    @ArchTest
    static final ArchRule the_data_tiers_new_parts_know_no_tier = noClasses()
            .that().resideInAPackage(ROOT + ".data..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + ".data..")))
                    .and(not(rootIn(DATA))))
            .because("the Idempotency-Keys and the test hooks are the data tier's, behind its engine: they know the"
                    + " journal's commands and the API's refusals, and no tier in front");

    @ArchTest
    static final ArchRule a_shards_part_in_the_protocols_knows_no_tier_in_front = noClasses()
            .that().resideInAPackage(ROOT + ".participant..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                    .and(not(resideInAnyPackage(ROOT + ".participant..", ROOT + ".data..", ROOT + ".net..",
                            ROOT + ".shard..", ROOT + ".protocol..")))
                    .and(not(rootIn(PARTICIPANT))))
            .because("a shard keeps its records, intents, freezes and migrations beside the engine they extend, and"
                    + " answers whoever drives a protocol (the coordinator, the reader, the migrator) without knowing it;"
                    + " chapter 5: it speaks the shard's typed protocol, and its recovery pass is a step machine");

    @ArchTest
    static final ArchRule the_replicated_bank_is_the_engine_and_nothing_in_front = noClasses()
            .that().resideInAPackage(ROOT + ".replicated..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                    .and(not(resideInAnyPackage(ROOT + ".replicated..", ROOT + ".participant..", ROOT + ".data..",
                            ROOT + ".protocol..", ROOT + ".net..", ROOT + ".shard..", ROOT + ".replication..")))
                    .and(not(rootIn(REPLICATED))))
            .orShould().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio..", "java.io..")
            .because("a replica group's state machine is chapter 4's shard applied from the log: the engine and its"
                    + " parts, no tier in front of it, and no I/O (its recovery pass is run by the replica, outside it)");

    @ArchTest
    static final ArchRule only_the_data_tier_uses_its_parts = noClasses()
            .that(not(resideInAnyPackage(ROOT, ROOT + ".data..", ROOT + ".participant..", ROOT + ".replicated..")))
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".data..", ROOT + ".participant..")
            .because("the keys, and a shard's records, intents, freezes and migrations, live where the data is: another"
                    + " tier reaches them only through the shard's HTTP API, or a replica through its state machine");

    @ArchTest
    static final ArchRule the_balancer_reaches_logic_nodes_only_over_http = noClasses()
            .that().resideInAPackage(ROOT + ".balancer..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                    .and(not(resideInAnyPackage(ROOT + ".balancer..", ROOT + ".node.."))))
            .because("the balancer forwards HTTP with Jetty's proxy: it shares no class with the engine, the logic tier"
                    + " or the website, so it can run on a machine of its own in front of any of them");

    @ArchTest
    static final ArchRule nothing_behind_the_balancer_knows_it = noClasses()
            .that(not(resideInAnyPackage(ROOT + ".balancer..", ROOT + ".tiers..", ROOT + ".bench..")))
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".balancer..")
            .because("a logic node serves whoever calls it, a balancer, another node or curl");

    @ArchTest
    static final ArchRule the_failure_arithmetic_stands_alone = noClasses()
            .that().resideInAPackage(ROOT + ".failures..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + ".failures..")))
                    .and(not(MEASURED)))
            .because("it is arithmetic about machines, not a part of the bank (its table is dated like any benchmark's)");

    @ArchTest
    static final ArchRule no_part_of_the_bank_uses_the_failure_arithmetic = noClasses()
            .that(not(resideInAPackage(ROOT + ".failures..")))
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".failures..")
            .because("the table is printed by its own main, for the reader; the bank runs without it");

    @ArchTest
    static final ArchRule the_replica_does_no_io_and_reads_no_clock = noClasses()
            .that().resideInAPackage(ROOT + ".replication..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..", "java.time..",
                    "java.util.concurrent..")
            .orShould().dependOnClassesThat().belongToAnyOf(Thread.class)
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + ".replication.."))))
            .because("a replica is a state machine: messages and ticks in, effects out, so the same class runs in the"
                    + " one-thread simulator and, in the next part, over HTTP; its only randomness is the generator it is given");

    @ArchTest
    static final ArchRule the_simulator_runs_the_banks_own_code_and_no_http = noClasses()
            .that().resideInAPackage(ROOT + ".simulation..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                    .and(not(resideInAnyPackage(ROOT + ".simulation..", ROOT + ".replication..", ROOT + ".shard..",
                            ROOT + ".raftlog..", ROOT + ".protocol..", ROOT + ".twophase..", ROOT + ".net..",
                            ROOT + ".checks..", ROOT + ".replicated..")))
                    .and(not(rootIn(Set.of("Bodies"))))
                    .and(not(MEASURED)))
            .orShould().dependOnClassesThat().belongToAnyOf(org.birthofds.bank.protocol.ShardClient.class,
                    org.birthofds.bank.twophase.Coordinator.class,
                    org.birthofds.bank.twophase.Snapshot.class, org.birthofds.bank.net.GroupRemote.class,
                    org.birthofds.bank.net.HttpRemote.class)
            .orShould().dependOnClassesThat().resideInAnyPackage("java.net..", "java.util.concurrent..")
            .because("the simulated cluster runs the replica, the bank's own engine (ReplicatedBank) and the logic tier's"
                    + " own step machines, on its event queue instead of HTTP and threads, so a seed replays it in one"
                    + " thread");

    @ArchTest
    static final ArchRule the_step_machines_do_no_io_and_read_no_clock = classes()
            .that().implement(org.birthofds.bank.protocol.Steps.class)
            .should(new ArchCondition<>("do no I/O, start no thread and read no clock") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    item.getDirectDependenciesFromSelf().forEach(d -> {
                        String target = d.getTargetClass().getName();
                        boolean io = target.startsWith("java.net.") || target.startsWith("java.io.")
                                || target.startsWith("java.nio.") || target.startsWith("java.time.")
                                || target.startsWith("java.util.concurrent.") || target.equals(Thread.class.getName())
                                || target.equals(org.birthofds.bank.protocol.ShardClient.class.getName())
                                || target.equals(org.birthofds.bank.net.GroupRemote.class.getName())
                                || target.equals(org.birthofds.bank.net.HttpRemote.class.getName());
                        boolean clock = target.equals(System.class.getName())
                                && (d.getDescription().contains("nanoTime") || d.getDescription().contains("currentTimeMillis"));
                        if (io || clock) {
                            events.add(SimpleConditionEvent.violated(item, d.getDescription()));
                        }
                    });
                }
            })
            .because("the two-phase transfer, the consistent read and the recovery pass are each written once, as a step"
                    + " machine: a blocking driver runs them over HTTP, the simulator on its event queue");

    @ArchTest
    static final ArchRule the_checkers_are_pure = noClasses()
            .that().resideInAPackage(ROOT + ".checks..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".simulation..", ROOT + ".group..", ROOT + ".tiers..",
                    ROOT + ".logic..", "java.net..", "java.util.concurrent..")
            .orShould().dependOnClassesThat().belongToAnyOf(org.birthofds.bank.net.HttpRemote.class,
                    org.birthofds.bank.net.GroupRemote.class)
            .because("a checker judges a history, or what replicas did, whoever recorded it: the simulator, or the"
                    + " real-process tests; the simulator's runs and mains live in simulation");

    @ArchTest
    static final ArchRule the_bank_runs_without_the_simulator_and_its_checkers = noClasses()
            .that(not(resideInAnyPackage(ROOT + ".simulation..", ROOT + ".checks..")))
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".simulation..", ROOT + ".checks..")
            .because("the simulator and the checkers prove the replica; nothing the bank runs needs them");

    @ArchTest
    static final ArchRule a_replica_over_http_is_the_replica_chapter_4s_shard_and_a_network = noClasses()
            .that().resideInAPackage(ROOT + ".group..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAnyPackage(ROOT + ".group..",
                    ROOT + ".replication..", ROOT + ".raftlog..", ROOT + ".node..", ROOT + ".net..", ROOT + ".shard..",
                    ROOT + ".protocol..", ROOT + ".replicated..", ROOT + ".api.."))
                    .and(not(rootIn(union(CHECKS, DISK, Set.of("Bodies")))))
                    .and(not(MEASURED))))
            .because("part 2 runs part 1's replica over HTTP, with chapter 4's shard as the state machine it replicates:"
                    + " the runtime adds a clock, a journal and a network, and reaches its peers only through their"
                    + " HTTP endpoints");

    @ArchTest
    static final ArchRule no_tier_reaches_into_a_replica = noClasses()
            .that(not(resideInAnyPackage(ROOT + ".group..", ROOT + ".tiers..", ROOT + ".bench..")))
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".group..")
            .because("a replica is reached over HTTP, as any tier is");

    @ArchTest
    static final ArchRule the_raft_log_format_is_bytes_only = noClasses()
            .that().resideInAPackage(ROOT + ".raftlog..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..",
                    "java.net..", "java.time..")
            .orShould().dependOnClassesThat(resideInAPackage(ROOT + "..")
                    .and(not(resideInAnyPackage(ROOT + ".raftlog..", ROOT + ".replication.."))))
            .because("one format for the simulated disk and the real journal: it turns a replica's durable state into"
                    + " bytes and back, and leaves reading and forcing them to whichever disk it is");

    private static DescribedPredicate<JavaClass> rootExcept(Set<String> allowed) {
        return DescribedPredicate.describe("are in the root package (the engine and the data tier), other than " + allowed,
                c -> c.getPackageName().equals(ROOT) && !allowed.contains(topLevelName(c)));
    }

    private static DescribedPredicate<JavaClass> rootIn(Set<String> names) {
        return DescribedPredicate.describe("are in the root package, one of " + names,
                c -> c.getPackageName().equals(ROOT) && names.contains(topLevelName(c)));
    }

    private static ArchCondition<JavaClass> haveTopLevelNameIn(Set<String> allowed, String otherwise) {
        return new ArchCondition<>("be one of " + allowed) {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (!allowed.contains(topLevelName(c))) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " " + otherwise));
                }
            }
        };
    }

    private static String topLevelName(JavaClass c) {
        String simple = c.getName().substring(c.getPackageName().length() + 1);
        return simple.split("\\$")[0];
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }
}
