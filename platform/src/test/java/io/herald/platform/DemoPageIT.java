package io.herald.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testsupport.TestNats;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.TakesScreenshot;

/**
 * The demo page in a real headless Chromium against the platform running from its jar: it connects, an export job's
 * progress bar moves and finishes, a notification toast and an order change appear, and after the platform restarts
 * the page reconnects and shows the event it missed while the platform was down (published to NATS by the
 * application's backend meanwhile, recovered from the stream on reconnect).
 *
 * <p>The platform runs against the test NATS (its own stream and subject prefix), so history outlives the restart;
 * PostgreSQL is the embedded one, in this test's own state directory. The page's screenshot is saved to
 * {@code docs/demo.png}.
 */
class DemoPageIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern USER = Pattern.compile("\"user\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @TempDir
    static Path browserProfile;

    private static TestNats.Run nats;
    private static PlatformProcess platform;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        // Under target/, not a temporary directory: the platform's log stays there for a failed run.
        Path home = Files.createDirectories(Path.of("target", "demo-it", UUID.randomUUID().toString()).toAbsolutePath());
        nats = TestNats.newRun("demo");
        platform = new PlatformProcess(home, PlatformProcess.env(
            "HERALD_NATS_URL", nats.url(), "HERALD_STREAM", nats.stream(), "HERALD_SUBJECT_PREFIX", nats.prefix()));
        platform.start();

        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1280,900", "--user-data-dir=" + browserProfile);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (platform != null) {
            platform.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void theDemoPageShowsLiveEventsAndRecoversAfterARestart() throws Exception {
        browser.get(platform.baseUrl() + "/");
        awaitStatus("connected");

        // An export job: its bar moves (a progress between 0 and 100 %) and then finishes.
        browser.findElement(By.id("publish-export")).click();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (WebElement job : browser.findElements(By.cssSelector("#jobs .job"))) {
                seen.add(Integer.parseInt(job.getAttribute("data-percent")));
            }
            return seen.stream().anyMatch(percent -> percent > 0 && percent < 100);
        });
        await().atMost(PATIENCE).until(() -> browser.findElements(By.cssSelector("#jobs .job.done")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("#jobs .job.done")).getAttribute("data-percent")).isEqualTo("100");

        // A notification toast, an order change, and the event log with channel and offset.
        browser.findElement(By.id("publish-notification")).click();
        await().atMost(PATIENCE).until(() -> browser.findElements(By.cssSelector("#toasts .toast")).stream()
            .anyMatch(toast -> toast.isDisplayed() && toast.getText().contains("Export complete")));
        browser.findElement(By.id("publish-order")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.cssSelector("#orders tbody tr")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#log tbody tr")))
            .anySatisfy(row -> assertThat(row.getText()).contains("exports:").contains("job.finished").matches("(?s).*\\s\\d+\\s.*"));
        saveScreenshot();

        // The platform stops; meanwhile the application's backend publishes to NATS; the page must show it afterwards.
        String user = userOfThePage();
        platform.stop();
        awaitStatus("connecting");
        String missed = UUID.randomUUID().toString();
        try (Connection connection = Nats.connect(nats.url())) {
            connection.jetStream().publish(nats.subject("exports:" + user), jobFinished(missed));
        }
        platform.start();
        awaitStatus("connected");
        await().atMost(PATIENCE).until(() ->
            browser.findElements(By.cssSelector("#job-" + missed + ".done")).size() == 1);
        assertThat(browser.findElements(By.cssSelector("#log tbody tr.recovered"))).isNotEmpty();
    }

    private static void awaitStatus(String state) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
            .until(() -> browser.findElement(By.id("status")).getAttribute("class").contains(state));
    }

    private static String userOfThePage() throws Exception {
        Matcher matcher = USER.matcher(platform.get("/demo/session"));
        assertThat(matcher.find()).isTrue();
        String user = matcher.group(1);
        assertThat(browser.findElement(By.id("user")).getText()).isEqualTo(user);
        return user;
    }

    private static byte[] jobFinished(String guid) {
        return ("{\"version\":\"v3-beta\",\"event\":\"job.finished\",\"guid\":\"" + guid + "\",\"status\":\"done\","
            + "\"url\":\"https://example.com/export.xlsx\",\"details\":{\"guid\":\"" + guid + "\",\"status\":\"done\","
            + "\"url\":\"https://example.com/source\",\"totalExported\":10,\"total\":10,"
            + "\"download_link\":\"https://example.com/export.xlsx\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static void saveScreenshot() throws Exception {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path docs = Path.of("..", "docs").toAbsolutePath().normalize();
        Files.createDirectories(docs);
        Files.copy(png, docs.resolve("demo.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
