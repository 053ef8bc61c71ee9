package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedmed.cli.deploy.CoordinatorCommand;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.dashboard.DashboardServer;
import org.fedmed.net.dashboard.DashboardToken;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium, headless, driven through chromedriver): a
 * coordinator with three hospital nodes in this process, a fourth site revoked. The page refuses a
 * visitor without credentials and a wrong token, then follows the study round by round; afterwards it
 * opens the finished run's report.json. Skipped, saying so, where chromium or chromedriver is missing.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int ROUNDS = 6;
    private static final String WRONG_TOKEN = "guessed-Q3vN8ePw";

    private WebDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebDriver browser(Path profile) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "DashboardBrowserTest skipped: no " + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM) + "; install"
                    + " Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does as root) to run it";
            // on the console too: surefire keeps an assumption's message in its report only
            System.err.println(why);
            assumeTrue(false, why);
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        // the coordinator's certificate is issued by the federation CA, which this throw-away profile does not trust;
        // TLS verification against that CA is checked by DashboardServerTest
        o.setAcceptInsecureCerts(true);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1600");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, o);
        return browser;
    }

    private static String text(WebDriver b, String id) {
        return b.findElement(By.id(id)).getText();
    }

    private static WebDriverWait waitUpTo(WebDriver b, int seconds) {
        return new WebDriverWait(b, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    private static void login(WebDriver b, String token) {
        b.findElement(By.id("token")).sendKeys(token);
        b.findElement(By.id("login")).click();
    }

    @Test
    void aLiveDeploymentOfThreeNodesRoundByRoundThenItsReport(@TempDir Path dir) throws Exception {
        WebDriver b = browser(dir.resolve("profile"));
        int port = NetFixtures.freePort();
        int dashboardPort = NetFixtures.freePort();
        String[] sites = {"site-1", "site-2", "site-3"};
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3", "site-4");
        p.revoke("site-4");
        String token = DashboardToken.create(p.layout());
        Path config = Files.writeString(dir.resolve("federation.yaml"), """
                federation: ward
                provisioning: fed
                listen: 127.0.0.1:%d
                dashboard: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                out: run
                start_wait_seconds: 60
                study:
                  dataset: wdbc
                  rounds: %d
                  seed: 5
                """.formatted(port, dashboardPort, dir.resolve("state").toAbsolutePath(), ROUNDS));
        CoordinatorConfig cfg = CoordinatorConfig.load(config);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        Coordinator coordinator = new Coordinator(cfg, null, out);
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(coordinator);
        String base = "https://localhost:" + dashboardPort;

        // no credentials: the page sends the browser to the login form, the API answers 401
        b.get(base + "/");
        assertTrue(b.getCurrentUrl().endsWith("/login"), b.getCurrentUrl());
        b.get(base + "/api/state");
        assertTrue(b.findElement(By.tagName("body")).getText().startsWith("log in first"), b.getPageSource());
        // a wrong token: refused, said on the page and in one line of the coordinator's console, without the token
        b.get(base + "/login");
        login(b, WRONG_TOKEN);
        waitUpTo(b, 20).until(d -> !d.findElements(By.id("refused")).isEmpty());
        assertEquals("Login refused: wrong token.", text(b, "refused"));
        assertTrue(b.getCurrentUrl().endsWith("/login"), b.getCurrentUrl());
        String log = console.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("dashboard: refused a login from 127.0.0.1: wrong token\n"), log);
        assertFalse(log.contains(WRONG_TOKEN) || log.contains(token), log);

        login(b, token);
        waitUpTo(b, 20).until(d -> text(d, "round-counter").equals("0 / " + ROUNDS));
        assertEquals("ward", text(b, "federation"));
        assertEquals("revoked", b.findElement(By.cssSelector("tr[data-site='site-4'] td.status")).getText());
        assertTrue(text(b, "audit").matches("audit trail: \\d+ signed, hash-linked entries in the run store, newest round \\d+.*"),
                text(b, "audit"));
        // from here on, every time the round counter changes, record what the page shows with it
        ((JavascriptExecutor) b).executeScript("""
                window.seen = [];
                const counter = document.getElementById('round-counter');
                new MutationObserver(() => window.seen.push([counter.textContent,
                    document.querySelectorAll('#plot-accuracy circle.point').length,
                    document.querySelectorAll('#sites td.status-online').length]))
                  .observe(counter, {childList: true, characterData: true, subtree: true});
                """);

        List<CompletableFuture<Integer>> nodes = new ArrayList<>();
        List<ByteArrayOutputStream> nodeLogs = new ArrayList<>();
        for (String site : sites) {
            ByteArrayOutputStream nodeLog = new ByteArrayOutputStream();
            nodeLogs.add(nodeLog);
            NodeMain.Options o = new NodeMain.Options(p.layout().kit(site), null, "wdbc", null, sites.length, 5L, null, null,
                    Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
            nodes.add(NetFixtures.onDaemon(site, () -> NodeMain.run(o, new PrintStream(nodeLog, true, StandardCharsets.UTF_8))));
        }
        waitUpTo(b, 120).until(d -> text(d, "round-counter").equals(ROUNDS + " / " + ROUNDS));
        @SuppressWarnings("unchecked")
        List<List<Object>> seen = (List<List<Object>>) ((JavascriptExecutor) b).executeScript("return window.seen;");
        assertEquals(ROUNDS, b.findElements(By.cssSelector("#plot-accuracy circle.point")).size());
        assertEquals(ROUNDS, b.findElements(By.cssSelector("#round-log li")).size());
        int last = 0;
        boolean allOnline = false;
        Set<Integer> counts = new TreeSet<>();
        for (List<Object> s : seen) {
            int done = Integer.parseInt(((String) s.get(0)).split(" / ")[0]);
            assertTrue(done >= last, "the round counter never goes back: " + seen);
            counts.add(done);
            assertEquals(done, ((Number) s.get(1)).intValue(), "one accuracy point per completed round: " + seen);
            allOnline |= ((Number) s.get(2)).intValue() == sites.length;
            last = done;
        }
        // each round is pushed as it finishes; a slow browser may draw two in one go, so at least three distinct counts
        assertTrue(counts.size() >= 3 && counts.contains(ROUNDS), "the page followed the study round by round, not only its end: "
                + seen);
        assertTrue(allOnline, "the three nodes were shown online while they trained: " + seen);
        assertEquals("revoked", b.findElement(By.cssSelector("tr[data-site='site-4'] td.status")).getText());
        String screenshot = System.getProperty("fedmed.dashboard.screenshot");
        if (screenshot != null) {
            // to look at the page: -Dfedmed.dashboard.screenshot=/tmp/dashboard.png
            Files.write(Path.of(screenshot), ((TakesScreenshot) b).getScreenshotAs(OutputType.BYTES));
        }

        Coordinator.Outcome outcome = run.get(120, TimeUnit.SECONDS);
        for (int i = 0; i < sites.length; i++) {
            assertEquals(0, nodes.get(i).get(60, TimeUnit.SECONDS), nodeLogs.get(i).toString(StandardCharsets.UTF_8));
        }
        CoordinatorCommand.writeReports(cfg, null, coordinator, outcome, out, false);
        Path report = dir.resolve("run").resolve("report.json");
        assertTrue(Files.isRegularFile(report), console.toString(StandardCharsets.UTF_8));

        // the finished run's report.json, opened from the run folder by a dashboard serving it
        try (DashboardServer after = DashboardServer.start("127.0.0.1", 0, coordinator.dashboardSource(), out::println)) {
            String again = "https://localhost:" + after.port();
            b.get(again + "/login");
            login(b, token);
            // the session cookie is set by the login's answer: wait for the dashboard before going on
            waitUpTo(b, 20).until(d -> !d.findElements(By.id("round-counter")).isEmpty());
            b.get(again + "/?report=report.json");
            waitUpTo(b, 20).until(d -> d.findElement(By.id("report")).isDisplayed() || !text(d, "report-error").isEmpty());
            assertEquals("", text(b, "report-error"));
            assertTrue(text(b, "report-summary").startsWith("report.json: wdbc, fedavg, " + ROUNDS + " rounds, final accuracy"),
                    text(b, "report-summary"));
            assertEquals(ROUNDS, b.findElements(By.cssSelector("#report-accuracy circle.point")).size());
            assertEquals(2 * ROUNDS, b.findElements(By.cssSelector("#report-loss circle.point")).size());
            // the same file chosen from disk
            b.get(again + "/");
            b.findElement(By.id("report-file")).sendKeys(report.toAbsolutePath().toString());
            waitUpTo(b, 20).until(d -> d.findElement(By.id("report")).isDisplayed() || !text(d, "report-error").isEmpty());
            assertEquals(ROUNDS, b.findElements(By.cssSelector("#report-accuracy circle.point")).size());
            assertEquals("", text(b, "report-error"));
        }
    }
}
