package io.trainyard.jobs.console;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console's static files, checked without a browser: a page, module or library that is not served
 * (a renamed file, a missing mvnpm jar, a broken import map) fails here in seconds.
 */
@QuarkusTest
class ConsoleTest {
    private static final Pattern IMPORT_MAP_ECHARTS = Pattern.compile("\"echarts\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern RELATIVE_IMPORT = Pattern.compile("from '\\./([\\w-]+\\.js)'");

    @Test
    void theRootServesTheConsoleAndItsImportMapPointsAtTheEChartsModule() {
        String html = given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>Trainyard console</title>"))
                .body(containsString("/console/app.js")).body(containsString("/console/console.css"))
                .extract().asString();
        Matcher echarts = IMPORT_MAP_ECHARTS.matcher(html);
        assertTrue(echarts.find(), "no import map entry for echarts in " + html);
        given().get(echarts.group(1)).then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("getInstanceByDom"));
        given().get("/console/console.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void everyModuleTheConsoleImportsIsServed() {
        Deque<String> pending = new ArrayDeque<>(java.util.List.of("app.js"));
        Set<String> seen = new HashSet<>(pending);
        while (!pending.isEmpty()) {
            String module = pending.pop();
            String source = given().get("/console/" + module).then().statusCode(200)
                    .contentType(containsString("javascript")).extract().asString();
            Matcher imports = RELATIVE_IMPORT.matcher(source);
            while (imports.find()) {
                if (seen.add(imports.group(1))) {
                    pending.push(imports.group(1));
                }
            }
        }
        assertTrue(seen.containsAll(Set.of("jobs.js", "job-dialog.js", "metrics.js", "models.js", "experiments.js",
                "searches.js", "schedules.js", "charts.js", "live.js", "api.js", "ui.js")), "modules reached from app.js: "
                + seen);
    }
}
