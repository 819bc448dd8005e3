package org.birthofds.bank.website;

import java.util.UUID;
import org.birthofds.bank.Account;
import org.birthofds.bank.Bank;
import org.birthofds.bank.Bodies;

/**
 * The website's pages, rendered on the server as plain HTML: no JavaScript, so each form is an
 * ordinary POST that any browser can send, and the page that answers it is complete by itself.
 * Every value is written through {@link Html#escape}.
 */
final class Pages {
    private static final String STYLE = """
            body { font-family: sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; }
            table { border-collapse: collapse; margin-bottom: 1.5em; }
            th, td { padding: .3em 1em; border-bottom: 1px solid #ddd; text-align: left; }
            td.balance, tfoot td { text-align: right; font-variant-numeric: tabular-nums; }
            form { margin: 1em 0; padding: .8em; border: 1px solid #ccc; border-radius: 4px; }
            label { margin-right: .8em; }
            .message { padding: .8em; margin-bottom: 1.5em; border-radius: 4px; }
            .done { background: #e6f4e6; border: 1px solid #6a6; }
            .refused { background: #fbe9e9; border: 1px solid #c66; }
            footer { color: #888; font-size: small; margin-top: 2em; }
            """;

    private Pages() {
    }

    /** The bank's one page: the accounts, the message from the last form (or null), and the forms. */
    static String bank(Bodies.AccountList list, Message message, String node) {
        StringBuilder body = new StringBuilder(4096);
        body.append("<h1>The Bank</h1>\n");
        if (message != null) {
            body.append(messageBox(message));
        }
        body.append(accounts(list));
        body.append(form("open", "Open an account", field("id", "Account id"), ""));
        body.append(form("deposit", "Deposit", accountField("account", "Account") + field("amount", "Amount ($)"), key()));
        body.append(form("withdraw", "Withdraw", accountField("account", "Account") + field("amount", "Amount ($)"), key()));
        body.append(form("transfer", "Transfer",
                accountField("from", "From") + accountField("to", "To") + field("amount", "Amount ($)"), key()));
        body.append(datalist(list));
        return page("The Bank", body.toString(), node);
    }

    /** The logic tier is down, slow or overloaded: say so, and what a refresh does, and nothing more. */
    static String unavailable(boolean afterAWrite, String node) {
        String body = "<h1>Temporarily unavailable</h1>\n"
                + "<p id=\"unavailable\">The bank is temporarily unavailable. Please try again in a moment.</p>\n"
                + (afterAWrite
                        ? "<p>What you sent may or may not have been done. Reload this page to send it again:"
                                + " the bank does it at most once.</p>\n"
                        : "")
                + "<p><a href=\"/\">Back to your accounts</a></p>\n";
        return page("Temporarily unavailable", body, node);
    }

    /** A page for whatever is not the bank's business: an unknown path, a request too large, a bug. */
    static String problem(String title, String text, String node) {
        String body = "<h1>" + Html.escape(title) + "</h1>\n<p>" + Html.escape(text) + "</p>\n"
                + "<p><a href=\"/\">Back to your accounts</a></p>\n";
        return page(title, body, node);
    }

    private static String page(String title, String body, String node) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + Html.escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
                + body
                + "<footer>Served by " + Html.escape(node) + "</footer>\n</body>\n</html>\n";
    }

    private static String messageBox(Message message) {
        String kind = message.ok() ? "done" : "refused";
        String role = message.ok() ? "status" : "alert";
        return "<div id=\"message\" class=\"message " + kind + "\" role=\"" + role + "\"><strong>"
                + Html.escape(message.title()) + ".</strong> " + Html.escape(message.text()) + "</div>\n";
    }

    private static String accounts(Bodies.AccountList list) {
        if (list.accounts().isEmpty()) {
            return "<p id=\"no-accounts\">No accounts yet: open one below.</p>\n";
        }
        StringBuilder rows = new StringBuilder();
        for (Bodies.Account account : list.accounts()) {
            String id = Html.escape(account.id());
            rows.append("<tr><td>").append(id).append("</td><td class=\"balance\" id=\"balance-").append(id).append("\">")
                    .append(Dollars.format(account.balance())).append("</td></tr>\n");
        }
        return "<table id=\"accounts\">\n<thead><tr><th>Account</th><th>Balance</th></tr></thead>\n<tbody>\n" + rows
                + "</tbody>\n<tfoot><tr><th>Total</th><td id=\"total\">" + Dollars.format(list.total())
                + "</td></tr></tfoot>\n</table>\n";
    }

    private static String form(String action, String legend, String fields, String hidden) {
        return "<form id=\"" + action + "-form\" method=\"post\" action=\"/" + action + "\">\n"
                + "<strong>" + legend + "</strong><br>\n" + fields + hidden
                + "<button type=\"submit\">" + legend + "</button>\n</form>\n";
    }

    private static String field(String name, String label) {
        return "<label>" + label + " <input name=\"" + name + "\" size=\"12\"></label>\n";
    }

    /** An account field suggests the accounts shown above, still with no JavaScript. */
    private static String accountField(String name, String label) {
        return "<label>" + label + " <input name=\"" + name + "\" list=\"account-ids\" size=\"12\"></label>\n";
    }

    private static String datalist(Bodies.AccountList list) {
        StringBuilder options = new StringBuilder("<datalist id=\"account-ids\">");
        list.accounts().forEach(a -> options.append("<option value=\"").append(Html.escape(a.id())).append("\">"));
        return options.append("</datalist>\n").toString();
    }

    /**
     * A fresh Idempotency-Key, made when the page is rendered and sent back with the form. A double
     * click, or a browser that repeats the POST on refresh, sends the same key again, and the bank
     * then answers as the first time without moving the money twice. A new page has new keys.
     */
    private static String key() {
        return "<input type=\"hidden\" name=\"key\" value=\"" + UUID.randomUUID() + "\">\n";
    }
}
