"""The workbench in a real headless Chromium (Selenium + chromium-driver): keyboard and mouse code the store.

Skips cleanly when Selenium, Chromium or chromedriver is missing (CI installs Debian's ``chromium`` and
``chromium-driver``; see ``.ci/run``).
"""
from __future__ import annotations

import shutil
import signal
import time

import pytest

webdriver = pytest.importorskip("selenium.webdriver")
pytest.importorskip("uvicorn")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs chromium and chromedriver "
                                                                  "(Debian: apt-get install chromium chromium-driver)")

from culturemap.store import load_codings, read_log  # noqa: E402
from tests.test_review import KC03, S_CELEBRATE  # noqa: E402
from tests.test_workbench_api import make_engagement  # noqa: E402
from tests.test_workbench_serve import FIRST_LINE, start  # noqa: E402


def wait_for(check, timeout=10.0):
    """``check()``'s first true value; the page re-renders after every save, so stale elements mean 'again'."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    end = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except (StaleElementReferenceException, NoSuchElementException):
            value = None
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError("timed out waiting for the page or the store")
        time.sleep(0.05)


def tags(root, iid="kc-03"):
    c = load_codings(root, iid)
    return {t.code: t for t in c.tags} if c else {}


@pytest.fixture
def session(tmp_path):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    root = make_engagement(tmp_path)
    proc = start(root)
    driver = None
    try:
        url = FIRST_LINE.match(proc.stdout.readline().rstrip("\n")).group(0).split(" ", 1)[1]
        opts = Options()
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
                    "--disable-dev-shm-usage"):
            opts.add_argument(arg)
        opts.binary_location = CHROMIUM
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(options=opts, service=Service(DRIVER))
        driver.get(url + "#kc-03")
        yield root, driver, url
    finally:
        if driver is not None:
            driver.quit()
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=90)
        finally:
            if proc.poll() is None:              # never leave a server behind
                proc.kill()
                proc.communicate()


def idle(driver):
    """Wait until the page has saved and re-rendered (``body[data-busy]`` counts actions in progress)."""
    wait_for(lambda: driver.execute_script("return document.body.dataset.busy") == "0")


def shift(driver, key):
    """Shift+key (ActionChains drops the modifier from a 'SHIFT + key' string)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).key_down(Keys.SHIFT).send_keys(key).key_up(Keys.SHIFT).perform()
    idle(driver)


def keys(driver, text):
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(text).perform()
    idle(driver)


def test_code_an_interview_by_keyboard_and_mouse_and_the_store_follows(session):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    root, driver, url = session
    assert "token=" not in driver.current_url                        # the token left the address bar
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".chip.focus"))
    idle(driver)
    # the whole transcript with speaker turns; interviewer turns dimmed
    turns = driver.find_elements(By.CSS_SELECTOR, "#transcript .turn")
    assert [("interviewer" in t.get_attribute("class")) for t in turns] == [True, False, True, False]
    assert driver.find_element(By.CSS_SELECTOR, "#interviews-title").text == "INTERVIEWS"
    assert driver.find_element(By.ID, "undo-button").text == "Ongedaan maken"        # nl from culturemap.yaml
    # the first open suggestion is focused and shows its code's label, effect and stance
    card = driver.find_element(By.CSS_SELECTOR, "#current .card").text
    assert "Alleen cijfers tellen" in card and "belemmerend" in card and "bevestigd" in card
    marked = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#transcript mark")]
    assert "afgerekend" in marked and "tijd voor de klant" in marked

    keys(driver, "a")                                                 # accept by keyboard
    wait_for(lambda: tags(root)["only-numbers"].status == "accepted")

    def focused_chip():
        chips = driver.find_elements(By.CSS_SELECTOR, ".chip.focus")
        return chips[0].text if chips else ""

    # moved on to the next suggestion: the link that starts on the same sentence
    wait_for(lambda: focused_chip() == "Alleen cijfers tellen \u2192 Geen tijd door werkdruk (+)")
    keys(driver, "a")
    wait_for(lambda: load_codings(root, "kc-03").links[0].status == "accepted")
    wait_for(lambda: focused_chip().startswith("Geen tijd door werkdruk"))
    keys(driver, "x")                                                 # flip negation
    wait_for(lambda: tags(root)["no-time"].negated is False)
    keys(driver, "u")                                                 # undo it
    wait_for(lambda: tags(root)["no-time"].negated is True)

    # select a span with the mouse -> the code picker with type-ahead -> a manual tag
    sentence = wait_for(lambda: [s for s in driver.find_elements(By.CSS_SELECTOR, ".sent")
                                 if s.text == S_CELEBRATE])[0]
    ActionChains(driver).double_click(sentence.find_element(By.XPATH, "./*[1]")).perform()   # a word
    picker = wait_for(lambda: driver.find_element(By.ID, "picker").is_displayed()
                      and driver.find_element(By.ID, "picker-input"))
    selected = driver.find_element(By.ID, "picker-quote").text           # the picker quotes the selection
    assert selected and selected in S_CELEBRATE.split()
    picker.send_keys("succ")
    first = driver.find_element(By.CSS_SELECTOR, "#picker-list li.active").text
    assert "Successen vieren" in first
    picker.send_keys(Keys.TAB, Keys.ENTER)                            # Tab: negated, Enter: code it
    idle(driver)
    tag = wait_for(lambda: tags(root).get("celebrate-success"))
    assert (tag.text, tag.origin, tag.status, tag.negated) == (S_CELEBRATE, "manual", "accepted", True)
    a, b = tag.spans[0]
    assert KC03[a:b] == selected                                      # the very words selected

    # draw a link from the coded sentence: effect code and sign
    wait_for(lambda: "Successen vieren" in driver.find_element(By.CSS_SELECTOR, "#current .card").text)
    keys(driver, "l")
    picker = wait_for(lambda: driver.find_element(By.ID, "picker").is_displayed()
                      and driver.find_element(By.ID, "picker-input"))
    picker.send_keys("geen tijd", Keys.ENTER)
    idle(driver)
    wait_for(lambda: driver.find_element(By.ID, "sign-choice").is_displayed())
    keys(driver, "-")
    link = wait_for(lambda: [l for l in load_codings(root, "kc-03").links if l.cause == "celebrate-success"])
    assert [(l.effect, l.sign, l.origin, l.status) for l in link] == [("no-time", "-", "manual", "accepted")]

    # a sentence nobody suggested, by keyboard only: arrow to it, t, type, Enter
    wait_for(lambda: focused_chip() == "Successen vieren \u2192 Geen tijd door werkdruk (-)")
    keys(driver, Keys.ARROW_DOWN)
    wait_for(lambda: driver.find_element(By.CSS_SELECTOR, ".sent.cursor").text == "Bij ons moet alles via de mail.")
    keys(driver, "t")
    picker = wait_for(lambda: driver.find_element(By.ID, "picker").is_displayed()
                      and driver.find_element(By.ID, "picker-input"))
    picker.send_keys("cijf", Keys.ENTER)                              # type-ahead on a word of the label
    wait_for(lambda: [t for t in load_codings(root, "kc-03").tags
                      if t.code == "only-numbers" and t.text == "Bij ons moet alles via de mail."])

    # keyboard selection: Shift+Right takes the current sentence, Shift+Left gives back its last word
    keys(driver, Keys.ARROW_UP)
    wait_for(lambda: driver.find_element(By.CSS_SELECTOR, ".sent.cursor").text == S_CELEBRATE)
    shift(driver, Keys.ARROW_RIGHT)
    assert driver.execute_script("return window.getSelection().toString()") == S_CELEBRATE
    shift(driver, Keys.ARROW_LEFT)
    shift(driver, Keys.ARROW_LEFT)
    assert driver.execute_script("return window.getSelection().toString()") == "Successen vieren we eigenlijk "
    keys(driver, "t")
    picker = wait_for(lambda: driver.find_element(By.ID, "picker").is_displayed()
                      and driver.find_element(By.ID, "picker-input"))
    quote = driver.find_element(By.ID, "picker-quote").text
    assert quote == "Successen vieren we eigenlijk"
    picker.send_keys("only", Keys.ENTER)
    idle(driver)
    t = wait_for(lambda: next((t for t in load_codings(root, "kc-03").tags
                               if t.code == "only-numbers" and t.text == S_CELEBRATE), None))
    a, b = t.spans[0]
    assert KC03[a:b] == quote                                          # the selection, trimmed of white space

    actions = [e["action"] for e in read_log(root)]
    assert actions[:1] == ["accept"] and actions.count("add-tag") == 3 and "add-link" in actions
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []                                              # no CSP violation, no script error


def test_the_interface_speaks_english_when_the_engagement_does(tmp_path):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    root = make_engagement(tmp_path, language="en")
    proc = start(root)
    driver = None
    try:
        url = FIRST_LINE.match(proc.stdout.readline().rstrip("\n")).group(0).split(" ", 1)[1]
        opts = Options()
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,800"):
            opts.add_argument(arg)
        opts.binary_location = CHROMIUM
        driver = webdriver.Chrome(options=opts, service=Service(DRIVER))
        driver.get(url)
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#current .card"))
        assert driver.find_element(By.ID, "undo-button").text == "Undo"
        assert "Only numbers count" in driver.find_element(By.CSS_SELECTOR, "#codebook").text
    finally:
        if driver is not None:
            driver.quit()
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=90)
        finally:
            if proc.poll() is None:              # never leave a server behind
                proc.kill()
                proc.communicate()
