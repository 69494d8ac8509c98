"""The ask page and the widget in real headless Chromium against a real `askbook serve` with the handbook."""

import statistics
import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import SPACE, console_errors, wait_until

QUESTION = "How do I import a GitBook folder?"
UNANSWERABLE = "What is the airspeed velocity of an unladen swallow?"


def page_url(server, key, spaces=SPACE):
    return f"{server.url}/ask?" + urllib.parse.urlencode({"key": key, "spaces": spaces})


def open_page(browser, server, key):
    browser.get(page_url(server, key))
    # The title comes from the space once its metadata has loaded.
    wait_until(lambda: "Askbook handbook" in browser.title, message="the page title from the space")
    return browser.find_element(By.CSS_SELECTOR, "input.ab-input")


def ask(root, question):
    """Types `question` into the app under `root` and presses Ask; returns the answer section once the stream ended."""
    field = root.find_element(By.CSS_SELECTOR, "input.ab-input")
    field.clear()
    field.send_keys(question)
    root.find_element(By.CSS_SELECTOR, "button.ab-ask").click()
    answer = root.find_element(By.CSS_SELECTOR, "section.ab-answer")
    wait_until(lambda: answer.get_attribute("data-state") in ("answered", "abstained", "failed"), message=f"the answer to {question!r}")
    return answer


def test_search_as_you_type_with_keyboard_navigation(browser, server, key, docs_site):
    field = open_page(browser, server, key)
    field.send_keys("token")
    results = browser.find_element(By.CSS_SELECTOR, "ul.ab-results")
    wait_until(lambda: results.is_displayed() and results.find_elements(By.CSS_SELECTOR, "[role=option]"), message="instant results")
    assert field.get_attribute("aria-expanded") == "true"
    field.send_keys(Keys.ARROW_DOWN)
    field.send_keys(Keys.ARROW_DOWN)
    active = field.get_attribute("aria-activedescendant")
    options = results.find_elements(By.CSS_SELECTOR, "[role=option]")
    expected = options[1] if len(options) > 1 else options[0]
    assert active == expected.get_attribute("id")
    assert expected.get_attribute("aria-selected") == "true"
    field.send_keys(Keys.ENTER)
    # Enter on a result opens it on the public docs site.
    wait_until(lambda: browser.current_url.startswith(f"{docs_site.origin}/s/{SPACE}/"), message="the result's page")
    assert console_errors(browser) == []


def test_streamed_answer_with_citations_follow_up_and_citation_link(browser, server, key, docs_site, screenshots):
    open_page(browser, server, key)
    # Recommended questions are offered before anything is typed.
    wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, ".ab-suggestions .ab-chip"), message="recommended questions")
    answer = ask(browser, QUESTION)
    assert answer.get_attribute("data-state") == "answered"
    assert answer.get_attribute("aria-live") == "polite"
    citations = answer.find_elements(By.CSS_SELECTOR, "a.ab-cite")
    assert citations, answer.text
    sources = answer.find_elements(By.CSS_SELECTOR, "ol.ab-sources a")
    assert sources
    for link in citations + sources:
        assert link.get_attribute("href").startswith(f"{docs_site.origin}/s/{SPACE}/")
    first_event = int(browser.find_element(By.CSS_SELECTOR, ".ab-app").get_attribute("data-first-event-ms"))
    assert first_event >= 0
    browser.save_screenshot(str(screenshots / "answer-with-citations.png"))

    # A follow-up question asks it.
    followups = answer.find_elements(By.CSS_SELECTOR, ".ab-followups .ab-chip")
    assert followups, "the answer has no follow-up questions"
    followup = followups[0].text
    followups[0].click()
    wait_until(lambda: answer.find_element(By.CSS_SELECTOR, ".ab-question").text == followup, message="the follow-up's answer")
    wait_until(lambda: answer.get_attribute("data-state") in ("answered", "abstained"), message="the follow-up's answer to end")

    # A citation goes to its page and section on the public docs site.
    citation = answer.find_element(By.CSS_SELECTOR, "a.ab-cite")
    href = citation.get_attribute("href")
    citation.click()
    wait_until(lambda: browser.current_url == href, message="the cited page")
    assert "Docs page" in browser.find_element(By.TAG_NAME, "h1").text
    assert "#" in href, "a citation names its section"
    assert console_errors(browser) == []


def test_feedback_is_sent_for_an_answer(browser, server, key):
    open_page(browser, server, key)
    answer = ask(browser, QUESTION)
    controls = answer.find_elements(By.CSS_SELECTOR, ".ab-feedback")
    assert controls, (
        "no feedback control: the stream carried no X-Askbook-Answer-Id header, so the answer feedback API "
        "(PUT /v1/answers/{answerId}/feedback, branch insights) is missing from this server"
    )
    controls[0].find_element(By.CSS_SELECTOR, "button[data-rating=good]").click()
    wait_until(lambda: controls[0].get_attribute("data-sent") == "good" or "(" in controls[0].text, message="the feedback's reply")
    assert controls[0].get_attribute("data-sent") == "good", controls[0].text
    assert "Thanks for your feedback" in controls[0].text
    assert console_errors(browser) == []


def test_an_unanswerable_question_shows_the_abstention(browser, server, key):
    open_page(browser, server, key)
    answer = ask(browser, UNANSWERABLE)
    assert answer.get_attribute("data-state") == "abstained"
    assert "No answer found in the documentation" in answer.find_element(By.CSS_SELECTOR, ".ab-abstain-title").text
    assert console_errors(browser) == []


def test_markdown_from_content_never_runs_as_html(browser, server, key):
    """The renderer builds text nodes: a question that reaches the page as content cannot inject markup."""
    open_page(browser, server, key)
    answer = ask(browser, '<img src=x onerror="document.title=\'pwned\'"> how do I import?')
    assert browser.title != "pwned"
    assert not answer.find_elements(By.CSS_SELECTOR, "img")


def test_the_servers_configured_key_and_spaces(browser, askbook, docs_site):
    """`askbook serve --ask-key … --ask-spaces …` serves a bare /ask that needs nothing in its address."""
    key = askbook.visitor_key()
    configured = askbook.serve(docs_site.origin, "--ask-key", key, "--ask-spaces", SPACE)
    try:
        browser.get(configured.url + "/ask")
        wait_until(lambda: "Askbook handbook" in browser.title, message="the page title from the configured space")
        answer = ask(browser, QUESTION)
        assert answer.get_attribute("data-state") == "answered"
        assert console_errors(browser) == []
    finally:
        configured.stop()


def test_an_unknown_key_says_so(browser, server):
    browser.get(page_url(server, "askb_not_a_real_key"))
    status = browser.find_element(By.CSS_SELECTOR, ".ab-status")
    wait_until(lambda: "401" in status.text, message="the 401 message")
    assert status.get_attribute("role") == "alert"


def test_the_rate_limit_is_reported(browser, askbook, docs_site):
    key = askbook.visitor_key(docs_site.origin)
    limited = askbook.serve(docs_site.origin, "--rate-limit", "3")
    try:
        open_page(browser, limited, key)  # the space's title and the recommended questions: two requests
        answer = ask(browser, QUESTION)  # the third (typing may also search, which counts)
        for _ in range(3):
            if answer.get_attribute("data-state") == "failed":
                break
            answer = ask(browser, QUESTION)
        assert answer.get_attribute("data-state") == "failed", answer.text
        error = answer.find_element(By.CSS_SELECTOR, ".ab-error-rate")
        assert "429" in error.text and "Try again in" in error.text
    finally:
        limited.stop()


def test_the_network_failing_is_reported(browser, askbook, docs_site):
    key = askbook.visitor_key(docs_site.origin)
    gone = askbook.serve(docs_site.origin)
    open_page(browser, gone, key)
    gone.stop()
    answer = ask(browser, QUESTION)
    assert answer.get_attribute("data-state") == "failed"
    assert "Could not reach" in answer.find_element(By.CSS_SELECTOR, ".ab-error-network").text


def test_widget_on_an_allowed_host_page(browser, server, key, docs_site, screenshots):
    browser.get(docs_site.widget_page("/allowed.html", server.url, key))
    host = wait_until(lambda: browser.find_element(By.CSS_SELECTOR, "[data-askbook-widget]"), message="the widget's host element")
    shadow = host.shadow_root
    launcher = shadow.find_element(By.CSS_SELECTOR, ".ab-launcher")
    # The host page hides `.ab-launcher` and paints buttons red: its CSS does not reach the shadow root.
    assert launcher.is_displayed()
    assert "255, 0, 0" not in launcher.value_of_css_property("background-color")
    panel = shadow.find_element(By.CSS_SELECTOR, ".ab-panel")
    assert not panel.is_displayed()

    # "/" opens it (not while typing in the page's own field), Escape closes it, Ctrl-K opens it.
    body = browser.find_element(By.TAG_NAME, "body")
    browser.find_element(By.ID, "host-input").send_keys("/")
    assert not panel.is_displayed()
    body.click()
    body.send_keys("/")
    wait_until(panel.is_displayed, message="the panel opened by /")
    wait_until(lambda: "Askbook handbook" in (panel.get_attribute("aria-label") or ""), message="the panel's title")
    shadow.find_element(By.CSS_SELECTOR, "input.ab-input").send_keys(Keys.ESCAPE)
    wait_until(lambda: not panel.is_displayed(), message="Escape to close the panel")
    # Focus goes back to the button that opens it.
    assert browser.execute_script("return arguments[0].shadowRoot.activeElement === arguments[0].shadowRoot.querySelector('.ab-launcher')", host)
    body.send_keys(Keys.CONTROL, "k")
    wait_until(panel.is_displayed, message="the panel opened by Ctrl-K")

    answer = ask(shadow, QUESTION)
    assert answer.get_attribute("data-state") == "answered"
    assert answer.find_elements(By.CSS_SELECTOR, "a.ab-cite")
    browser.save_screenshot(str(screenshots / "widget-on-host-page.png"))
    # Feedback goes cross-origin too (a PUT with JSON: preflighted).
    feedback = answer.find_element(By.CSS_SELECTOR, ".ab-feedback")
    feedback.find_element(By.CSS_SELECTOR, "button[data-rating=ok]").click()
    wait_until(lambda: feedback.get_attribute("data-sent") == "ok", message="the widget's feedback to be stored")
    assert console_errors(browser) == []


def test_widget_on_a_refused_origin(browser, server, key, other_site):
    browser.get(other_site.widget_page("/refused.html", server.url, key))
    host = wait_until(lambda: browser.find_element(By.CSS_SELECTOR, "[data-askbook-widget]"), message="the widget's host element")
    shadow = host.shadow_root
    shadow.find_element(By.CSS_SELECTOR, ".ab-launcher").click()
    status = shadow.find_element(By.CSS_SELECTOR, ".ab-status")
    # The server refuses the origin (its preflight gets 403 and no CORS headers), so the page cannot read anything.
    wait_until(lambda: "Could not reach" in status.text, message="the refused origin's message")
    errors = " ".join(entry["message"] for entry in console_errors(browser))
    assert "CORS" in errors or "Access-Control-Allow-Origin" in errors, errors


def test_a_phone_in_dark_mode(browser, server, key, screenshots):
    """On a phone-sized screen with the system in dark mode: dark colours, nothing wider than the screen."""
    browser.set_window_size(390, 844)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    open_page(browser, server, key)
    answer = ask(browser, QUESTION)
    assert answer.get_attribute("data-state") == "answered"
    background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 24, 29)", background
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    browser.save_screenshot(str(screenshots / "phone-dark.png"))
    assert console_errors(browser) == []


def test_time_to_first_answer_event(browser, server, key, screenshots):
    """Prints the median time from pressing Ask to the first answer event, as the page measures it."""
    open_page(browser, server, key)
    questions = [QUESTION, "How do I create a token?", "What does a 429 mean?", "How are answers built?", "How do I delete a space?"]
    times = []
    for question in questions:
        ask(browser, question)
        times.append(int(browser.find_element(By.CSS_SELECTOR, ".ab-app").get_attribute("data-first-event-ms")))
    median = statistics.median(times)
    line = f"time to first answer event: median {median} ms over {len(times)} questions ({', '.join(map(str, times))} ms)"
    print(line)
    (screenshots / "first-event.txt").write_text(line + "\n")
    assert all(t >= 0 for t in times)
