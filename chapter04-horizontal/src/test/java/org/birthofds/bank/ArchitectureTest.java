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
import org.birthofds.bank.load.Measured;

/**
 * The layout is the architecture: a tier reaches another tier only through its HTTP API, never
 * through its classes. The engine of chapters 1 and 2 stays in the root package, which is also the
 * data tier, and the root package holds nothing else: what chapter 3 added lives in packages of
 * its own, even the data tier's new parts ({@code data}) and what its JSON server shares with the
 * logic tier's ({@code api}), and so do chapter 4's balancer and a shard's part in the cross-shard
 * protocols ({@code participant}). Only production code is checked: a test may start any tier it likes.
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
    /** What api's JsonServer needs of the engine: the refusals, and chapter 1's answers to what Jetty refuses itself. */
    private static final Set<String> API = Set.of("ApiError", "Bodies", "JettyErrors");
    /** What the data tier's new parts need of the engine: the journal's commands, which carry a key and its answer. */
    private static final Set<String> DATA = Set.of("ApiError", "Bodies", "Command");
    /** What a shard's part in the cross-shard protocols needs of the engine it extends: accounts, locks, journal, checks. */
    private static final Set<String> PARTICIPANT = Set.of("Account", "Accounts", "ApiError", "Bank", "Bodies", "Command",
            "Locks", "Storage");
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
                    ROOT + ".net..", ROOT + ".bench..", ROOT + ".twophase..", ROOT + ".balancer..", ROOT + ".rebalance..")
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
            .should(haveTopLevelNameIn(union(CONTRACT, CHECKS, API, DATA, PARTICIPANT, LAUNCHER, Set.of("FsyncRate")),
                    "is public"))
            .because("public is a package's face: the data tier's main and its default directory, what the other tiers"
                    + " share with it, and what the packages born later (api, data, participant) need of it");

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
            .because("the data tier and the logic tier both serve JSON through it, so it may know the API's refusals"
                    + " and bodies, and no tier");

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
                            ROOT + ".shard..")))
                    .and(not(rootIn(PARTICIPANT))))
            .because("a shard keeps its records, intents, freezes and migrations beside the engine they extend, and"
                    + " answers whoever drives a protocol over HTTP (the coordinator, the reader, the migrator) without"
                    + " knowing it; it reaches its peer shards only over HTTP, through net");

    @ArchTest
    static final ArchRule only_the_data_tier_uses_its_parts = noClasses()
            .that(not(resideInAnyPackage(ROOT, ROOT + ".data..", ROOT + ".participant..")))
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".data..", ROOT + ".participant..")
            .because("the keys, and a shard's records, intents, freezes and migrations, live where the data is: another"
                    + " tier reaches them only through the shard's HTTP API");

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
