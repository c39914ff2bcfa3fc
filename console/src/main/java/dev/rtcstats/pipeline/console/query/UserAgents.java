package dev.rtcstats.pipeline.console.query;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A short browser name and major version from a User-Agent, for the table; the full string is shown on hover. */
final class UserAgents {
    /** Most specific first: Edge and Opera also claim to be Chrome, Chrome also claims to be Safari. */
    private static final List<Product> PRODUCTS = List.of(
            new Product("Edge", Pattern.compile("Edg(?:e|A|iOS)?/(\\d+)")),
            new Product("Opera", Pattern.compile("OPR/(\\d+)")),
            new Product("Firefox", Pattern.compile("(?:Firefox|FxiOS)/(\\d+)")),
            new Product("Chrome", Pattern.compile("(?:HeadlessChrome|Chrome|CriOS)/(\\d+)")),
            new Product("Safari", Pattern.compile("Version/(\\d+)[^ ]* (?:Mobile/\\S+ )?Safari/")));

    private UserAgents() {}

    static String browser(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "";
        }
        for (Product product : PRODUCTS) {
            Matcher matcher = product.pattern().matcher(userAgent);
            if (matcher.find()) {
                return product.name() + " " + matcher.group(1);
            }
        }
        return "other";
    }

    private record Product(String name, Pattern pattern) {}
}
