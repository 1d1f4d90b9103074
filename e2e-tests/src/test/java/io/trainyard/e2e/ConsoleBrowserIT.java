package io.trainyard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.devstack.DevIdentity;
import io.trainyard.devstack.TrainyardClient;
import io.trainyard.devstack.TrainyardStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web console in headless Chromium against the whole stack: a job created from the dialog trains to
 * succeeded with its charts drawn, a running job is cancelled through the confirmation, a job page follows a
 * run from its live events without re-reading everything on each, a model is exported and imported again, a
 * junk bundle is refused, an experiment's runs rank by a metric with their curves overlaid, and a schedule
 * ticks in the running stack and is paused and resumed from the Schedules tab, and a search trains its trials
 * and shows them with the best on its page, and a dataset is uploaded from its dialog, a wrong target column
 * shown on its field. Screenshots of the tabs land in
 * {@code e2e-tests/target/console-screenshots}.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromium-driver} by path, so nothing downloads a browser.
 * Without them the class is skipped, unless {@code TRAINYARD_REQUIRE_BROWSER=1} (CI) makes that a failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = SharedStack.ROOT.resolve("e2e-tests/target/console-screenshots");
    private static final Path DOWNLOADS = SharedStack.ROOT.resolve("e2e-tests/target/console-downloads");
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String JOB_NAME = "console-iris-" + SUFFIX;
    private static final List<String> METRICS_CHARTS = List.of("chart-loss", "chart-accuracy", "chart-lr");

    private static TrainyardStack stack;
    private static TrainyardClient api;
    private static ChromeDriver browser;
    private static String datasetId;
    private static String trainedJobId;

    @BeforeAll
    static void startBrowser(TrainyardStack shared) throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "1".equals(System.getenv("TRAINYARD_REQUIRE_BROWSER"))) {
            fail("TRAINYARD_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing "
                    + "(apt-get install chromium chromium-driver)");
        }
        assumeTrue(installed, "browser tests skipped: no " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver; TRAINYARD_REQUIRE_BROWSER=1 makes this a failure)");
        stack = shared;
        api = stack.client();
        var reply = api.registerDataset(SharedStack.ROOT.resolve("samples/datasets/iris.csv"), "iris-console",
                "species", "classification");
        assertEquals(201, reply.status(), () -> "dataset upload answered " + reply.body());
        datasetId = reply.body().get("id").asText();

        Files.createDirectories(SCREENSHOTS);
        deleteRecursively(DOWNLOADS);
        Files.createDirectories(DOWNLOADS);
        Path profile = Files.createTempDirectory("trainyard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", DOWNLOADS.toString(),
                "download.prompt_for_download", false, "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(0)
    void theConsoleAsksForATokenAndThenActsAsItsUser() {
        open("#/jobs");
        WebElement signIn = visible(By.cssSelector("dialog.sign-in"));
        signIn.findElement(By.tagName("textarea")).sendKeys(stack.defaultToken());
        signIn.findElement(By.cssSelector("button[type='submit']")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("identity")).getText()
                .contains(DevIdentity.DEFAULT_USER + " · " + DevIdentity.DEFAULT_TENANT));
        visible(By.id("new-job"));
        // The token stays in the tab's sessionStorage, never in a URL.
        assertTrue(!browser.getCurrentUrl().contains(stack.defaultToken()), browser.getCurrentUrl());
    }

    @Test
    @Order(1)
    void aJobCreatedFromTheDialogTrainsToSucceededAndItsChartsAreDrawn() throws IOException {
        open("#/jobs");
        click(By.id("new-job"));
        WebElement dialog = visible(By.id("job-dialog"));
        type(By.id("job-name"), JOB_NAME);
        select(By.id("job-dataset"), datasetId);
        select(By.id("job-family"), "mlp_classifier");
        wait(Duration.ofSeconds(15)).withMessage("the family's default epochs are pre-filled")
                .until(d -> !d.findElement(By.id("hp-epochs")).getDomProperty("value").isBlank());
        assertEquals("0.2", visible(By.id("job-validation-split")).getDomProperty("value"), "the API's job default");
        assertEquals("normal", visible(By.id("job-priority")).getDomProperty("value"), "the API's job default");

        // The backend's validation error lands on the field it names.
        type(By.id("hp-epochs"), "0");
        click(By.id("create-job"));
        String error = text(By.cssSelector("[data-field='hyperparameters.epochs'] .error"));
        assertTrue(error.contains("between 1 and 1000"), error);
        screenshot("new-job-dialog");

        type(By.id("hp-epochs"), "15");
        click(By.id("create-job"));
        awaitToast("queued");
        wait(Duration.ofSeconds(10)).until(ExpectedConditions.invisibilityOf(dialog));

        type(By.id("filter-q"), JOB_NAME);
        trainedJobId = attribute(By.xpath("//tr[@data-job-id][.//a[text()='" + JOB_NAME + "']]"), "data-job-id");
        wait(Duration.ofMinutes(4)).until(d -> "succeeded".equals(d.findElement(
                By.cssSelector("tr[data-job-id='" + trainedJobId + "']")).getDomAttribute("data-status")));
        assertEquals("succeeded", text(By.cssSelector("tr[data-job-id='" + trainedJobId + "'] .badge")));
        String progress = text(By.cssSelector("tr[data-job-id='" + trainedJobId + "'] .progress .label"));
        assertTrue(progress.contains("epoch 15/15"), progress);

        open("#/jobs/" + trainedJobId);
        wait(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("job-timeline")).getText().contains("succeeded"));
        visible(By.id("job-logs"));
        wait(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("job-lineage")).getText().contains("version 1"));
        screenshot("job-detail");

        open("#/metrics?a=" + trainedJobId);
        wait(Duration.ofSeconds(30)).until(d -> {
            List<List<Long>> points = chartPoints(METRICS_CHARTS);
            return points.size() == 3 && points.stream().allMatch(series -> !series.isEmpty()
                    && series.stream().allMatch(n -> n == 15));
        });
        List<List<Long>> points = chartPoints(METRICS_CHARTS);
        assertEquals(2, points.get(0).size(), "train and validation loss: " + points);
        assertEquals(2, points.get(1).size(), "train and validation accuracy: " + points);
        assertEquals(1, points.get(2).size(), "learning rate: " + points);
        screenshot("metrics");
    }

    @Test
    @Order(2)
    void aRunningJobIsCancelledThroughTheConfirmationWithAToast() throws IOException {
        String name = "console-cancel-" + SUFFIX;
        var created = api.post("/api/v1/training/jobs", """
                {"name": "%s", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": 1000, "batch_size": 1}}""".formatted(name, datasetId));
        assertEquals(201, created.status(), () -> "job creation answered " + created.body());
        String id = created.body().get("id").asText();
        awaitJob(id, j -> "running".equals(j.get("status").asText()) && j.get("current_epoch").asInt() >= 1);

        open("#/jobs?q=" + name);
        By row = By.cssSelector("tr[data-job-id='" + id + "']");
        wait(Duration.ofSeconds(15)).until(d -> "running".equals(d.findElement(row).getDomAttribute("data-status")));
        // Live progress redraws the row's progress cell, not the row: the Cancel button found before an update
        // is still the one on the page after it (a user's click is not lost to a refresh).
        WebElement cancel = visible(By.cssSelector("tr[data-job-id='" + id + "'] [data-action='cancel']"));
        By label = By.cssSelector("tr[data-job-id='" + id + "'] .progress .label");
        String before = text(label);
        wait(Duration.ofSeconds(30)).until(d -> !text(label).equals(before));
        cancel.click();
        String confirm = text(By.id("confirm-dialog"));
        assertTrue(confirm.contains("cannot be undone"), confirm);
        click(By.cssSelector("#confirm-dialog [data-action='confirm']"));
        awaitToast("Cancellation of “" + name + "” requested");
        wait(Duration.ofSeconds(30)).until(d -> "cancelled".equals(d.findElement(row).getDomAttribute("data-status")));
        assertEquals("cancelled", text(By.cssSelector("tr[data-job-id='" + id + "'] .badge")));
        visible(By.cssSelector("tr[data-job-id='" + id + "'] [data-action='retry']"));

        open("#/jobs");
        visible(By.cssSelector("tr[data-job-id='" + trainedJobId + "']"));
        visible(By.cssSelector("tr[data-job-id='" + id + "']"));
        screenshot("jobs");
        phoneScreenshot("jobs-phone");
    }

    @Test
    @Order(4)
    void aModelIsExportedAndImportedAgainAndAJunkBundleIsRefused() throws IOException {
        String model = JOB_NAME;
        open("#/models");
        click(By.cssSelector("tr[data-model='" + model + "'] [data-action='export']"));
        visible(By.id("export-dialog"));
        click(By.id("include_samples"));
        type(By.id("num_samples"), "4");
        type(By.id("export-description"), "exported by the browser test");
        click(By.id("export-dialog-submit"));
        awaitToast("Downloaded");
        Path bundle = awaitDownload();
        try (var zip = new ZipFile(bundle.toFile())) {
            assertTrue(zip.getEntry("manifest.json") != null, "manifest.json in " + bundle);
            assertTrue(zip.getEntry("samples.json") != null, "samples.json in " + bundle);
        }

        String imported = model + "-imported";
        click(By.id("import-model"));
        visible(By.id("import-dialog"));
        browser.findElement(By.id("import-file")).sendKeys(bundle.toString());
        type(By.id("import-name"), imported);
        click(By.id("import-dialog-submit"));
        awaitToast("Imported as " + imported + " v1");
        String versions = text(By.cssSelector("tr[data-versions-of='" + imported + "'] tr[data-version='1']"));
        assertTrue(versions.contains("import"), versions);
        screenshot("models");

        Path junk = Files.writeString(DOWNLOADS.resolve("not-a-model.trainyard"), "this is not a zip file");
        click(By.id("import-model"));
        visible(By.id("import-dialog"));
        browser.findElement(By.id("import-file")).sendKeys(junk.toString());
        click(By.id("import-dialog-submit"));
        String rejected = text(By.id("import-error"));
        assertTrue(rejected.contains("rejected"), rejected);
        assertTrue(visible(By.id("import-dialog")).isDisplayed(), "the dialog stays open to pick another file");
        screenshot("models-import-rejected");
        assertEquals(404, api.get("/api/v1/models/not-a-model").status());
    }

    @Test
    @Order(3)
    void aJobPageFollowsARunFromItsEventsAndRereadsOnlyWhatTheyDoNotCarry() throws IOException {
        int epochs = 60;
        var created = api.post("/api/v1/training/jobs", """
                {"name": "console-live-%s", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": %d, "batch_size": 2}}""".formatted(SUFFIX, datasetId, epochs));
        assertEquals(201, created.status(), () -> "job creation answered " + created.body());
        String id = created.body().get("id").asText();
        String jobPath = "/api/v1/training/jobs/" + id;
        open("#/jobs/" + id);
        visible(By.cssSelector("#job-summary .progress"));

        // From here on: every path the page fetches, and every live event of the job (a stream of our own, which
        // replays the job's events from its first, so it counts all that the page's stream delivers), opened
        // with a live ticket as the console opens its own.
        String ticket = api.post("/api/v1/live/tickets", null).body().get("ticket").asText();
        browser.executeScript("""
                window.reads = [];
                const fetchOriginal = window.fetch;
                window.fetch = (input, init) => {
                  window.reads.push(new URL(input.url ?? String(input), location.href).pathname);
                  return fetchOriginal(input, init);
                };
                window.liveEvents = 0;
                window.counter = new EventSource(arguments[0] + '/stream?ticket=' + arguments[1]);
                ['training_started', 'training_progress', 'training_metric', 'training_completed', 'training_failed',
                 'training_cancelled', 'training_paused', 'training_requeued']
                  .forEach(type => window.counter.addEventListener(type, () => window.liveEvents++));
                """, jobPath, ticket);
        JsonNode counting = api.get(jobPath).body();
        assertTrue(counting.get("progress_percent").asDouble() < 50, () -> "the run is mostly over before the count "
                + "starts, so it would prove nothing: " + counting);

        By badge = By.cssSelector(".detail-head .badge[data-status]");
        wait(Duration.ofMinutes(4)).until(d -> "succeeded".equals(d.findElement(badge).getDomAttribute("data-status")));
        By bar = By.cssSelector("#job-summary .progress .bar");
        wait(Duration.ofSeconds(10)).until(d -> "100".equals(d.findElement(bar).getDomAttribute("aria-valuenow")));
        String label = text(By.cssSelector("#job-summary .progress .label"));
        assertTrue(label.contains("epoch " + epochs + "/" + epochs), label);
        wait(Duration.ofSeconds(30)).until(d -> chartPoints(List.of("detail-loss-chart")).get(0).equals(
                List.of((long) epochs, (long) epochs)));
        // The lineage settles after the outcome: it is re-read until it shows the registered version.
        wait(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("job-lineage")).getText().contains("version 1"));
        screenshot("job-live");

        @SuppressWarnings("unchecked")
        List<String> reads = (List<String>) browser.executeScript("window.counter.close(); return window.reads;");
        long events = ((Number) browser.executeScript("return window.liveEvents;")).longValue();
        long jobReads = reads.stream().filter(jobPath::equals).count();
        long metricsReads = reads.stream().filter((jobPath + "/metrics")::equals).count();
        long lineageReads = reads.stream().filter((jobPath + "/lineage")::equals).count();
        String counts = "%d live events; re-read: job %d, metrics %d, lineage %d; reads per path: %s".formatted(
                events, jobReads, metricsReads, lineageReads, reads.stream().collect(
                        Collectors.groupingBy(path -> path.replace(jobPath, "{job}"), TreeMap::new, Collectors.counting())));
        System.out.println("[console live] " + counts);
        assertTrue(events >= epochs, counts);
        // The job once per status change (started, succeeded), the metrics never (the events carry every epoch),
        // the lineage a few times after each status change until lineage-service has caught up.
        assertTrue(jobReads <= 3, counts);
        assertEquals(0, metricsReads, counts);
        assertTrue(lineageReads <= 8, counts);
        assertTrue(jobReads + metricsReads + lineageReads < events / 5, counts);
    }

    @Test
    @Order(5)
    void anExperimentIsCreatedItsRunsRankByAMetricAndTheirCurvesOverlay() throws IOException {
        String experiment = "console-experiment-" + SUFFIX;
        open("#/experiments");
        browser.navigate().refresh(); // the previous test leaves its import dialog open over the page
        // The API's validation message lands on the field it names.
        click(By.id("create-experiment"));
        String error = text(By.cssSelector("[data-field='name'] .error"));
        assertTrue(!error.isBlank(), "an experiment without a name is refused");
        type(By.id("experiment-name"), experiment);
        type(By.id("experiment-tags"), "console, iris");
        click(By.id("create-experiment"));
        awaitToast("Experiment " + experiment + " created");
        String id = attribute(By.xpath("//tr[@data-experiment-id][.//a[text()='" + experiment + "']]"),
                "data-experiment-id");

        // Three short runs that differ in their learning rate.
        List<String> runs = new java.util.ArrayList<>();
        for (double rate : List.of(0.001, 0.01, 0.05)) {
            var created = api.post("/api/v1/training/jobs", """
                    {"name": "%s-lr%s", "dataset_id": "%s", "model_family": "mlp_classifier", "experiment": "%s",
                     "hyperparameters": {"epochs": 6, "learning_rate": %s}}""".formatted(experiment, rate, datasetId,
                    experiment, rate));
            assertEquals(201, created.status(), () -> "job creation answered " + created.body());
            runs.add(created.body().get("id").asText());
        }
        runs.forEach(run -> awaitJob(run, j -> "succeeded".equals(j.get("status").asText())));

        open("#/experiments/" + id);
        visible(By.cssSelector("#runs-table tr[data-job-id='" + runs.get(0) + "']"));
        click(By.cssSelector("#runs-table button[data-sort='val_loss']"));
        // Ranked on the server, lowest loss first; the column says which way.
        wait(Duration.ofSeconds(15)).until(d -> d.findElement(By.cssSelector("#runs-table button[data-sort='val_loss']"))
                .getText().contains("▲"));
        List<Double> losses = wait(Duration.ofSeconds(15)).until(d -> {
            List<Double> values = d.findElements(By.cssSelector("#runs-table td[data-metric='val_loss']")).stream()
                    .map(td -> Double.parseDouble(td.getText().replace(",", ""))).toList();
            return values.size() == 3 ? values : null;
        });
        assertEquals(losses.stream().sorted().toList(), losses, "ranked by val_loss, lowest first");
        click(By.cssSelector("#runs-table button[data-sort='val_loss']"));
        wait(Duration.ofSeconds(15)).until(d -> d.findElement(By.cssSelector("#runs-table button[data-sort='val_loss']"))
                .getText().contains("▼"));

        // Every run's curve is overlaid (three are fewer than the default five); unticking one takes it away.
        select(By.id("curve-metric"), "val_loss");
        wait(Duration.ofSeconds(15)).until(d -> chartPoints(List.of("chart-curves")).get(0).equals(List.of(6L, 6L, 6L)));
        click(By.cssSelector("#runs-table tr[data-job-id='" + runs.get(1) + "'] input[type='checkbox']"));
        wait(Duration.ofSeconds(15)).until(d -> chartPoints(List.of("chart-curves")).get(0).size() == 2);
        select(By.id("scatter-parameter"), "learning_rate");
        wait(Duration.ofSeconds(15)).until(d -> chartPoints(List.of("chart-scatter")).get(0).equals(List.of(3L)));
        screenshot("experiment");
    }

    @Test
    @Order(6)
    void aScheduleTicksInTheRunningStackAndIsPausedFromTheConsole() throws IOException {
        // Every minute, on the newest version of the iris dataset: the stack's own ticker acts on it.
        String name = "console-schedule-" + SUFFIX;
        var created = api.post("/api/v1/schedules", """
                {"name": "%s", "cron": "* * * * *", "dataset": "iris-console",
                 "job": {"model_family": "mlp_classifier", "hyperparameters": {"epochs": 2}}}""".formatted(name));
        assertEquals(201, created.status(), () -> "schedule creation answered " + created.body());
        String id = created.body().get("id").asText();
        JsonNode runs = Await.body(api, "/api/v1/schedules/" + id + "/runs", r -> r.get("items").size() >= 1,
                Duration.ofSeconds(100));
        String job = runs.get("items").get(0).get("job_id").asText();

        open("#/schedules");
        browser.navigate().refresh();
        By row = By.cssSelector("tr[data-schedule-id='" + id + "']");
        click(By.cssSelector("tr[data-schedule-id='" + id + "'] [data-action='runs']"));
        visible(By.cssSelector("tr[data-runs-of='" + id + "'] a[href='#/jobs/" + job + "']"));
        click(By.cssSelector("tr[data-schedule-id='" + id + "'] [data-action='pause']"));
        awaitToast(name + " paused");
        wait(Duration.ofSeconds(15)).until(d -> "true".equals(d.findElement(row).getDomAttribute("data-paused")));
        assertTrue(api.get("/api/v1/schedules/" + id).body().get("paused").asBoolean());
        screenshot("schedules");
        click(By.cssSelector("tr[data-schedule-id='" + id + "'] [data-action='resume']"));
        awaitToast(name + " resumed");
        assertTrue(!api.get("/api/v1/schedules/" + id).body().get("paused").asBoolean());
        assertEquals(204, api.delete("/api/v1/schedules/" + id).status());
    }

    @Test
    @Order(7)
    void aSearchTrainsItsTrialsAndItsPageShowsThemWithTheBest() throws IOException {
        // Three real trials of a few epochs, one at a time, on the stack's worker.
        var created = api.post("/api/v1/searches", """
                {"name": "console-search-%s", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "metric": "val_accuracy", "strategy": "random", "seed": 3,
                 "budget": {"max_trials": 3, "max_parallel": 1},
                 "space": {"learning_rate": {"type": "log_uniform", "min": 0.001, "max": 0.1}},
                 "job": {"hyperparameters": {"epochs": 4}}}""".formatted(SUFFIX, datasetId));
        assertEquals(201, created.status(), () -> "search creation answered " + created.body());
        String id = created.body().get("id").asText();

        open("#/searches/" + id);
        browser.navigate().refresh();
        wait(Duration.ofMinutes(4)).until(d -> d.findElement(By.cssSelector("#search-view .view-head .badge"))
                .getText().equals("succeeded"));
        assertEquals(3, browser.findElements(By.cssSelector("#trials-table tr[data-trial]")).size());
        visible(By.cssSelector("#trials-table tr[data-best='true']"));
        String best = text(By.cssSelector("#search-best .v"));
        assertTrue(Double.parseDouble(best) > 0, best);
        wait(Duration.ofSeconds(15)).until(d -> chartPoints(List.of("chart-trials")).get(0).equals(List.of(3L)));
        JsonNode search = api.get("/api/v1/searches/" + id).body();
        assertEquals(200, api.get("/api/v1/models/" + search.get("model_name").asText() + "/aliases/best").status());
        screenshot("search");
    }

    @Test
    @Order(8)
    void aDatasetIsUploadedFromTheConsoleWithTheApisValidationMessagesOnItsFields() throws IOException {
        String name = "console-upload-" + SUFFIX;
        open("#/jobs");
        browser.navigate().refresh();
        click(By.id("upload-dataset"));
        visible(By.id("dataset-dialog"));
        browser.findElement(By.id("dataset-file")).sendKeys(SharedStack.ROOT.resolve("samples/datasets/iris.csv")
                .toString());
        type(By.id("dataset-name"), name);
        type(By.id("dataset-target"), "no_such_column");
        click(By.id("dataset-dialog-submit"));
        String error = text(By.cssSelector("#dataset-dialog [data-field='target_column'] .error"));
        assertTrue(error.contains("no_such_column") || error.contains("column"), error);
        screenshot("dataset-upload-refused");
        type(By.id("dataset-target"), "species");
        click(By.id("dataset-dialog-submit"));
        awaitToast("Registered " + name + " version 1: 150 rows");
        var listed = api.get("/api/v1/datasets?name=" + name).body().get("items");
        assertEquals(1, listed.size());
        assertEquals("species", listed.get(0).get("target_column").asText());
    }

    /** Per chart (by element id), the number of points of each series ECharts holds. */
    @SuppressWarnings("unchecked")
    private static List<List<Long>> chartPoints(List<String> charts) {
        Object result = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('echarts').then(echarts => done(arguments[0].map(id => {
                  const chart = echarts.getInstanceByDom(document.getElementById(id));
                  return chart ? chart.getOption().series.map(s => s.data.length) : [];
                })), e => done(String(e)));
                """, charts);
        if (!(result instanceof List<?>)) {
            throw new AssertionError("reading the charts failed: " + result);
        }
        return (List<List<Long>>) result;
    }

    private static void open(String hash) {
        browser.get(stack.jobApiUrl() + "/" + hash);
    }

    private static WebDriverWait wait(Duration timeout) {
        var wait = new WebDriverWait(browser, timeout);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class);
        return wait;
    }

    // The console re-renders parts of a page on live events, so an element found a moment ago may be gone: every
    // helper finds and uses its element in one attempt of a wait, which retries on a stale element.

    private static WebElement visible(By by) {
        return wait(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** The visible text of the element, read in the same attempt that found it. */
    private static String text(By by) {
        return wait(Duration.ofSeconds(15)).until(d -> {
            WebElement element = d.findElement(by);
            return element.isDisplayed() ? element.getText() : null;
        });
    }

    private static String attribute(By by, String name) {
        return wait(Duration.ofSeconds(15)).until(d -> {
            WebElement element = d.findElement(by);
            return element.isDisplayed() ? element.getDomAttribute(name) : null;
        });
    }

    private static void click(By by) {
        wait(Duration.ofSeconds(15)).until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Picks the option once the select offers it (the dialog loads its options). */
    private static void select(By by, String value) {
        wait(Duration.ofSeconds(15)).until(d -> {
            new Select(d.findElement(by)).selectByValue(value);
            return true;
        });
    }

    private static void type(By by, String text) {
        wait(Duration.ofSeconds(15)).until(d -> {
            WebElement input = d.findElement(by);
            if (!input.isDisplayed()) {
                return false;
            }
            input.clear();
            input.sendKeys(text);
            return true;
        });
    }

    private static void awaitToast(String text) {
        wait(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#toasts .toast")).stream()
                .anyMatch(t -> t.getText().contains(text)));
    }

    private static Path awaitDownload() throws IOException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try (var files = Files.list(DOWNLOADS)) {
                var bundle = files.filter(f -> f.getFileName().toString().endsWith(".trainyard")).findFirst();
                if (bundle.isPresent() && Files.size(bundle.get()) > 0) {
                    return bundle.get();
                }
            }
            Await.sleep(200);
        }
        throw new AssertionError("no .trainyard bundle was downloaded to " + DOWNLOADS);
    }

    private static JsonNode awaitJob(String id, java.util.function.Predicate<JsonNode> done) {
        return Await.body(api, "/api/v1/training/jobs/" + id, done, Duration.ofMinutes(3));
    }

    private static void screenshot(String name) throws IOException {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.move(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The page as a 390x844 phone shows it (Chrome's own window cannot get that narrow). */
    private static void phoneScreenshot(String name) throws IOException {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        try {
            Await.sleep(300);
            screenshot(name);
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
