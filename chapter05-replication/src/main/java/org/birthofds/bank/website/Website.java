package org.birthofds.bank.website;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.function.Function;
import org.birthofds.bank.Account;
import org.birthofds.bank.Bodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The banking website's routes: one page that lists the accounts, and one POST per form. Each
 * answer is that page again, with a message box; the website keeps nothing between requests, not
 * even a "flash" message for a redirect, so any copy of it can serve any request.
 *
 * <p>FAILURE MODE (fixed in chapter 04): one logic tier behind it. While that tier is down, every
 * page is the "temporarily unavailable" page, however healthy this website is.
 */
final class Website {
    private static final int MAX_FORM_BYTES = 16 * 1024;
    /** The pause the API asks for in its own 503s (top-level README.md, "The API"): the page asks for the same. */
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final Logger log = LoggerFactory.getLogger(Website.class);

    private final BankApi logic;
    private final String node;

    private Website(BankApi logic, String node) {
        this.logic = logic;
        this.node = node;
    }

    /** A configured server, not yet started: call {@code start(host, port)}. */
    static Javalin create(BankApi logic, String node) {
        Website site = new Website(logic, node);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_FORM_BYTES;
            config.http.prefer405over404 = true; // GET /deposit is a wrong method, not a missing page
            site.routes(config.routes);
        });
    }

    private void routes(RoutesConfig routes) {
        routes.get("/", ctx -> show(ctx, null));
        routes.post("/open", ctx -> submit(ctx, this::open));
        routes.post("/deposit", ctx -> submit(ctx, this::deposit));
        routes.post("/withdraw", ctx -> submit(ctx, this::withdraw));
        routes.post("/transfer", ctx -> submit(ctx, this::transfer));
        routes.exception(BankApi.Unavailable.class, this::unavailable);
        routes.exception(HttpResponseException.class, (e, ctx) -> html(ctx, e.getStatus(), switch (e.getStatus()) {
            case 404 -> Pages.problem("Page not found", "There is no page at " + ctx.path() + ".", node);
            case 405 -> Pages.problem("Not allowed", ctx.method() + " is not allowed on " + ctx.path() + ".", node);
            default -> Pages.problem("Request refused", e.getMessage() + ".", node);
        }));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            html(ctx, 500, Pages.problem("Something went wrong", "The website failed unexpectedly; the error is in its log.", node));
        });
    }

    private Message open(Form form) {
        String id = form.accountId("id", "Account id");
        BankApi.Reply reply = logic.open(id);
        return reply.ok() ? Message.done("Opened account " + id + ".") : Message.refused(reply);
    }

    private Message deposit(Form form) {
        String id = form.accountId("account", "Account");
        long amount = form.amount();
        BankApi.Reply reply = logic.deposit(id, amount, form.idempotencyKey());
        return reply.ok()
                ? Message.done("Deposited " + Dollars.format(amount) + " into " + id + ". Its balance is now "
                        + Dollars.format(reply.as(Bodies.Account.class).balance()) + ".")
                : Message.refused(reply, amount);
    }

    private Message withdraw(Form form) {
        String id = form.accountId("account", "Account");
        long amount = form.amount();
        BankApi.Reply reply = logic.withdraw(id, amount, form.idempotencyKey());
        return reply.ok()
                ? Message.done("Withdrew " + Dollars.format(amount) + " from " + id + ". Its balance is now "
                        + Dollars.format(reply.as(Bodies.Account.class).balance()) + ".")
                : Message.refused(reply, amount);
    }

    private Message transfer(Form form) {
        String from = form.accountId("from", "From");
        String to = form.accountId("to", "To");
        long amount = form.amount();
        BankApi.Reply reply = logic.transfer(from, to, amount, form.idempotencyKey());
        return reply.ok()
                ? Message.done("Moved " + Dollars.format(amount) + " from " + from + " to " + to + ".")
                : Message.refused(reply, amount);
    }

    /** One form: checked here, done (or refused) by the logic tier, and answered with the page. */
    private void submit(Context ctx, Function<Form, Message> action) {
        Message message;
        try {
            message = action.apply(new Form(ctx));
        } catch (Form.Problem problem) {
            message = Message.problem(problem);
        }
        show(ctx, message);
    }

    /** The page with the balances as they are now, read after the form's change was answered. */
    private void show(Context ctx, Message message) {
        Bodies.AccountList accounts = logic.accounts();
        html(ctx, message == null ? 200 : message.status(), Pages.bank(accounts, message, node));
    }

    /** Never a hang and never a stack trace: a page that says to come back, and when (Retry-After). */
    private void unavailable(BankApi.Unavailable e, Context ctx) {
        log.warn("Unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        html(ctx, 503, Pages.unavailable(ctx.method().name().equals("POST"), node));
    }

    /** Cache-Control: no-store, so that Back fetches a fresh page, with fresh keys and balances. */
    private static void html(Context ctx, int status, String page) {
        ctx.status(status).header("Cache-Control", "no-store").contentType("text/html; charset=utf-8").result(page);
    }
}
