"""Web front of Cap Industrie: the public chat page and the conseiller view.

    python -m bot.server --host 127.0.0.1 --port 8080

Environment (set by scripts/run.sh):
    RASA_PORT          port of the Rasa server on 127.0.0.1 (default 5005)
    RASA_URL           Rasa as seen by this server (default http://127.0.0.1:$RASA_PORT); several
                       instances sharing one tracker store and one lock store: comma-separated, each
                       conversation's socket always goes to the same one (see pick_upstream)
    RASA_JWT_SECRET    secret of the JWTs this server signs for Rasa's HTTP API (sent in the
                       Authorization header, never in a URL); server-side only
    CONSEILLER_TOKEN   token of the conseiller view; unset = conseiller view disabled (503)
    ALLOWED_ORIGINS    origins allowed to open the chat socket (comma-separated; default: this server's
                       own origin, from the Host header)
    CAP_CONVERSATION_SECRET, HANDOFF_DB   conversation numbers (bot/numbers.py)
    RETENTION_DAYS     how long conversations are kept (default 30); the page forgets its own after it

The browser reaches only this server: the page, its files, /socket.io (proxied to Rasa's socket.io
channel, after checking the page's origin), /api/numero (the conversation number of the page's
session) and the conseiller API (synthesis of a conversation found by its number, argument sheets),
which reads Rasa's trackers with a JWT. Every error is a short JSON message in French, never a
traceback. The access log has no query strings, no session ids and no message text.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Deque, Dict, Optional
from urllib.parse import quote, urlencode

import jwt
from aiohttp import ClientError, ClientSession, ClientTimeout, WSMsgType, web
from aiohttp.abc import AbstractAccessLogger

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `actions` is a sibling package
    sys.path.insert(0, str(ROOT))

from bot.numbers import DEFAULT_HANDOFF_DB, HandoffTable, conversation_number, load_secret, normalise_number

STATIC_DIR = Path(__file__).resolve().parent / "static"
SESSION_ID = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")
MAX_SOCKET_FRAME = 64 * 1024
MAX_QUERY = 200
AUTH_WINDOW_S = 60.0
AUTH_MAX_FAILURES = 20

log = logging.getLogger("cap_industrie.web")

SETTINGS_KEY = web.AppKey("settings", object)
HTTP_KEY = web.AppKey("http", object)
WS_HTTP_KEY = web.AppKey("ws_http", object)
HANDOFF_KEY = web.AppKey("handoff", object)
FAILURES_KEY = web.AppKey("failures", object)


@dataclass(frozen=True)
class Settings:
    rasa_url: str  # the first instance; all of them in rasa_urls
    rasa_jwt_secret: str
    conseiller_token: str
    conversation_secret: bytes = b""
    handoff_db: Path = DEFAULT_HANDOFF_DB
    allowed_origins: tuple = ()
    retention_days: int = 30
    static_dir: Path = STATIC_DIR
    rasa_urls: tuple = ()

    @classmethod
    def from_env(cls, env: Optional[Dict[str, str]] = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        port = (env.get("RASA_PORT") or "5005").strip()
        urls = tuple(u.strip().rstrip("/") for u in (env.get("RASA_URL") or f"http://127.0.0.1:{port}").split(",")
                     if u.strip())
        rasa_url = urls[0]
        origins = tuple(o.strip().rstrip("/") for o in (env.get("ALLOWED_ORIGINS") or "").split(",") if o.strip())
        return cls(
            rasa_url=rasa_url,
            rasa_jwt_secret=env.get("RASA_JWT_SECRET") or "",
            conseiller_token=env.get("CONSEILLER_TOKEN") or "",
            conversation_secret=load_secret(env),
            handoff_db=Path(env.get("HANDOFF_DB") or DEFAULT_HANDOFF_DB),
            allowed_origins=origins,
            retention_days=retention_days(env),
            rasa_urls=urls,
        )

    @property
    def csp(self) -> str:
        return "; ".join([
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ])


def retention_days(env: Dict[str, str]) -> int:
    try:
        return max(1, int(env.get("RETENTION_DAYS") or 30))
    except ValueError:
        return 30


# -- errors ------------------------------------------------------------------------------------------
class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: Optional[Dict[str, str]] = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


GENERIC = {
    400: "Requête invalide.",
    401: "Authentification requise.",
    403: "Accès refusé.",
    404: "Page introuvable.",
    405: "Méthode non autorisée pour cette adresse.",
    413: "Requête trop volumineuse.",
    429: "Trop de tentatives : patientez une minute avant de réessayer.",
}


def json_error(status: int, message: str, headers: Optional[Dict[str, str]] = None) -> web.Response:
    return web.json_response({"erreur": message, "statut": status}, status=status, headers=headers,
                             dumps=lambda o: json.dumps(o, ensure_ascii=False))


@web.middleware
async def errors_middleware(request: web.Request, handler):
    try:
        return await handler(request)
    except ApiError as exc:
        return json_error(exc.status, exc.message, exc.headers)
    except web.HTTPException as exc:
        if exc.status < 400:  # redirects and the like are not errors
            raise
        return json_error(exc.status, GENERIC.get(exc.status, "La requête n'a pas pu aboutir."))
    except asyncio.CancelledError:
        raise
    except Exception:  # never a traceback to the client; the log keeps it
        log.exception("erreur inattendue sur %s %s", request.method, request.path)
        return json_error(500, "Erreur interne du serveur Cap Industrie. Réessayez dans un instant.")


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    settings: Settings = request.app[SETTINGS_KEY]
    h = response.headers
    h["Content-Security-Policy"] = settings.csp
    h["X-Content-Type-Options"] = "nosniff"
    h["X-Frame-Options"] = "DENY"
    h["Referrer-Policy"] = "no-referrer"
    h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    h["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.path.startswith("/api/"):
        h["Cache-Control"] = "no-store"
    elif "Cache-Control" not in h:
        h["Cache-Control"] = "no-cache"


# -- pages -------------------------------------------------------------------------------------------
def _page(name: str):
    async def handler(request: web.Request) -> web.StreamResponse:
        path = request.app[SETTINGS_KEY].static_dir / name
        return web.FileResponse(path, headers={"Content-Type": "text/html; charset=utf-8"})
    return handler


def browser_config(settings: Settings) -> Dict[str, Any]:
    """What the page needs. Nothing secret: no token of any kind; the socket is this server's own."""
    return {"socketPath": "/socket.io", "retentionDays": settings.retention_days}


async def config_js(request: web.Request) -> web.Response:
    cfg = json.dumps(browser_config(request.app[SETTINGS_KEY]), ensure_ascii=True)
    return web.Response(text=f"window.CAP_CONFIG = Object.freeze({cfg});\n",
                        content_type="application/javascript", charset="utf-8")


async def config_json(request: web.Request) -> web.Response:
    return web.json_response(browser_config(request.app[SETTINGS_KEY]))


async def health(request: web.Request) -> web.Response:
    return web.json_response({"statut": "ok"})


# -- conseiller API ------------------------------------------------------------------------------------
def require_conseiller(request: web.Request) -> None:
    settings: Settings = request.app[SETTINGS_KEY]
    if not settings.conseiller_token:
        raise ApiError(503, "Vue conseiller désactivée : le serveur a été démarré sans CONSEILLER_TOKEN. "
                            "Définissez CONSEILLER_TOKEN puis relancez le serveur.")
    failures: Dict[str, Deque[float]] = request.app[FAILURES_KEY]
    who = request.remote or "?"
    now = time.monotonic()
    recent = failures.setdefault(who, collections.deque())
    while recent and now - recent[0] > AUTH_WINDOW_S:
        recent.popleft()
    if len(recent) >= AUTH_MAX_FAILURES:
        raise ApiError(429, GENERIC[429], {"Retry-After": str(int(AUTH_WINDOW_S))})
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("utf-8"), settings.conseiller_token.encode("utf-8"))
    if not ok:
        recent.append(now)
        message = ("Jeton conseiller manquant : saisissez votre jeton pour accéder aux synthèses."
                   if not given.strip() else "Jeton conseiller invalide : vérifiez-le et réessayez.")
        raise ApiError(401, message, {"WWW-Authenticate": 'Bearer realm="conseiller"'})
    if not recent:
        failures.pop(who, None)


_KB_LOCK = asyncio.Lock()


async def knowledge():
    """The knowledge base (loaded once, off the event loop). 503 if it cannot be loaded."""
    async with _KB_LOCK:
        try:
            from actions.kb.loader import get_knowledge
            return await asyncio.get_running_loop().run_in_executor(None, get_knowledge)
        except Exception:
            log.exception("base de connaissances indisponible")
            raise ApiError(503, "La base de connaissances est indisponible pour le moment "
                                "(voir les journaux du serveur).")


async def fetch_tracker(request: web.Request, conversation_id: str) -> Dict[str, Any]:
    settings: Settings = request.app[SETTINGS_KEY]
    http: ClientSession = request.app[HTTP_KEY]
    url = f"{settings.rasa_url}/conversations/{quote(conversation_id, safe='')}/tracker"
    try:
        async with http.get(url, headers=rasa_auth_headers(settings)) as resp:
            if resp.status in (401, 403):
                log.error("Rasa refuse l'accès à son API (HTTP %s) : vérifiez RASA_JWT_SECRET", resp.status)
                raise ApiError(502, "Le serveur web n'a pas accès à l'API du bot (secret RASA_JWT_SECRET).")
            if resp.status == 409:
                raise ApiError(503, "Le bot est en train de charger son modèle : réessayez dans un instant.")
            if resp.status != 200:
                log.error("Rasa a répondu HTTP %s pour le tracker", resp.status)
                raise ApiError(502, "Le serveur du bot a renvoyé une erreur : réessayez dans un instant.")
            return await resp.json(content_type=None)
    except (ClientError, asyncio.TimeoutError, ValueError) as exc:
        log.error("Rasa injoignable (%s) : %s", settings.rasa_url, exc.__class__.__name__)
        raise ApiError(502, "Le serveur du bot (Rasa) ne répond pas : vérifiez qu'il est démarré.")


def rasa_auth_headers(settings: Settings) -> Dict[str, str]:
    """A short-lived admin JWT for Rasa's HTTP API, in the Authorization header (never in the URL)."""
    if not settings.rasa_jwt_secret:
        return {}
    now = int(time.time())
    token = jwt.encode({"user": {"username": "cap-industrie-web", "role": "admin"}, "iat": now, "exp": now + 60},
                       settings.rasa_jwt_secret, algorithm="HS256")
    return {"Authorization": f"Bearer {token}"}


def clean_number(raw: str) -> str:
    number = normalise_number(raw)
    if not number:
        raise ApiError(400, "Numéro de conversation invalide : il a 8 caractères, comme K7F3-QZ9X ; "
                            "copiez-le tel qu'il s'affiche sous la discussion.")
    return number


async def synthese(request: web.Request) -> web.StreamResponse:
    require_conseiller(request)
    number = clean_number(request.match_info.get("conversation_id", ""))
    not_found = ApiError(404, f"Aucune conversation trouvée avec le numéro « {number} ». "
                              "Vérifiez le numéro affiché sous la fenêtre de discussion.")
    handoff: HandoffTable = request.app[HANDOFF_KEY]
    sender = await asyncio.get_running_loop().run_in_executor(None, handoff.lookup, number)
    if not sender:
        raise not_found
    tracker = await fetch_tracker(request, sender)
    events = tracker.get("events") or []
    if not any(isinstance(e, dict) and e.get("event") == "user" for e in events):
        raise not_found
    kb = await knowledge()
    from actions.synthesis import build_synthesis
    from .fiche import synthesis_json

    syn = build_synthesis(tracker.get("slots") or {}, kb, number)
    cid = number
    if request.query.get("format", "").lower() in ("md", "markdown"):
        return web.Response(
            text=syn.to_markdown(), content_type="text/markdown", charset="utf-8",
            headers={"Content-Disposition": f'attachment; filename="synthese-cap-industrie-{cid[:40]}.md"'})
    data = synthesis_json(syn, kb)
    data["vide"] = syn.is_empty
    return web.json_response(data, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def fiche(request: web.Request) -> web.Response:
    require_conseiller(request)
    q = (request.query.get("q") or "").strip()
    if not q:
        raise ApiError(400, "Indiquez un métier ou un dispositif à rechercher.")
    if len(q) > MAX_QUERY:
        raise ApiError(400, "Recherche trop longue : quelques mots suffisent.")
    kb = await knowledge()
    from .fiche import find_sheet

    sheet = find_sheet(kb, q)
    if sheet is None:
        raise ApiError(404, f"Aucun métier ni dispositif ne correspond à « {q} ». "
                            "Essayez un autre mot (ex. « soudeur », « PMSMP », « apprentissage »).")
    return web.json_response(sheet, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def catalogue(request: web.Request) -> web.Response:
    require_conseiller(request)
    kb = await knowledge()
    from .fiche import catalogue as build

    return web.json_response(build(kb), dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def verifier(request: web.Request) -> web.Response:
    require_conseiller(request)
    return web.json_response({"ok": True, "message": "Jeton accepté."},
                             dumps=lambda o: json.dumps(o, ensure_ascii=False))


# -- the page's conversation number -------------------------------------------------------------------
async def numero(request: web.Request) -> web.Response:
    """POST {"session_id": "…"} -> {"numero": "K7F3-QZ9X"}: what the person gives a conseiller."""
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "Requête invalide : un objet JSON est attendu.")
    sid = body.get("session_id") if isinstance(body, dict) else None
    if not isinstance(sid, str) or not SESSION_ID.match(sid):
        raise ApiError(400, "Requête invalide : identifiant de session manquant ou mal formé.")
    settings: Settings = request.app[SETTINGS_KEY]
    number = conversation_number(settings.conversation_secret, sid)
    handoff: HandoffTable = request.app[HANDOFF_KEY]
    await asyncio.get_running_loop().run_in_executor(None, handoff.register, number, sid)
    return web.json_response({"numero": number})


# -- /socket.io, proxied to Rasa ----------------------------------------------------------------------
def origin_allowed(request: web.Request) -> bool:
    """A browser always sends Origin on a WebSocket or cross-site request; it must be the page's own."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser (tests, monitoring): nothing to protect against here
    allowed = request.app[SETTINGS_KEY].allowed_origins or (f"{request.scheme}://{request.host}",)
    return origin.rstrip("/") in allowed


def pick_upstream(settings: Settings, route_key: str, websocket: bool = True) -> str:
    """The Rasa instance of a conversation: the page sends its conversation number (not a secret) as `r`
    in the socket.io URL, so every socket of a conversation (reconnections, other tabs) reaches the same
    instance. A brand-new conversation (no number yet) on a WebSocket goes to any instance; HTTP
    long-polling without `r` always to the first (its requests must all reach the same one)."""
    urls = settings.rasa_urls or (settings.rasa_url,)
    if len(urls) == 1:
        return urls[0]
    if route_key:
        digest = hashlib.sha256(route_key.encode("utf-8")).digest()
        return urls[int.from_bytes(digest[:4], "big") % len(urls)]
    return urls[secrets.randbelow(len(urls))] if websocket else urls[0]


def _upstream(settings: Settings, request: web.Request) -> str:
    query = [(k, v) for k, v in request.query.items() if k != "r"]
    websocket = request.headers.get("Upgrade", "").lower() == "websocket"
    base = pick_upstream(settings, request.query.get("r", "")[:32], websocket)
    return f"{base}{request.path}" + (f"?{urlencode(query)}" if query else "")


async def socketio_proxy(request: web.Request) -> web.StreamResponse:
    if not origin_allowed(request):
        raise ApiError(403, "Origine refusée : la discussion ne s'ouvre que depuis la page de Cap Industrie.")
    settings: Settings = request.app[SETTINGS_KEY]
    url = _upstream(settings, request)
    if request.headers.get("Upgrade", "").lower() == "websocket":
        return await _proxy_websocket(request, url)
    http: ClientSession = request.app[HTTP_KEY]
    body = await request.read()
    headers = {k: v for k, v in request.headers.items() if k.lower() in ("content-type", "accept")}
    try:
        async with http.request(request.method, url, data=body or None, headers=headers) as resp:
            data = await resp.read()
            return web.Response(body=data, status=resp.status,
                                headers={k: v for k, v in resp.headers.items() if k.lower() == "content-type"})
    except (ClientError, asyncio.TimeoutError):
        raise ApiError(502, "Le serveur du bot ne répond pas pour le moment : nouvelle tentative automatique.")


async def _proxy_websocket(request: web.Request, url: str) -> web.StreamResponse:
    session: ClientSession = request.app[WS_HTTP_KEY]
    try:
        upstream = await session.ws_connect(url.replace("http://", "ws://", 1).replace("https://", "wss://", 1),
                                            max_msg_size=MAX_SOCKET_FRAME * 4, autoping=True)
    except (ClientError, asyncio.TimeoutError, OSError):
        raise ApiError(502, "Le serveur du bot ne répond pas pour le moment : nouvelle tentative automatique.")
    browser = web.WebSocketResponse(max_msg_size=MAX_SOCKET_FRAME, autoping=True)
    await browser.prepare(request)

    async def pump(src, dst) -> None:
        async for msg in src:
            if msg.type == WSMsgType.TEXT:
                await dst.send_str(msg.data)
            elif msg.type == WSMsgType.BINARY:
                await dst.send_bytes(msg.data)
            else:  # close, error
                break

    tasks = [asyncio.ensure_future(pump(browser, upstream)), asyncio.ensure_future(pump(upstream, browser))]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for t in tasks:
            t.cancel()
        await upstream.close()
        await browser.close()
    return browser


# -- access log: no query string, no session id, no conversation number, no message text --------------
_NUMBER_IN_PATH = re.compile(r"^(/api/conseiller/synthese/)[^/?]+")


class AccessLogger(AbstractAccessLogger):
    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        path = _NUMBER_IN_PATH.sub(r"\1<numéro>", request.path)
        self.logger.info('%s "%s %s" %s %.3fs', request.remote, request.method, path, response.status, time)


# -- application -------------------------------------------------------------------------------------
async def _start_http(app: web.Application) -> None:
    app[HTTP_KEY] = ClientSession(timeout=ClientTimeout(total=15))
    app[WS_HTTP_KEY] = ClientSession(timeout=ClientTimeout(total=None, sock_connect=5))


async def _stop_http(app: web.Application) -> None:
    await app[HTTP_KEY].close()
    await app[WS_HTTP_KEY].close()


def create_app(settings: Optional[Settings] = None) -> web.Application:
    settings = settings or Settings.from_env()
    app = web.Application(middlewares=[errors_middleware], client_max_size=64 * 1024)
    app[SETTINGS_KEY] = settings
    app[FAILURES_KEY] = {}
    app[HANDOFF_KEY] = HandoffTable(settings.handoff_db)
    app.on_response_prepare.append(security_headers)
    app.on_startup.append(_start_http)
    app.on_cleanup.append(_stop_http)
    app.router.add_get("/", _page("index.html"))
    app.router.add_get("/conseiller", _page("conseiller.html"))
    app.router.add_get("/config.js", config_js)
    app.router.add_get("/config.json", config_json)
    app.router.add_get("/sante", health)
    app.router.add_post("/api/numero", numero)
    app.router.add_route("GET", "/socket.io/", socketio_proxy)
    app.router.add_route("POST", "/socket.io/", socketio_proxy)
    app.router.add_get("/api/conseiller/verifier", verifier)
    app.router.add_get("/api/conseiller/synthese/{conversation_id}", synthese)
    app.router.add_get("/api/conseiller/fiche", fiche)
    app.router.add_get("/api/conseiller/catalogue", catalogue)
    app.router.add_static("/static/", settings.static_dir, show_index=False, follow_symlinks=False)
    return app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.server", description="Page web de Cap Industrie")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT") or 8080))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s  %(message)s")
    settings = Settings.from_env()
    if not settings.conseiller_token:
        log.warning("CONSEILLER_TOKEN absent : la vue conseiller est désactivée.")
    if not settings.rasa_jwt_secret:
        log.warning("RASA_JWT_SECRET absent : l'API Rasa est appelée sans authentification.")
    log.info("Rasa : %s (le navigateur passe par /socket.io de ce serveur)", settings.rasa_url)
    web.run_app(create_app(settings), host=args.host, port=args.port, print=None,
                access_log_class=AccessLogger)


if __name__ == "__main__":
    main()
