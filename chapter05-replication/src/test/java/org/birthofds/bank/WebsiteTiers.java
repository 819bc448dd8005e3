package org.birthofds.bank;

import java.io.IOException;
import org.birthofds.bank.website.WebsiteFlags;
import org.birthofds.bank.website.WebsiteNode;

/** All three tiers of chapter 3 in the test JVM: data, logic, and the website in front. */
record WebsiteTiers(Tiers bank, WebsiteNode website) implements AutoCloseable {

    static WebsiteTiers memoryOnly(String... websiteFlags) throws IOException {
        return around(Tiers.memoryOnly(), websiteFlags);
    }

    /** A website in front of a data tier and a logic tier that were started with flags of their own. */
    static WebsiteTiers around(Tiers bank, String... websiteFlags) throws IOException {
        try {
            return new WebsiteTiers(bank, website(bank.url(), websiteFlags));
        } catch (RuntimeException e) {
            bank.close();
            throw e;
        }
    }

    /** A website alone, in front of the logic tier at {@code logicUrl}. */
    static WebsiteNode website(String logicUrl, String... extraFlags) {
        return WebsiteNode.start(WebsiteFlags.parse(
                TestNodes.concat(new String[] {"--port", "0", "--logic-url", logicUrl}, extraFlags)));
    }

    /** The website's URL: what a customer's browser opens. */
    String url() {
        return website.url();
    }

    /** The public API's URL, to set up and check the bank without the website. */
    String apiUrl() {
        return bank.url();
    }

    @Override
    public void close() throws IOException {
        website.close();
        bank.close();
    }
}
