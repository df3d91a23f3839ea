"""(2) Messages are shown as text, never as HTML; secrets never reach the browser; API errors in French."""
import json

from chat_page import USER, open_chat, say
from conftest import free_port, http_get, screenshot, web_server

PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def test_message_html_affiche_comme_texte(stack, new_page):
    page = new_page()
    open_chat(page, stack.web_url)
    answer = say(page, PAYLOAD)
    screenshot(page, "05-message-html")
    last_user = page.locator(f"{USER} .msg__bubble").last
    assert PAYLOAD in last_user.inner_text(), "le message doit s'afficher tel quel, en texte"
    assert page.locator("#messages img, #messages script").count() == 0, "un élément a été injecté dans la discussion"
    assert answer.strip(), "le bot doit répondre quelque chose"
    page.wait_for_timeout(500)  # an onerror handler would have fired by now
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    page.problems.assert_clean()  # no alert dialog, no JS error


def test_jetons_jamais_envoyes_au_navigateur(stack):
    for path in ("/", "/conseiller", "/config.js", "/config.json", "/static/chat.js", "/static/conseiller.js",
                 "/static/common.js"):
        status, _, body = http_get(stack.web_url + path)
        assert status == 200, path
        assert stack.conseiller_token not in body and stack.rasa_token not in body, f"un jeton apparaît dans {path}"
    status, _, body = http_get(stack.web_url + "/config.json")
    assert "rasaUrl" not in json.loads(body), "the browser reaches only the web server"


def test_entetes_de_securite(stack):
    status, headers, _ = http_get(stack.web_url + "/")
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "connect-src 'self';" in csp and str(stack.rasa_port) not in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_api_conseiller_refuse_sans_jeton(stack):
    url = stack.web_url + "/api/conseiller/synthese/inconnu"
    for headers, expected in (({}, "manquant"), ({"Authorization": "Bearer mauvais-jeton"}, "invalide"),
                              ({"Authorization": "Basic " + stack.conseiller_token}, "invalide")):
        status, h, body = http_get(url, headers)
        assert status == 401, (headers, status, body)
        data = json.loads(body)
        assert expected in data["erreur"] and "Jeton conseiller" in data["erreur"]
        assert "Traceback" not in body and "slots" not in data


def test_api_erreurs_en_francais(stack):
    status, _, body = http_get(stack.web_url + "/api/conseiller/synthese/ZZZZ-ZZZZ", stack.auth())
    assert status == 404 and "Aucune conversation" in json.loads(body)["erreur"]
    # a session id (or anything that is not an 8-character number) is not a conversation number
    status, _, body = http_get(stack.web_url + "/api/conseiller/synthese/conversation-qui-n-existe-pas", stack.auth())
    assert status == 400 and "invalide" in json.loads(body)["erreur"]
    status, _, body = http_get(stack.web_url + "/api/conseiller/synthese/%3Cscript%3E", stack.auth())
    assert status == 400 and "invalide" in json.loads(body)["erreur"]
    status, _, body = http_get(stack.web_url + "/api/conseiller/fiche?q=", stack.auth())
    assert status == 400 and "Indiquez" in json.loads(body)["erreur"]
    status, _, body = http_get(stack.web_url + "/api/conseiller/fiche?q=xyzzyplouf", stack.auth())
    assert status == 404 and "Aucun métier ni dispositif" in json.loads(body)["erreur"]
    status, headers, body = http_get(stack.web_url + "/page-inexistante")
    assert status == 404 and json.loads(body)["erreur"] == "Page introuvable."
    assert headers["Content-Type"].startswith("application/json")


def test_fiche_metier_et_dispositif(stack):
    status, _, body = http_get(stack.web_url + "/api/conseiller/fiche?q=soudeur", stack.auth())
    assert status == 200, body
    sheet = json.loads(body)
    titles = [s["titre"] for s in sheet["sections"]]
    assert sheet["type"] == "metier" and "Accès et formation" in titles and "Comment démarrer" in titles
    assert sheet["sources"], "une fiche cite ses sources"
    status, _, body = http_get(stack.web_url + "/api/conseiller/fiche?q=PMSMP", stack.auth())
    sheet = json.loads(body)
    assert status == 200 and sheet["type"] == "dispositif" and "Pour qui" in [s["titre"] for s in sheet["sections"]]


def test_vue_conseiller_desactivee_sans_jeton_configure(stack):
    """Without CONSEILLER_TOKEN the conseiller API answers 503 (and the chat page is still served)."""
    with web_server(stack.rasa_port) as base:
        status, _, _ = http_get(base + "/")
        assert status == 200
        status, _, body = http_get(base + "/api/conseiller/synthese/abc", {"Authorization": "Bearer quelconque"})
        assert status == 503 and json.loads(body)["erreur"].startswith("Vue conseiller désactivée")


def test_bandeau_si_le_bot_est_injoignable(stack, new_page):
    """The page is served but Rasa does not answer: a clear French banner, and typing still works."""
    with web_server(free_port()) as base:
        page = new_page()
        page.goto(base + "/")
        banner = page.get_by_role("alert")
        banner.filter(has_text="Impossible de joindre Cap Industrie").wait_for(timeout=20_000)
        screenshot(page, "12-bot-injoignable")
        page.get_by_label("Votre message à Cap Industrie").fill("bonjour")
        page.get_by_label("Votre message à Cap Industrie").press("Enter")
        page.locator("#messages .msg--user").filter(has_text="bonjour").wait_for()
        assert page.locator("#messages .msg--bot").count() == 0
