#!/usr/bin/env python3
"""An independent Standard Webhooks verifier (Python standard library only), for WebhookSignatureTest.

Reads one JSON object per line: {"headers": {...}, "body": "...", "secret": "whsec_...", "now": seconds}
and prints "valid" or "invalid" per line. Written from the spec (https://www.standardwebhooks.com), not
from Raymon's Java code: signed content is "<webhook-id>.<webhook-timestamp>.<body>", the key is the
base64 after "whsec_", the signature HMAC-SHA256 in base64, several space-separated "v1,<sig>" allowed,
timestamps more than 5 minutes from now refused.
"""
import base64
import hashlib
import hmac
import json
import sys

TOLERANCE_SECONDS = 5 * 60


def verify(headers, body, secret, now):
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not msg_id or not timestamp or not signatures:
        return False
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs(now - ts) > TOLERANCE_SECONDS:
        return False
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    signed = f"{msg_id}.{timestamp}.{body}".encode("utf-8")
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")
    for candidate in signatures.split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


for line in sys.stdin:
    if line.strip():
        case = json.loads(line)
        print("valid" if verify(case["headers"], case["body"], case["secret"], case["now"]) else "invalid")
