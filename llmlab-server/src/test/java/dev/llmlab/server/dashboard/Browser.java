package dev.llmlab.server.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's Chromium, headless, driven through its own chromedriver (paths given explicitly, so
 * nothing is downloaded), with a fresh profile: one per test class, its tabs reused. The paths are
 * the Debian packages' ({@code chromium}, {@code chromium-driver}), or {@code CHROMIUM} and
 * {@code CHROMEDRIVER} from the environment.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = executable("CHROMIUM", "/usr/bin/chromium");
    static final Path CHROMEDRIVER = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    private static Path executable(String variable, String debian) {
        String v = System.getenv(variable);
        return Path.of(v != null && !v.isBlank() ? v : debian);
    }

    /** @return a new browser with an empty profile, its window 1280×800 */
    static Browser start() {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing: the dashboard's browser tests need Chromium and its"
                        + " driver (apt-get install -y chromium chromium-driver; .ci/run does), or CHROMIUM and"
                        + " CHROMEDRIVER naming them");
            }
        }
        try {
            Path profile = Files.createTempDirectory("llmlab-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the driver */
    ChromeDriver driver() {
        return driver;
    }

    /** @return a wait of up to that long, polling often (the live checks count in hundreds of ms) */
    WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** @return the element with that data-testid, waiting up to 10 s for it to be shown */
    WebElement testid(String id) {
        return waitUpTo(Duration.ofSeconds(10)).until(d -> {
            WebElement e = d.findElement(By.cssSelector("[data-testid='" + id + "']"));
            return e.isDisplayed() ? e : null;
        });
    }

    /** @return the elements with that data-testid now, possibly none */
    List<WebElement> all(String id) {
        return driver.findElements(By.cssSelector("[data-testid='" + id + "']"));
    }

    /** Emulates a phone: 390 css pixels wide. */
    void phone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    /** Back to the 1280×800 desktop window. */
    void desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.manage().window().setSize(new Dimension(1280, 800));
    }

    /** Saves a screenshot of the viewport as target/screenshots/NAME.png. */
    Path screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            driver.executeScript("window.scrollTo(0, 0)");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the console's errors since the last call (failed loads, CSP violations, exceptions) */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Waits a fixed time: only to show that something does NOT happen. */
    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the current window */
    WebDriver window() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
