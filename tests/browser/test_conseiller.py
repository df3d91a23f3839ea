"""(4) The conseiller view: the synthesis of the journey's conversation, the argument sheets."""
import json
import re

from conftest import http_get, screenshot


def _open(page, stack):
    page.goto(stack.web_url + "/conseiller")
    page.get_by_role("heading", name="Synthèse d'une conversation").wait_for()


def _ask_synthesis(page, cid):
    page.get_by_label("Numéro de conversation").fill(cid)
    page.get_by_role("button", name="Afficher la synthèse").click()


def test_synthese_refusee_sans_jeton(stack, journey, new_page):
    page = new_page()
    _open(page, stack)
    _ask_synthesis(page, journey["session_id"])
    error = page.locator("#synthese-error")
    error.wait_for(state="visible")
    assert re.search(r"jeton conseiller manquant", error.inner_text(), re.I), error.inner_text()
    assert page.locator("#synthese-result").is_hidden()
    assert "Thiers" not in page.content() and "17 ans" not in page.content()
    # a wrong token: refused too
    page.get_by_label("Jeton conseiller").fill("pas-le-bon-jeton")
    page.get_by_role("button", name="Valider le jeton").click()
    page.locator("#token-status").filter(has_text="invalide").wait_for()
    _ask_synthesis(page, journey["session_id"])
    page.locator("#synthese-error").filter(has_text="invalide").wait_for()
    assert page.locator("#synthese-result").is_hidden() and "Thiers" not in page.content()
    screenshot(page, "07-conseiller-sans-jeton")
    page.problems.errors[:] = [e for e in page.problems.errors if "401" not in e]  # the browser logs refused requests
    page.problems.assert_clean()


def test_synthese_avec_jeton_et_export(stack, journey, new_page, tmp_path):
    page = new_page(accept_downloads=True)
    _open(page, stack)
    page.get_by_label("Jeton conseiller").fill(stack.conseiller_token)
    page.get_by_role("button", name="Valider le jeton").click()
    page.locator("#token-status").filter(has_text="Jeton accepté").wait_for()
    assert page.get_by_label("Jeton conseiller").input_value() == "", "le jeton ne doit pas rester affiché"
    assert page.evaluate("() => window.localStorage.length") == 0, "le jeton ne doit pas aller dans localStorage"
    assert page.evaluate("() => sessionStorage.getItem('capIndustrie.conseillerToken')") == stack.conseiller_token

    _ask_synthesis(page, journey["session_id"])
    result = page.locator("#synthese-result")
    result.wait_for(state="visible")
    text = result.inner_text()
    assert "17 ans" in text, text
    assert "Thiers" in text, text
    for trade in journey["trades"]:
        assert trade.lower() in text.lower(), f"métier proposé absent de la synthèse : {trade}\n{text}"
    for section in ("Profil", "Métiers proposés", "Dispositifs", "Événements proposés", "Prochaines étapes"):
        assert section in text, f"section « {section} » absente"
    assert "Mission locale" in text, "à 17 ans, la synthèse oriente vers la Mission locale"
    screenshot(page, "08-conseiller-synthese", full_page=True)

    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger en Markdown").click()
    download = info.value
    assert download.suggested_filename.endswith(".md")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    md = target.read_text(encoding="utf-8")
    assert md.startswith(f"# Synthèse Cap Industrie — conversation {journey['session_id']}")
    assert "17 ans" in md and "Thiers" in md and "## Métiers proposés" in md

    # print: the button calls window.print(), and the print style keeps only the synthesis
    page.evaluate("() => { window.__printed = false; window.print = () => { window.__printed = true; }; }")
    page.get_by_role("button", name="Imprimer").click()
    assert page.evaluate("() => window.__printed") is True
    page.emulate_media(media="print")
    assert page.locator("#synthese-form").is_hidden() and page.locator("#token-form").is_hidden()
    assert page.locator("#section-fiche").is_hidden()
    assert result.is_visible()
    screenshot(page, "10-impression", full_page=True)
    page.emulate_media(media="screen")
    page.problems.assert_clean()

    # the same over HTTP: Markdown download headers
    status, headers, body = http_get(
        f"{stack.web_url}/api/conseiller/synthese/{journey['session_id']}?format=md", stack.auth())
    assert status == 200 and headers["Content-Type"].startswith("text/markdown")
    assert "attachment" in headers["Content-Disposition"] and ".md" in headers["Content-Disposition"]
    status, _, body = http_get(f"{stack.web_url}/api/conseiller/synthese/{journey['session_id']}", stack.auth())
    data = json.loads(body)
    assert {"label": "Âge", "valeur": "17 ans"} in data["profil"]


def test_fiche_argumentaire(stack, new_page):
    page = new_page()
    page.goto(stack.web_url + "/conseiller")
    page.get_by_label("Jeton conseiller").fill(stack.conseiller_token)
    page.get_by_role("button", name="Valider le jeton").click()
    page.locator("#token-status").filter(has_text="Jeton accepté").wait_for()
    page.get_by_label("Métier ou dispositif").fill("soudeur")
    page.get_by_role("button", name="Afficher la fiche").click()
    sheet = page.locator("#fiche-result")
    sheet.wait_for(state="visible")
    text = sheet.inner_text()
    for part in ("Le métier", "Pour qui", "Accès", "Comment démarrer", "Sources"):
        assert part in text, f"« {part} » absent de la fiche : {text}"
    screenshot(page, "09-conseiller-fiche", full_page=True)
    page.get_by_label("Métier ou dispositif").fill("immersion")
    page.get_by_role("button", name="Afficher la fiche").click()
    page.locator("#fiche-result").filter(has_text="PMSMP").wait_for()
    page.get_by_label("Métier ou dispositif").fill("astronaute lunaire")
    page.get_by_role("button", name="Afficher la fiche").click()
    page.locator("#fiche-error").filter(has_text="Aucun métier ni dispositif").wait_for()
    page.problems.errors[:] = [e for e in page.problems.errors if "404" not in e]
    page.problems.assert_clean()
