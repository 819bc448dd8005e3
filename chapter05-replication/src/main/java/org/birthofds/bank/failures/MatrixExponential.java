package org.birthofds.bank.failures;

/**
 * e^(Qt) for the small generator Q of a continuous-time Markov chain: entry (i, j) is the chance
 * of being in state j at time t, having started in i. No library, and exact up to rounding.
 *
 * <p>Uniformisation: pick a rate Λ at least as fast as any way out of any state. The chain is then
 * a clock ticking at rate Λ (a Poisson process), and each tick moves it by the ordinary
 * stochastic matrix P = I + Q/Λ (a tick that changes nothing stands for the slack). So
 * e^(Qt) = Σ_k e^(-Λt)·(Λt)^k/k!·P^k. Every term is non-negative, so nothing cancels and a chance
 * of 10^-12 keeps its digits; a Taylor series of Qt would have to subtract numbers near 1 to get it.
 *
 * <p>Over a year Λt reaches thousands (a replacement in an hour is 24 moves a day per dead
 * machine), far too many terms. So the sum is taken over a short step h = t/2^s with Λh ≤ 1/2,
 * a few dozen terms, and squared s times: e^(Qt) = (e^(Qh))^(2^s). Squaring a matrix of
 * non-negative numbers is just as safe, but for one thing: each row sums to 1 only to within
 * rounding, and each squaring doubles that drift, so after the 40 squarings of a million years
 * probability would be made from nothing. Each row is put back to a sum of 1 after every squaring.
 */
final class MatrixExponential {
    /** The Poisson weights are summed until they fall below this: far below any figure we print. */
    private static final double NEGLIGIBLE = 1e-40;

    private MatrixExponential() {
    }

    static double[][] of(double[][] generator, double t) {
        int n = generator.length;
        double fastest = 0;
        for (int i = 0; i < n; i++) {
            fastest = Math.max(fastest, -generator[i][i]);
        }
        if (fastest == 0 || t == 0) {
            return identity(n);
        }
        int squarings = Math.max(0, Math.getExponent(2 * fastest * t) + 1); // fastest·t/2^s ≤ 1/2
        double step = Math.scalb(t, -squarings);
        double ticks = fastest * step;

        double[][] tick = identity(n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                tick[i][j] += generator[i][j] / fastest;
            }
        }
        double weight = Math.exp(-ticks);
        double[][] power = identity(n); // P^k
        double[][] sum = scaled(power, weight);
        for (int k = 1; weight > NEGLIGIBLE; k++) {
            weight *= ticks / k;
            power = times(power, tick);
            add(sum, scaled(power, weight));
        }
        normalise(sum);
        for (int s = 0; s < squarings; s++) {
            sum = times(sum, sum);
            normalise(sum);
        }
        return sum;
    }

    private static void normalise(double[][] m) {
        for (double[] row : m) {
            double total = 0;
            for (double x : row) {
                total += x;
            }
            for (int j = 0; j < row.length; j++) {
                row[j] /= total;
            }
        }
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double[][] times(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[][] scaled(double[][] a, double factor) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
            for (int j = 0; j < c[i].length; j++) {
                c[i][j] *= factor;
            }
        }
        return c;
    }

    private static void add(double[][] into, double[][] a) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                into[i][j] += a[i][j];
            }
        }
    }
}
