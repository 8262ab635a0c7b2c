package dev.connector.benchmarks.support;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The suites report medians: robust to the odd round or process a busy machine spoils. */
public final class Medians {

    private Medians() {
    }

    /** The median of one property of each item; 0 for none. */
    public static <T> double of(List<T> items, ToDoubleFunction<T> property) {
        return of(items.stream().mapToDouble(property).toArray());
    }

    public static double of(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
