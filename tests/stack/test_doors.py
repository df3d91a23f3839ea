"""Closed by default, on the stack `make run` starts: each door is checked by its HTTP status."""
import json
import re
import socket
import subprocess
from pathlib import Path

from tests.stack.conftest import ROOT, Chat, http, run

EVIL = "https://evil.example"


def test_closed_doors(stack):
    sender = "f" * 32
    doors = {}
    # Rasa: no REST channel in credentials.yml
    doors["rasa REST webhook"] = http("POST", f"{stack.rasa_url}/webhooks/rest/webhook",
                                      {"Content-Type": "application/json"},
                                      json.dumps({"sender": sender, "message": "bonjour"}).encode())[0]
    # Rasa's HTTP API: no auth, a token in the query string, a JWT signed with another secret
    api = f"{stack.rasa_url}/conversations/{sender}/tracker"
    doors["rasa API sans jeton"] = http("GET", api)[0]
    doors["rasa API ?token=secret"] = http("GET", f"{api}?token={stack.jwt_secret}")[0]
    doors["rasa API JWT d'un autre secret"] = http("GET", api, stack.admin_headers("un-autre-secret-" * 3))[0]
    doors["rasa API JWT du serveur web"] = http("GET", api, stack.admin_headers())[0]
    # the browser's only way in is the web server
    doors["web REST webhook"] = http("POST", f"{stack.web_url}/webhooks/rest/webhook",
                                     {"Content-Type": "application/json"}, b'{"sender":"a","message":"b"}')[0]
    doors["web API Rasa"] = http("GET", f"{stack.web_url}/conversations/{sender}/tracker")[0]
    doors["web socket.io autre origine"] = http("GET", f"{stack.web_url}/socket.io/?EIO=4&transport=polling",
                                                {"Origin": EVIL})[0]
    doors["web socket.io même origine"] = http("GET", f"{stack.web_url}/socket.io/?EIO=4&transport=polling",
                                               {"Origin": stack.web_url})[0]
    doors["web synthèse sans jeton"] = http("GET", f"{stack.web_url}/api/conseiller/synthese/ZZZZ-ZZZZ")[0]
    print("\n[portes] " + json.dumps(doors, ensure_ascii=False))
    assert doors == {
        "rasa REST webhook": 404, "rasa API sans jeton": 401, "rasa API ?token=secret": 401,
        "rasa API JWT d'un autre secret": 401, "rasa API JWT du serveur web": 200,
        "web REST webhook": 404, "web API Rasa": 404, "web socket.io autre origine": 403,
        "web socket.io même origine": 200, "web synthèse sans jeton": 401}


def test_no_cors_for_another_origin(stack):
    for url in (f"{stack.rasa_url}/conversations/x/tracker", f"{stack.rasa_url}/socket.io/?EIO=4&transport=polling",
                f"{stack.web_url}/api/numero", f"{stack.web_url}/config.json"):
        _, headers, _ = http("OPTIONS", url, {"Origin": EVIL, "Access-Control-Request-Method": "GET"})
        allowed = {k.lower(): v for k, v in headers.items()}.get("access-control-allow-origin")
        assert allowed in (None, ""), (url, allowed)


def test_servers_listen_on_loopback_only(stack):
    """Rasa, the action server and the web page are not reachable on the machine's other addresses."""
    out = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    addresses = [a for a in out if ":" not in a and not a.startswith("127.")]
    for addr in addresses:
        for url in (stack.rasa_url, stack.action_url, stack.web_url):
            port = int(url.rsplit(":", 1)[1])
            s = socket.socket()
            s.settimeout(2)
            try:
                assert s.connect_ex((addr, port)) != 0, f"{addr}:{port} accepte des connexions"
            finally:
                s.close()


def test_jwt_secret_not_on_a_command_line(stack):
    for name in ("rasa", "web", "actions"):
        cmdline = Path(f"/proc/{stack.pid(name)}/cmdline").read_bytes().decode("utf-8", "replace")
        assert stack.jwt_secret not in cmdline, name


def test_number_given_to_conseiller_does_not_join_the_conversation(stack):
    async def go():
        chat = await Chat(stack).open()
        await chat.say("j'ai 19 ans et j'habite à Lille")
        status, _, body = http("POST", f"{stack.web_url}/api/numero", {"Content-Type": "application/json"},
                               json.dumps({"session_id": chat.session_id}).encode())
        number = json.loads(body)["numero"]
        await chat.close()
        # someone who knows the number opens "that" conversation: a new, empty one
        intruder = await Chat(stack, session_id=number).open()
        texts, _ = await intruder.say("quel est mon âge ?")
        await intruder.close()
        return chat.session_id, number, texts
    sender, number, texts = run(go())
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", number)
    assert stack.slots(sender).get("age") == "19"
    assert not stack.slots(number).get("age"), "the number must not give access to the profile"
    assert "19" not in " ".join(texts) and "Lille" not in " ".join(texts)
    status, _, body = http("GET", f"{stack.web_url}/api/conseiller/synthese/{number}",
                           {"Authorization": f"Bearer {stack.conseiller_token}"})
    assert status == 200 and "Lille" in body and sender not in body


def test_logs_carry_no_session_id_nor_message_text(stack):
    marker = "zebulon-" + "quartz"

    async def go():
        chat = await Chat(stack).open()
        await chat.say(f"je m'appelle {marker} et je cherche un métier")
        await chat.close()
        return chat.session_id
    sender = run(go())
    for name in ("web", "rasa", "actions"):
        text = (ROOT / "logs" / f"{name}.log").read_text(encoding="utf-8", errors="replace")
        assert sender not in text, f"logs/{name}.log contient l'identifiant de session"
        assert marker not in text, f"logs/{name}.log contient le texte du message"
