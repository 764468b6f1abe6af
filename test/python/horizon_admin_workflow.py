#!/usr/bin/env python3
"""An admin's everyday Horizon REST workflow, written the way community scripts talk to a real
Connection Server (Python `requests`, page/size with the HAS_MORE_RECORDS header, URL-encoded JSON
filters, BulkItemResponseInfo answers). It knows nothing of the lab: only the Horizon API.

    python3 horizon_admin_workflow.py BASE_URL PASSWORD [DOMAIN]

Prints one JSON object (what it did) on stdout; exits 1 with the reason on stderr when a step fails.
"""
import json
import sys

import requests

PAGE_SIZE = 1000


class Horizon:
    def __init__(self, base, username, password, domain):
        self.base = base.rstrip("/") + "/rest"
        self.session = requests.Session()
        r = self.session.post(self.base + "/login", json={"username": username, "password": password, "domain": domain}, timeout=30)
        r.raise_for_status()
        tokens = r.json()
        self.refresh_token = tokens["refresh_token"]
        self.session.headers.update({"Authorization": "Bearer " + tokens["access_token"], "Content-Type": "application/json"})

    def get(self, path, **params):
        r = self.session.get(self.base + path, params=params, timeout=60)
        if r.status_code >= 400:
            raise RuntimeError(f"GET {path}: {r.status_code} {r.json().get('error_message')}")
        return r

    def post(self, path, body=None, **params):
        r = self.session.post(self.base + path, params=params, data=json.dumps(body) if body is not None else None, timeout=60)
        if r.status_code >= 400:
            raise RuntimeError(f"POST {path}: {r.status_code} {r.json().get('error_message')}")
        return r

    def paged(self, path, flt=None):
        """Every record of a list, page by page, while the server says there are more."""
        out, page = [], 1
        params = {"size": PAGE_SIZE}
        if flt is not None:
            # quote(json.dumps(...)) as the widely copied Python module does; requests encodes the rest.
            params["filter"] = json.dumps(flt, separators=(",", ":"))
        while True:
            r = self.get(path, page=page, **params)
            out.extend(r.json())
            if "HAS_MORE_RECORDS" not in r.headers:
                return out, int(r.headers.get("X-TOTAL-COUNT", len(out))), page
            page += 1

    def logout(self):
        self.session.post(self.base + "/logout", json={"refresh_token": self.refresh_token}, timeout=30).raise_for_status()


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main():
    base, password = sys.argv[1], sys.argv[2]
    domain = sys.argv[3] if len(sys.argv) > 3 else "CORP"
    hv = Horizon(base, "administrator", password, domain)
    done = {}

    # 1. Pools.
    pools = hv.get("/inventory/v1/desktop-pools").json()
    check(len(pools) > 0, "no desktop pools")
    done["pools"] = sorted(p["name"] for p in pools)

    # 2. Every machine whose name starts with KW (both knowledge-worker pools), 1,000 a page.
    machines, total, pages = hv.paged("/inventory/v1/machines", {"type": "StartsWith", "name": "name", "value": "KW"})
    check(len(machines) == total, f"paged {len(machines)} machines, X-TOTAL-COUNT says {total}")
    check(len(machines) > 1000, f"expected more than 1,000 KW machines, got {len(machines)}")
    check(len({m["id"] for m in machines}) == len(machines), "a machine came twice")
    check(all(m["name"].upper().startswith("KW") for m in machines), "the filter let other machines through")
    done["kwMachines"] = len(machines)
    done["kwPages"] = pages

    # 3. Three available machines into maintenance.
    chosen = [m["id"] for m in machines if m["state"] == "AVAILABLE"][:3]
    check(len(chosen) == 3, "fewer than three available KW machines")
    items = hv.post("/inventory/v1/machines/action/enter-maintenance", chosen).json()
    check([i["status_code"] for i in items] == [200, 200, 200], f"enter-maintenance: {items}")
    for mid in chosen:
        m = hv.get(f"/inventory/v1/machines/{mid}").json()
        check(m["state"] == "MAINTENANCE" and m["managed_machine_data"]["in_maintenance_mode"], f"{m['name']} is {m['state']}")
    done["maintenance"] = chosen

    # 4. Log off every session of one user (a help-desk classic: the user is stuck).
    sessions, _, _ = hv.paged("/inventory/v1/sessions")
    check(len(sessions) > 0, "no sessions to work with")
    user = sessions[0]["user_id"]
    theirs, _, _ = hv.paged("/inventory/v1/sessions", {"type": "Equals", "name": "user_id", "value": user})
    check(len(theirs) >= 1, "the user's sessions are not found by user_id")
    items = hv.post("/inventory/v1/sessions/action/logoff", [s["id"] for s in theirs], forced="true").json()
    check(all(i["status_code"] == 200 for i in items), f"logoff: {items}")
    left, _, _ = hv.paged("/inventory/v1/sessions", {"type": "Equals", "name": "user_id", "value": user})
    check(left == [], f"{len(left)} session(s) of {user} still there")
    done["loggedOffUser"] = user
    done["loggedOffSessions"] = [s["id"] for s in theirs]

    # 5. A message to a few connected sessions.
    connected = [s["id"] for s in sessions if s["session_state"] == "CONNECTED" and s["user_id"] != user][:3]
    check(len(connected) > 0, "no connected sessions")
    items = hv.post("/inventory/v1/sessions/action/send-message", {"message": "Maintenance at 18:00, please save your work.", "message_type": "WARNING", "session_ids": connected}).json()
    check(all(i["status_code"] == 200 for i in items), f"send-message: {items}")
    done["messaged"] = connected

    # 6. Logon segments of a session (Help Desk): the total is v1.d, in ms.
    logons = []
    for s in sessions:
        if s["user_id"] == user:
            continue
        r = hv.session.get(hv.base + "/helpdesk/v1/logon-timing/logon-segment", params={"session_id": s["id"]}, timeout=30)
        if r.status_code == 404:
            continue  # still logging on, or it predates the lab
        r.raise_for_status()
        logons.append(json.loads(r.json()["logon_segment_data"])["v1"]["d"])
        if len(logons) >= 5:
            break
    check(len(logons) > 0 and all(ms > 0 for ms in logons), f"logon segments: {logons}")
    done["logonMs"] = logons

    hv.logout()
    r = requests.get(hv.base + "/inventory/v1/desktop-pools", headers={"Authorization": hv.session.headers["Authorization"]}, timeout=30)
    check(r.status_code == 401, f"the access token still works after logout ({r.status_code})")
    print(json.dumps(done))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # noqa: BLE001 - one line for the test runner to show
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
