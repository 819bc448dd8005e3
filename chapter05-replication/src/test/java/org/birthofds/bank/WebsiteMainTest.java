package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.birthofds.bank.logic.LogicFlags;
import org.birthofds.bank.website.WebsiteFlags;
import org.birthofds.bank.website.WebsiteMain;
import org.junit.jupiter.api.Test;

/** The website's main and its flags: safe defaults, a clear word for every mistake, and one line saying where it is. */
class WebsiteMainTest {

    @Test
    void defaults_bind_loopback_and_wait_for_the_logic_tier_longer_than_it_waits_for_the_data_tier() {
        WebsiteFlags flags = WebsiteFlags.parse();
        assertThat(flags.host()).isEqualTo("127.0.0.1");
        assertThat(flags.port()).isEqualTo(8080);
        assertThat(flags.logicUrl()).isEqualTo(URI.create("http://127.0.0.1:7070"));
        assertThat(flags.workers()).isEqualTo(16);
        assertThat(flags.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(flags.requestTimeout()).isGreaterThan(LogicFlags.parse().requestTimeout());
        assertThat(flags.node()).isEqualTo("web-1");
    }

    @Test
    void every_flag_is_read() {
        WebsiteFlags flags = WebsiteFlags.parse("--port", "0", "--host", "0.0.0.0", "--logic-url", "http://10.0.0.2:7070",
                "--workers", "4", "--connect-timeout-ms", "100", "--timeout-ms", "900", "--node", "web-2");
        assertThat(flags.port()).isZero();
        assertThat(flags.host()).isEqualTo("0.0.0.0");
        assertThat(flags.logicUrl()).isEqualTo(URI.create("http://10.0.0.2:7070"));
        assertThat(flags.workers()).isEqualTo(4);
        assertThat(flags.connectTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(flags.requestTimeout()).isEqualTo(Duration.ofMillis(900));
        assertThat(flags.node()).isEqualTo("web-2");
    }

    @Test
    void a_bad_flag_is_refused_by_name() {
        assertThatThrownBy(() -> WebsiteFlags.parse("--data-url", "http://127.0.0.1:7071"))
                .hasMessageContaining("Unknown flag '--data-url'"); // the website never talks to the data tier
        assertThatThrownBy(() -> WebsiteFlags.parse("--logic-url", "localhost")).hasMessageContaining("--logic-url takes a URL");
    }

    @Test
    void the_main_says_where_the_website_listens_and_serves_the_page_there() throws Exception {
        try (Tiers bank = Tiers.memoryOnly()) {
            ChildBank website = ChildBank.start(WebsiteMain.class, "--logic-url", bank.url());
            try {
                assertThat(website.output())
                        .contains("Website listening on " + website.url() + " (logic tier at " + bank.url() + ")");
                assertThat(new WebClient(website.url()).get("/").status()).isEqualTo(200);
            } finally {
                website.kill();
            }
        }
    }
}
