"""(3) The chat on a phone (375 × 740): usable, nothing wider than the screen."""
import re

from chat_page import QUICK, click_reply, open_chat, say
from conftest import screenshot

NO_HSCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth && document.body.scrollWidth <= window.innerWidth"


def test_chat_sur_mobile(stack, new_page):
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2)
    open_chat(page, stack.web_url)
    assert page.evaluate(NO_HSCROLL), "défilement horizontal à 375 px"
    box = page.get_by_label("Votre message à Cap Industrie")
    send = page.get_by_role("button", name="Envoyer")
    for loc in (box, send, page.get_by_role("button", name="Nouvelle conversation")):
        assert loc.is_visible()
        bb = loc.bounding_box()
        assert bb["x"] >= 0 and bb["x"] + bb["width"] <= 375 + 0.5, f"élément hors de l'écran : {bb}"
        assert bb["y"] + bb["height"] <= 740 + 0.5, f"élément sous le bas de l'écran : {bb}"
    for bb in (b.bounding_box() for b in page.locator(QUICK).all()):
        assert bb["x"] + bb["width"] <= 375 + 0.5, f"bouton de réponse hors de l'écran : {bb}"
    answer = click_reply(page, "Ce que vous savez faire")
    assert re.search(r"assistant", answer, re.I), answer
    # a long word or a long address must wrap, not widen the page
    say(page, "https://exemple.fr/" + "tres-long-chemin-" * 12)
    assert page.evaluate(NO_HSCROLL), "un message long élargit la page"
    # the latest message stays visible above the input
    last = page.locator("#messages .msg").last
    last.scroll_into_view_if_needed()
    assert last.is_visible()
    screenshot(page, "06-mobile")
    box.fill("merci")
    before = page.locator("#messages .msg--bot").count()
    send.tap()
    page.wait_for_function("n => document.querySelectorAll('#messages .msg--bot').length > n", arg=before)
    assert page.evaluate(NO_HSCROLL)
    page.problems.assert_clean()
