#!/usr/bin/env python3
"""abuse.py - hostile clients against a running `mvroad serve` (issue 9,
item 5). Python standard library only. Run by tests/cli/test_web_abuse.sh:

    abuse.py BASE_URL LIAISON_LOGIN LIAISON_PASSWORD

Each check prints nothing when it holds and "FAIL: ..." when it does not;
the exit status is 1 when any failed.
"""
import http.client
import io
import re
import socket
import sys
import time
import urllib.parse
import zipfile

base, liaison, liaison_pw = sys.argv[1:4]
u = urllib.parse.urlsplit(base)
HOST, PORT = u.hostname, u.port
fails = 0
passes = 0


def check(cond, label):
    global fails, passes
    if cond:
        passes += 1
    else:
        fails += 1
        print("FAIL: " + label, flush=True)


def request(method, path, headers=None, body=None, source=None, timeout=5):
    """One request on a fresh connection; (status, headers, body)."""
    c = http.client.HTTPConnection(HOST, PORT, timeout=timeout,
                                   source_address=(source, 0) if source else None)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        c.close()


def raw(data, source=None, timeout=5):
    """Send raw bytes, return what comes back before the close ('' if
    the connection was closed or reset without an answer)."""
    s = socket.create_connection((HOST, PORT), timeout=timeout,
                                 source_address=(source, 0) if source else None)
    out = b""
    try:
        s.sendall(data)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except (ConnectionResetError, BrokenPipeError, socket.timeout):
        pass
    finally:
        s.close()
    return out


def status_of(resp):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", resp)
    return int(m.group(1)) if m else None


# --- oversized bodies, headers, URL; header floods -------------------------
st, _, _ = request("POST", "/api/v1/submissions", {"Content-Type": "text/csv",
                   "Content-Length": str(64 * 1024 * 1024)}, body=b"x")
check(st in (401, 413), f"64 MiB announced body: {st}, expected 401/413")
st, _, _ = request("GET", "/entries", {"Content-Length": "100"}, body=b"x" * 100)
check(st == 413, f"body on a GET route: {st}, expected 413")
resp = raw(b"GET /entries?q=" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
check(status_of(resp) in (414, None), f"20 KB URL: {status_of(resp)}, expected 414 or closed")
resp = raw(b"GET /entries?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
check(status_of(resp) == 414, f"9 KB URL: {status_of(resp)}, expected 414")
resp = raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 40000 + b"\r\n\r\n")
check(status_of(resp) in (431, None), f"40 KB header: {status_of(resp)}, expected 431 or closed")
flood = b"".join(b"X-H%d: v\r\n" % i for i in range(5000))
resp = raw(b"GET / HTTP/1.1\r\nHost: x\r\n" + flood + b"\r\n")
check(status_of(resp) in (431, None), f"5,000 headers: {status_of(resp)}, expected 431 or closed")
st, _, _ = request("GET", "/")
check(st == 200, "the server still answers after the floods")

# --- formula injection in the downloads -------------------------------------
st, _, body = request("GET", "/entries.csv?q=formulaprobe")
text = body.decode("utf-8", "replace")
check(st == 200 and "formulaprobe" in text, f"CSV download of the probe rows: {st}")
for bad in ("=HYPERLINK", "+SUM", "-2+3", "@SUM"):
    # every cell that starts with a formula character is quoted and prefixed
    # with an apostrophe
    check(re.search(r'(^|,)' + re.escape(bad), text, re.M) is None,
          f"CSV download: a cell starts with {bad!r}")
    check(("\"'" + bad) in text, f"CSV download: {bad!r} not neutralised as '{bad}")
st, _, body = request("GET", "/entries.xlsx?q=formulaprobe")
check(st == 200, f"XLSX download: {st}")
try:
    z = zipfile.ZipFile(io.BytesIO(body))
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
    xml = "".join(z.read(n).decode() for n in sheets)
    check("<f>" not in xml and "<f " not in xml, "XLSX download holds a formula element")
    strings = xml + (z.read("xl/sharedStrings.xml").decode()
                     if "xl/sharedStrings.xml" in z.namelist() else "")
    check("HYPERLINK" in strings, "XLSX download: the probe cell is there, as text")
except zipfile.BadZipFile:
    check(False, "XLSX download is not a zip file")

# --- session fixation --------------------------------------------------------
fixed = "a" * 64
st, _, _ = request("GET", "/submit", {"Cookie": "mvr_session=" + fixed})
check(st == 401, f"an invented session cookie is not accepted: {st}")
st, hdrs, body = request("GET", "/login", {"Cookie": "mvr_session=" + fixed})
cookies = [v for k, v in hdrs if k.lower() == "set-cookie"]
signin = next((c.split(";")[0] for c in cookies if c.startswith("mvr_signin=")), None)
m = re.search(rb'name="csrf" value="([^"]+)"', body)
check(signin is not None and m is not None, "the sign-in form sets its cookie and token")
if signin and m:
    form = urllib.parse.urlencode({"login": liaison, "password": liaison_pw,
                                   "csrf": m.group(1).decode()})
    st, hdrs, _ = request("POST", "/login", {
        "Cookie": f"mvr_session={fixed}; {signin}", "Origin": base,
        "Content-Type": "application/x-www-form-urlencoded"}, body=form)
    check(st == 303, f"sign-in with a planted cookie: {st}, expected 303")
    # the planted cookie is cleared, then the new one set: a browser keeps
    # the last
    new = [v for k, v in hdrs if k.lower() == "set-cookie" and v.startswith("mvr_session=")]
    value = new[-1].split(";")[0].split("=", 1)[1] if new else ""
    check(len(value) == 64 and value != fixed,
          "sign-in issues a new session id (not the planted one)")
    st, _, _ = request("GET", "/submit", {"Cookie": "mvr_session=" + fixed})
    check(st == 401, f"the planted cookie is still not a session after sign-in: {st}")
    st, _, _ = request("GET", "/submit", {"Cookie": "mvr_session=" + value})
    check(st == 200, f"the issued session works: {st}")

    # --- IDOR: a liaison of JTC 1/SC 29 submits for another organisation --
    st, hdrs, body = request("GET", "/submit", {"Cookie": "mvr_session=" + value})
    m = re.search(rb'name="csrf" value="([^"]+)"', body)
    tok = m.group(1).decode() if m else ""
    csv = ("SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"
           "W3C,WebIDOR API,Standard,Other org,Published,Enabling Technology,x.\n")
    st, _, body = request("POST", "/api/v1/submissions", {
        "Cookie": "mvr_session=" + value, "Origin": base, "X-CSRF-Token": tok,
        "Content-Type": "text/csv"}, body=csv.encode())
    check(st == 422 and b"other_organisation" in body,
          f"liaison of JTC 1/SC 29 submitting a W3C row: {st}, expected 422 other_organisation")
    st, _, body = request("POST", "/api/v1/submissions?org=W3C", {
        "Cookie": "mvr_session=" + value, "Origin": base, "X-CSRF-Token": tok,
        "Content-Type": "text/csv"}, body=csv.encode())
    check(st in (400, 403, 422), f"liaison passing org=W3C: {st}, expected 400/403/422")
    # CSRF: a foreign Origin, and no token
    st, _, _ = request("POST", "/api/v1/submissions?dry_run=1", {
        "Cookie": "mvr_session=" + value, "Origin": "http://evil.example",
        "X-CSRF-Token": tok, "Content-Type": "text/csv"}, body=csv.encode())
    check(st == 403, f"foreign Origin: {st}, expected 403")
    st, _, _ = request("POST", "/api/v1/submissions?dry_run=1", {
        "Cookie": "mvr_session=" + value, "Origin": base,
        "Content-Type": "text/csv"}, body=csv.encode())
    check(st == 403, f"no CSRF token: {st}, expected 403")

# --- many connections from one address --------------------------------------
idle = []
refused = 0
for i in range(40):
    try:
        s = socket.create_connection((HOST, PORT), timeout=2, source_address=("127.0.0.3", 0))
        idle.append(s)
    except OSError:
        refused += 1
time.sleep(0.3)
closed = 0
for s in idle:
    s.setblocking(False)
    try:
        if s.recv(1) == b"":
            closed += 1
    except BlockingIOError:
        pass
    except OSError:
        closed += 1
check(refused + closed >= 40 - 16,
      f"40 connections from one address: {refused + closed} refused/closed, expected >= 24")
for s in idle:
    s.close()

# --- slowloris: 1,000 slow clients from 127.0.0.2 ---------------------------
slow = []
for i in range(1000):
    try:
        s = socket.socket()
        s.setblocking(False)
        s.bind(("127.0.0.2", 0))
        s.connect_ex((HOST, PORT))
        slow.append(s)
    except OSError:
        break
check(len(slow) == 1000, f"opened {len(slow)} slow connections")
time.sleep(0.3)
for round_ in range(3):
    for s in slow:
        try:
            s.send(b"GET / HTTP/1.1\r\nHost: x\r\n" if round_ == 0 else b"X-a: b\r\n")
        except OSError:
            pass
    t = time.monotonic()
    try:
        st, _, _ = request("GET", "/entries?q=metaverse", source="127.0.0.1", timeout=5)
    except OSError as e:
        st = str(e)
    dt = time.monotonic() - t
    check(st == 200 and dt < 1.0,
          f"slowloris round {round_}: normal request {st} in {dt:.3f} s, expected 200 within 1 s")
    time.sleep(0.5)
for s in slow:
    s.close()

print(f"abuse: {passes} passed, {fails} failed")
sys.exit(1 if fails else 0)
