"""(5) Reload keeps the conversation; « Nouvelle conversation » starts another; keyboard-only use."""
import re

from chat_page import BOT, QUICK, USER, bot_count, bot_texts, click_reply, open_chat, say, session_id, wait_reply
from conftest import screenshot


def test_rechargement_garde_la_conversation(stack, new_page):
    page = new_page()
    open_chat(page, stack.web_url)
    click_reply(page, "Ce que vous savez faire")
    say(page, "merci")
    cid, texts, users = session_id(page), bot_texts(page), page.locator(f"{USER} .msg__bubble").all_inner_texts()
    assert len(texts) >= 3 and len(users) == 2

    page.reload()
    page.wait_for_function("id => document.getElementById('session-id').textContent === id", arg=cid)
    assert bot_texts(page) == texts, "l'historique doit être réaffiché après rechargement"
    assert page.locator(f"{USER} .msg__bubble").all_inner_texts() == users
    page.wait_for_timeout(1000)
    assert bot_count(page) == len(texts), "pas de nouveau message d'accueil après rechargement"
    # the same conversation goes on with Rasa: the profile given before the reload is remembered
    say(page, "j'ai 19 ans")
    assert session_id(page) == cid
    screenshot(page, "11-apres-rechargement")

    # a new tab of the same browser continues the same conversation too
    other = page.context.new_page()
    other.goto(stack.web_url + "/")
    other.wait_for_function("id => document.getElementById('session-id').textContent === id", arg=cid)
    assert len(other.locator(BOT).all()) >= len(texts)
    other.close()

    # « Nouvelle conversation »: new number, empty history, a new welcome
    before = 0
    page.get_by_role("button", name="Nouvelle conversation").click()
    wait_reply(page, before)
    page.wait_for_function("old => { const t = document.getElementById('session-id').textContent;"
                           " return t !== old && /^[A-Za-z0-9_.:@-]{8,}$/.test(t); }", arg=cid)
    assert session_id(page) != cid
    assert page.locator(USER).count() == 0
    assert re.search(r"bonjour|bienvenue", bot_texts(page)[0], re.I)
    page.problems.assert_clean()


def test_utilisable_au_clavier(stack, new_page):
    page = new_page()
    open_chat(page, stack.web_url)
    log = page.locator("#messages")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"
    assert page.locator("html").get_attribute("lang") == "fr"
    # Tab until the first quick reply has the focus, then Enter
    target = page.locator(QUICK).first.inner_text()
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.classList.contains('quick-reply')"):
            break
    else:
        raise AssertionError("aucun bouton de réponse n'est atteignable avec Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "le focus clavier doit être visible"
    before = bot_count(page)
    page.keyboard.press("Enter")
    wait_reply(page, before)
    assert page.locator(f"{USER} .msg__bubble").last.inner_text().endswith(focused)
    assert focused == target
    # after a quick reply the focus is back in the input: type and press Enter
    assert page.evaluate("() => document.activeElement.id") == "message"
    before = bot_count(page)
    page.keyboard.type("bonjour")
    page.keyboard.press("Enter")
    wait_reply(page, before)
    assert page.locator(f"{USER} .msg__bubble").last.inner_text().endswith("bonjour")
    page.problems.assert_clean()


def test_page_forgets_its_conversation_after_the_retention_window(stack, new_page):
    """A shared computer: after RETENTION_DAYS without activity the page does not reopen the previous
    person's conversation (neither its history nor its session id)."""
    page = new_page()
    open_chat(page, stack.web_url)
    say(page, "j'ai 19 ans")
    cid = session_id(page)
    page.evaluate("() => localStorage.setItem('capIndustrie.lastActive', String(Date.now() - 31 * 86400 * 1000))")
    page.reload()
    page.wait_for_function("old => { const t = document.getElementById('session-id').textContent;"
                           " return t !== old && /^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(t); }", arg=cid)
    assert page.locator(USER).count() == 0, "l'historique de la personne précédente ne doit pas réapparaître"
    assert "19" not in " ".join(bot_texts(page))
    page.problems.assert_clean()
