package io.raymon.flink.bench.soak;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Small line charts as SVG (no plotting library on these machines): panels stacked, one per quantity group. */
final class SvgChart {
    private static final int WIDTH = 900;
    private static final int PANEL_HEIGHT = 170;
    private static final int LEFT = 70;
    private static final int TOP = 30;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    /** One line of a panel. */
    record Series<T>(String label, ToDoubleFunction<T> value) {}

    /** A panel: a title, a unit, its lines. */
    record Panel<T>(String title, String unit, List<Series<T>> series) {}

    private SvgChart() {}

    static <T> String render(String title, List<T> points, ToDoubleFunction<T> x, String xUnit, List<Panel<T>> panels) {
        StringBuilder svg = new StringBuilder();
        int height = TOP + panels.size() * (PANEL_HEIGHT + 40);
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'"
                + " font-family='sans-serif' font-size='11'>%n<rect width='100%%' height='100%%' fill='white'/>%n", WIDTH, height));
        svg.append(String.format("<text x='%d' y='18' font-size='14' font-weight='bold'>%s</text>%n", LEFT, escape(title)));
        double xMax = points.stream().mapToDouble(x).max().orElse(1);
        for (int p = 0; p < panels.size(); p++) {
            Panel<T> panel = panels.get(p);
            int top = TOP + p * (PANEL_HEIGHT + 40) + 20;
            double yMax = 0;
            for (Series<T> series : panel.series()) {
                yMax = Math.max(yMax, points.stream().mapToDouble(series.value()).max().orElse(0));
            }
            yMax = yMax <= 0 ? 1 : yMax * 1.1;
            int plotWidth = WIDTH - LEFT - 20;
            svg.append(String.format("<text x='%d' y='%d' font-weight='bold'>%s</text>%n", LEFT, top - 6,
                    escape(panel.title() + " (" + panel.unit() + ")")));
            svg.append(String.format("<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>%n", LEFT, top,
                    plotWidth, PANEL_HEIGHT));
            for (int tick = 0; tick <= 4; tick++) {
                double value = yMax * tick / 4;
                int y = top + PANEL_HEIGHT - PANEL_HEIGHT * tick / 4;
                svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%s</text>%n", LEFT - 4, y + 4,
                        number(value)));
                svg.append(String.format("<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#eee'/>%n", LEFT, LEFT + plotWidth, y, y));
                svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>%n",
                        LEFT + plotWidth * tick / 4, top + PANEL_HEIGHT + 14, number(xMax * tick / 4) + " " + xUnit));
            }
            for (int s = 0; s < panel.series().size(); s++) {
                Series<T> series = panel.series().get(s);
                StringBuilder path = new StringBuilder();
                for (T point : points) {
                    double px = LEFT + plotWidth * x.applyAsDouble(point) / xMax;
                    double py = top + PANEL_HEIGHT - PANEL_HEIGHT * Math.max(0, series.value().applyAsDouble(point)) / yMax;
                    path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
                }
                String color = COLORS[s % COLORS.length];
                svg.append(String.format("<path d='%s' fill='none' stroke='%s' stroke-width='1.5'/>%n", path, color));
                svg.append(String.format("<text x='%d' y='%d' fill='%s'>%s</text>%n", LEFT + 10 + s * 200, top + 14, color,
                        escape(series.label())));
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static String number(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", value / 1e6);
        }
        if (value >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", value / 1e3);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.0f" : "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
