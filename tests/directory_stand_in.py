"""A local stand-in of the public company directory ("Recherche d'entreprises"), on loopback.

It answers ``GET /search?q=<siret>`` the way the real API does, from a dict of companies the
test sets; ``fail`` makes it answer 500. Tests never reach the real network.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def company(siret, name, *, region="11", address=None, postcode="75011", city="PARIS 11"):
    """One search result as the directory shapes it, the establishment being the head office."""
    establishment = {
        "siret": siret,
        "adresse": address or f"12 RUE DE LA SANTE {postcode} {city}",
        "code_postal": postcode,
        "libelle_commune": city,
        "region": region,
    }
    return {
        "siren": siret[:9],
        "nom_complet": name,
        "siege": establishment,
        "matching_etablissements": [establishment],
    }


class DirectoryStandIn:
    def __init__(self):
        self.companies = {}
        self.fail = False
        self.requests = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlparse(self.path)
                query = parse_qs(url.query).get("q", [""])[0]
                stand_in.requests.append(query)
                if stand_in.fail or url.path != "/search":
                    self.send_response(500)
                    self.end_headers()
                    return
                found = stand_in.companies.get(query)
                body = json.dumps(
                    {"results": [found] if found else [], "total_results": int(bool(found))}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add(self, siret, name, **kwargs):
        self.companies[siret] = company(siret, name, **kwargs)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
