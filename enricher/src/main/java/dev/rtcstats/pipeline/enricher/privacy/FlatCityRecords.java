package dev.rtcstats.pipeline.enricher.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a record of the flat ip-location-db layout ({@code {"city","country_code","latitude","longitude",...}})
 * into the GeoIP2 City shape the reference reads: {@code continent} (from the country, GeoNames' continents),
 * {@code country} (English name from the JDK's locale data), {@code city} and {@code location}.
 */
final class FlatCityRecords {
    private static final String CONTINENTS = """
            AF Africa AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR \
            MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW
            AN Antarctica AQ BV GS HM TF
            AS Asia AE AF AM AZ BD BH BN BT CC CN CX CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN \
            MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE
            EU Europe AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV \
            MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK
            NA North\u00A0America AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS \
            MX NI PA PM PR SV SX TC TT US VC VG VI
            OC Oceania AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS
            SA South\u00A0America AR BO BR CL CO EC FK GF GY PE PY SR UY VE
            """;
    private static final Map<String, String[]> CONTINENT_OF = parse();

    private FlatCityRecords() {}

    static boolean isFlat(JsonNode record) {
        return record.has("country_code") && !record.has("country");
    }

    static ObjectNode toCity(JsonNode flat) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode city = nodes.objectNode();
        String cityName = flat.path("city").asText("");
        if (!cityName.isEmpty()) {
            city.putObject("city").putObject("names").put("en", cityName);
        }
        String code = flat.path("country_code").asText("").toUpperCase(Locale.ROOT);
        String[] continent = CONTINENT_OF.get(code);
        if (continent != null) {
            ObjectNode node = city.putObject("continent");
            node.put("code", continent[0]);
            node.putObject("names").put("en", continent[1]);
        }
        if (code.length() == 2) {
            ObjectNode country = city.putObject("country");
            country.put("iso_code", code);
            country.putObject("names").put("en", Locale.of("", code).getDisplayCountry(Locale.ENGLISH));
        }
        if (flat.path("latitude").isNumber() && flat.path("longitude").isNumber()) {
            ObjectNode location = city.putObject("location");
            location.set("latitude", flat.get("latitude"));
            location.set("longitude", flat.get("longitude"));
        }
        return city;
    }

    private static Map<String, String[]> parse() {
        Map<String, String[]> table = new HashMap<>();
        CONTINENTS.lines().forEach(line -> {
            String[] parts = line.strip().split(" ");
            String[] continent = {parts[0], parts[1].replace('\u00A0', ' ')};
            for (int i = 2; i < parts.length; i++) {
                table.put(parts[i], continent);
            }
        });
        return Map.copyOf(table);
    }
}
