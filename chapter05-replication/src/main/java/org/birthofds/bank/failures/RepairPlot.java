package org.birthofds.bank.failures;

import java.util.List;
import java.util.Locale;

/**
 * The table's closed forms as a picture: the chance that some group loses its majority within a
 * year, against the machines in the bank, both on log scales, one line per group size and policy.
 * Hand-written SVG, so that regenerating it needs nothing but this class. Between the table's rows
 * the number of groups is taken as machines/size, unrounded, to draw a smooth line.
 */
final class RepairPlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    private static final int LEFT = 80;
    private static final int TOP = 50;
    private static final int PLOT_WIDTH = 560;
    private static final int PLOT_HEIGHT = 380;
    private static final int MACHINE_DECADES = 5; // 1 to 100,000 machines
    private static final String[] COLOURS = {"#c0392b", "#e67e22", "#2980b9", "#27ae60"};

    private RepairPlot() {
    }

    static String svg(double p, List<Replacement> policies) {
        int lowestDecade = -1;
        double[][] yearly = new double[RepairMath.SIZES.length][policies.size()];
        for (int s = 0; s < RepairMath.SIZES.length; s++) {
            for (int k = 0; k < policies.size(); k++) {
                yearly[s][k] = RepairClosedForm.groupLoss(new Group(RepairMath.SIZES[s]), p, policies.get(k), RepairClosedForm.YEAR);
                lowestDecade = Math.min(lowestDecade, (int) Math.floor(Math.log10(yearly[s][k])));
            }
        }
        lowestDecade = Math.max(lowestDecade, -12); // below one in a trillion, a line rests on the floor
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"28\" font-size=\"16\">Chance that some group loses its"
                + " majority within a year (p = %s per machine per day)</text>%n", LEFT, FailureMath.number(p)));
        for (int decade = 0; decade <= MACHINE_DECADES; decade++) {
            double x = LEFT + PLOT_WIDTH * decade / (double) MACHINE_DECADES;
            out.append(line(x, TOP, x, TOP + PLOT_HEIGHT, "#ddd", ""));
            out.append(text(x, TOP + PLOT_HEIGHT + 18, "middle", String.format(Locale.ROOT, "%,d", (long) Math.pow(10, decade))));
        }
        for (int decade = lowestDecade; decade <= 0; decade++) {
            double y = y(Math.pow(10, decade), lowestDecade);
            out.append(line(LEFT, y, LEFT + PLOT_WIDTH, y, "#ddd", ""));
            out.append(text(LEFT - 6, y + 4, "end", decade >= -3 ? FailureMath.number(Math.pow(10, decade)) : power(decade)));
        }
        double thousand = x(1_000);
        out.append(line(thousand, TOP, thousand, TOP + PLOT_HEIGHT, "#888", "2 3"));
        out.append(text(thousand + 4, TOP + PLOT_HEIGHT - 8, "start", "1,000 machines: a failure a day"));
        out.append(text(LEFT + PLOT_WIDTH / 2.0, TOP + PLOT_HEIGHT + 40, "middle", "machines in the bank (log scale)"));
        out.append(String.format(Locale.ROOT, "<text transform=\"translate(20 %d) rotate(-90)\" text-anchor=\"middle\">"
                + "chance within a year (log scale)</text>%n", TOP + PLOT_HEIGHT / 2));

        for (int s = 0; s < RepairMath.SIZES.length; s++) {
            int size = RepairMath.SIZES[s];
            for (int k = 0; k < policies.size(); k++) {
                StringBuilder points = new StringBuilder();
                for (int step = 0; step <= 200; step++) {
                    double machines = Math.pow(10, Math.log10(size) + step / 200.0 * (MACHINE_DECADES - Math.log10(size)));
                    double chance = RepairClosedForm.someGroup(yearly[s][k], machines / size);
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(machines), y(chance, lowestDecade)));
                }
                String dash = s == 0 ? "" : " stroke-dasharray=\"8 5\"";
                out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s points=\"%s\"/>%n",
                        COLOURS[k % COLOURS.length], dash, points.toString().strip()));
                double legendY = TOP + 20 + (s * policies.size() + k) * 24;
                out.append(line(LEFT + PLOT_WIDTH + 20, legendY, LEFT + PLOT_WIDTH + 60, legendY,
                        COLOURS[k % COLOURS.length], s == 0 ? "" : "8 5").replace("stroke-width=\"1\"", "stroke-width=\"2.5\""));
                out.append(text(LEFT + PLOT_WIDTH + 68, legendY + 4, "start", "groups of " + size + ", " + policies.get(k).label()));
            }
        }
        out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT));
        return out.append("</svg>\n").toString();
    }

    /** 10⁻⁴ rather than 1e-4: the axis is for readers, not for parsers. */
    private static String power(int exponent) {
        String superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder out = new StringBuilder("10⁻");
        for (char digit : String.valueOf(-exponent).toCharArray()) {
            out.append(superscripts.charAt(digit - '0'));
        }
        return out.toString();
    }

    private static double x(double machines) {
        return LEFT + PLOT_WIDTH * Math.log10(machines) / MACHINE_DECADES;
    }

    private static double y(double chance, int lowestDecade) {
        double decades = Math.max(lowestDecade, Math.log10(chance)); // a chance of 0 rests on the floor
        return TOP + PLOT_HEIGHT * decades / lowestDecade;
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, String dash) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"%s/>%n",
                x1, y1, x2, y2, colour, dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"");
    }

    private static String text(double x, double y, String anchor, String words) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, words);
    }
}
